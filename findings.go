package zoomsig

import (
	"fmt"
	"strconv"
)

// Severity ranks a Finding.
type Severity int

const (
	// SeverityInfo is worth knowing; Zoom accepts the signature for it.
	SeverityInfo Severity = iota
	// SeverityWarning may make Zoom refuse the signature, or the join fail,
	// depending on the SDK and the meeting.
	SeverityWarning
	// SeverityError makes Zoom refuse the signature.
	SeverityError
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText writes the severity as its String, for JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one reason Zoom would refuse a signature, or a thing worth
// knowing about it. Code is a stable identifier (the Code* constants);
// Message says what is wrong in one sentence, naming the error Zoom shows;
// Fix says what to change in the code that made the signature. Neither
// ever holds the secret.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
}

// Finding codes, a stable contract. README.md lists each with its meaning.
const (
	CodeMalformed             = "malformed"              // not a well-formed signature of any kind
	CodeKeyOnly               = "key-only"               // a legacy signature of the key alone (Buffer.from(key, mn, …))
	CodeURLSafeHash           = "url-safe-hash"          // the legacy hash in the URL-safe alphabet
	CodeKeyMangled            = "key-mangled"            // a gsub over the whole string rewrote the key
	CodeKeyMismatch           = "key-mismatch"           // signed for another key
	CodeHashMismatch          = "hash-mismatch"          // the HMAC does not match the secret
	CodeRawMessageHMAC        = "raw-message-hmac"       // HMAC over the raw message, not its base64 (C# sample)
	CodeHexHash               = "hex-hash"               // base64 of the HMAC's hex string
	CodeTimestampSeconds      = "timestamp-seconds"      // a legacy timestamp in seconds
	CodeTimestampMilliseconds = "timestamp-milliseconds" // JWT times in milliseconds
	CodeClockAhead            = "clock-ahead"            // timestamp or iat in the future
	CodeExpired               = "expired"                // past its lifetime or exp
	CodeMeetingNumber         = "meeting-number"         // not a meeting number Zoom accepts
	CodeJWTExpWindow          = "jwt-exp-window"         // exp - iat outside MinExpiry..MaxExpiry
	CodeJWTAlg                = "jwt-alg"                // an alg other than HS256
	CodeRESTAPIJWT            = "rest-api-jwt"           // a REST-API JWT pasted as a signature
	CodeResponseObject        = "response-object"        // the endpoint's whole JSON response
	CodeHostRole              = "host-role"              // role 1, which starts the meeting
	CodeRole                  = "role"                   // a role other than 0 or 1
	CodeTooLong               = "too-long"               // over the Web SDK 1.x length limit
	CodeLegacyFormat          = "legacy-format"          // a legacy signature, which Web SDK 2.3+ does not take
	CodeMNNumber              = "mn-number"              // "mn" as a number, not a string
	CodeTokenExp              = "token-exp"              // "tokenExp" missing or unlike exp
	CodeMissingClaim          = "missing-claim"          // a claim the SDK needs is absent
	CodeJWTSegment            = "jwt-segment"            // one or two segments of a JWT
	CodeVideoSDKToken         = "video-sdk-token"        // a Video SDK token
	CodeVideoClaims           = "video-claims"           // Video SDK claims break Zoom's rules
	CodeUnverified            = "unverified"             // the HMAC went unchecked: no secret
	CodeInvalidCredentials    = "invalid-credentials"    // the key or secret given is unusable
	CodeInvalidOption         = "invalid-option"         // an option Diagnose does not take
	CodeSDKKeyClaim           = "sdk-key-claim"          // "sdkKey" in the payload, which SDK 5.0+ warns about
	CodeSDKVersion            = "sdk-version"            // the format does not fit the SDK version given
	CodeTimezoneOffset        = "timezone-offset"        // ahead by a whole number of quarter-hours: a time-zone mistake
	CodeJWTPadding            = "jwt-padding"            // a JWT segment padded with '='
	CodeExpiresSoon           = "expires-soon"           // less than five minutes left when judged
	CodeMisnamedClaim         = "misnamed-claim"         // a needed claim absent, a near-miss in its place
	CodeSecondsReadAsMS       = "seconds-read-as-ms"     // iat and exp about now / 1000: seconds given to a library that takes ms
	CodeNumberForm            = "number-form"            // a time or role as a float, in exponent form or as a string
	CodeJoinMismatch          = "join-mismatch"          // the token and the join call disagree
	CodeSecretWhitespace      = "secret-whitespace"      // the HMAC matches only with whitespace added to or removed from the secret
	CodeInvisibleCharacters   = "invisible-characters"   // a BOM, zero-width or other invisible character in the paste
	CodeOutsideAccount        = "outside-account"        // since 2 March 2026 a meeting of another account needs a ZAK or OBF token
	CodeSecretInToken         = "secret-in-token"        // a claim holds the secret
	CodeDuplicateClaim        = "duplicate-claim"        // a member written twice

	// Codes of Audit, about an endpoint rather than a signature.
	CodeOpenCORS         = "open-cors"         // a foreign origin's browsers may read the answers
	CodeHostTokenOpen    = "host-token-open"   // host tokens (role 1) for anonymous callers
	CodeMeetinglessToken = "meetingless-token" // a token without mn and role for {}, an empty or a text/plain body
	CodeLongLived        = "long-lived"        // the longest lifetime is honoured for anyone
	CodeNoRateLimit      = "no-rate-limit"     // a burst of requests all answered 200
	CodePlainHTTP        = "plain-http"        // http on a host other than loopback
	CodeErrorShape       = "error-shape"       // bad input not answered 4xx with JSON, or a redirect
	CodeProbeRefused     = "probe-refused"     // the probes were refused (401/403): no clean bill
)

type codeSpec struct {
	severity Severity
	fix      string
}

// codeTable is the one table of codes: each one's usual severity and its
// fix. Messages are written where each finding is found, with its
// evidence. Numbers in the fixes come from the rules' constants.
var codeTable = map[string]codeSpec{
	CodeMalformed:             {SeverityError, "Pass the signature your endpoint returns, exactly: a legacy signature is one base64 string; a Meeting SDK JWT is three base64url segments joined by '.'."},
	CodeKeyOnly:               {SeverityError, "Build the message from all four fields, e.g. Buffer.from(`${key}${meetingNumber}${timestamp}${role}`); Buffer.from(key, meetingNumber, …) ignores every argument after the key."},
	CodeURLSafeHash:           {SeverityError, "Encode the HMAC with standard base64 (Ruby: Base64.strict_encode64, not urlsafe_encode64); only the outer encoding may be URL-safe."},
	CodeKeyMangled:            {SeverityError, "Replace '-'/'_' in the hash alone, never in the joined string, or better encode the hash with standard base64 in the first place."},
	CodeKeyMismatch:           {SeverityError, "Sign with the credentials of the app the browser joins with (a Meeting SDK app's SDK key/secret, or Client ID/secret, for JWTs; a JWT app's API key/secret for legacy signatures), and pass the same key to join()."},
	CodeHashMismatch:          {SeverityError, "Check the secret (copy it again, without a trailing newline) and the recipe: HMAC-SHA256 over the base64 of key+meetingNumber+timestamp+role, in standard base64; for a JWT, HS256 over header.payload."},
	CodeRawMessageHMAC:        {SeverityError, "HMAC the base64 of the message, not the raw message: hash = base64(HMAC-SHA256(secret, base64(key+meetingNumber+timestamp+role)))."},
	CodeHexHash:               {SeverityError, "Base64-encode the raw 32-byte HMAC (Node: digest('base64'); PHP: hash_hmac(..., true)), not its hex string."},
	CodeTimestampSeconds:      {SeverityError, "Write the timestamp in milliseconds, back-dated 30 s: Date.now() - 30000, System.currentTimeMillis() - 30000, time() * 1000 - 30000."},
	CodeTimestampMilliseconds: {SeverityError, "Write iat and exp in seconds: Math.floor(Date.now() / 1000)."},
	CodeClockAhead:            {SeverityError, "Synchronise the signing server's clock (NTP) and back-date the timestamp or iat by 30 s, as zoomsig does by default; never add a time-zone offset to UTC."},
	CodeExpired:               {SeverityError, fmt.Sprintf("Sign each join just before it happens: a legacy signature lives %v after its timestamp, a JWT until its exp.", DefaultMaxAge)},
	CodeMeetingNumber:         {SeverityError, fmt.Sprintf("Sign the meeting number as %d to %d digits without spaces or dashes (NormalizeMeetingNumber) and pass the same number to join().", minMeetingDigits, maxMeetingDigits)},
	CodeJWTExpWindow:          {SeverityError, fmt.Sprintf("Set exp = iat + %s; Zoom's default is %d.", lifetimeWindow(), seconds(DefaultExpiry))},
	CodeJWTAlg:                {SeverityError, "Sign the JWT with HS256 and the SDK secret."},
	CodeRESTAPIJWT:            {SeverityError, "A REST-API JWT is not an SDK signature: make a Meeting SDK JWT (appKey, sdkKey, mn, role, iat, exp, tokenExp) with the SDK key and secret."},
	CodeResponseObject:        {SeverityError, "Pass the \"signature\" member of the endpoint's response to join(), not the whole response."},
	CodeHostRole:              {SeverityInfo, "Use role 0 to join; role 1 starts the meeting and works only for the meeting's host account (or with a ZAK token)."},
	CodeRole:                  {SeverityError, "Use role 0 (join as attendee) or 1 (start as host)."},
	CodeTooLong:               {SeverityError, fmt.Sprintf("Use the JWT app's API key (22 characters); Web SDK 1.x refuses signatures over %d characters.", maxLegacyLen)},
	CodeLegacyFormat:          {SeverityInfo, "Web SDK 2.3 and later and the Meeting SDKs take a Meeting SDK JWT signed with the SDK key/secret: see GenerateJWT."},
	CodeMNNumber:              {SeverityWarning, "Write mn as a string: String(meetingNumber)."},
	CodeTokenExp:              {SeverityWarning, "Set tokenExp equal to exp, as Zoom's sample does."},
	CodeMissingClaim:          {SeverityError, "Write every claim a Web Meeting SDK JWT carries: appKey, mn, role, iat, exp, tokenExp (and sdkKey for SDKs before 5.0)."},
	CodeJWTSegment:            {SeverityError, "Pass the whole token: header.payload.signature."},
	CodeVideoSDKToken:         {SeverityInfo, "A Video SDK token joins Video SDK sessions only; to join a Zoom meeting, make a Meeting SDK JWT."},
	CodeVideoClaims:           {SeverityError, fmt.Sprintf("Follow Zoom's Video SDK rules: role_type 0 or 1, tpc of 1 to %d characters (letters, digits, space and %s), user_key up to %d (or the older user_identity up to %d, never both), session_key up to %d, version 1, geo_regions from Zoom's list, cloud_recording_transcript_option 0 to %d, recording options on host tokens.", MaxSessionNameLen, tpcSymbols, MaxUserKeyLen, MaxUserIdentityLen, MaxSessionKeyLen, MaxTranscriptOption)},
	CodeUnverified:            {SeverityInfo, "Give the key and secret (ZOOM_SDK_KEY and ZOOM_SDK_SECRET for the command) to check the HMAC too."},
	CodeInvalidCredentials:    {SeverityWarning, "Check the key and secret given to the diagnosis: the diagnosis went on without them."},
	CodeInvalidOption:         {SeverityError, "Pass Diagnose only the options it takes (WithClock, WithLeeway, WithMaxAge, WithSDKVersion), with valid values."},
	CodeSDKKeyClaim:           {SeverityInfo, "Leave sdkKey out for SDK 5.0 and later: WithSDKKeyClaim(false) (zoomsig sign or serve --sdk-key-claim=false); appKey alone joins without the warning."},
	CodeSDKVersion:            {SeverityError, "Sign for the SDK the page loads: Web SDK 2.3 and later take a Meeting SDK JWT (GenerateJWT), Web SDK 1.x a legacy signature (Generate)."},
	CodeTimezoneOffset:        {SeverityWarning, "Take the time in UTC (Date.now(), Instant.now(), time.time()); never a local date-time read as UTC, as Java's LocalDateTime.now().toInstant(ZoneOffset.UTC) does."},
	CodeJWTPadding:            {SeverityError, "Encode each segment in base64url without '=' (Java: Base64.getUrlEncoder().withoutPadding(); Python: strip the '=' of urlsafe_b64encode)."},
	CodeOpenCORS:              {SeverityError, "Send Access-Control-Allow-Origin only to your own front ends' origins (WithAllowedOrigins, serve --allow-origin), never * or the Origin echoed back."},
	CodeHostTokenOpen:         {SeverityError, "Sign role 1 only for callers you have authenticated as the meeting's host (WithAllowHost(false) by default; WithAuthorize)."},
	CodeMeetinglessToken:      {SeverityError, "Require meetingNumber and role, and refuse other media types (zoomsig's handler does: 400 and 415)."},
	CodeLongLived:             {SeverityWarning, "Cap the lifetime callers may ask for to what a join needs (WithMaxExpiry, serve --max-expiry 2h)."},
	CodeNoRateLimit:           {SeverityWarning, "Limit requests per client (serve --rate-limit, behind a proxy with --trust-proxy) and put the endpoint behind your login."},
	CodePlainHTTP:             {SeverityError, "Serve the endpoint over https only."},
	CodeErrorShape:            {SeverityWarning, "Answer bad input with 4xx and {\"errors\":[{\"property\",\"reason\"}]}, as Zoom's samples do, and never redirect a signature request."},
	CodeProbeRefused:          {SeverityInfo, "Audit from where your front end calls, with its credentials, to see past the door; a refused probe proves nothing about what is behind it."},
	CodeMisnamedClaim:         {SeverityError, "Write the claim under Zoom's name: mn, appKey, role, iat, exp, tokenExp for a Meeting SDK token; app_key, role_type, tpc, version, iat, exp for a Video SDK token."},
	CodeSecondsReadAsMS:       {SeverityError, "Give the JWT library what it takes: milliseconds (Date.now(), Date.now() + 7200 * 1000) to a library that divides by 1000, or write iat and exp in seconds yourself with a library that takes seconds."},
	CodeNumberForm:            {SeverityWarning, "Write iat, exp, tokenExp and role (role_type) as plain JSON integers: Math.floor(Date.now() / 1000), never a float, a string or exponent form."},
	CodeJoinMismatch:          {SeverityError, "Pass join() exactly what the token was signed for: the same meeting number (digits only), the same session name (tpc), the same key; sign per join with the values the page will use."},
	CodeSecretWhitespace:      {SeverityError, "Remove the stray whitespace from the secret where it is stored (a .env line or a Kubernetes secret made with echo ends in a newline: use printf or echo -n), or trim it when read."},
	CodeInvisibleCharacters:   {SeverityWarning, "Copy the signature as plain text, and make sure the app sends it without the invisible character (trim it on the server before answering)."},
	CodeOutsideAccount:        {SeverityInfo, "To join a meeting of another Zoom account, pass join() an OBF token (obfToken) or a ZAK (zak) of a user of that meeting beside this signature (see FetchUserToken)."},
	CodeSecretInToken:         {SeverityError, "Rotate the secret now (it is public to anyone who saw a token) and never put it in a claim: it signs the token, it is never part of it."},
	CodeDuplicateClaim:        {SeverityWarning, "Write each claim once."},
	CodeExpiresSoon:           {SeverityWarning, fmt.Sprintf("Set iat to now (back-dated %v at most) and exp = iat + the lifetime; a token should outlive the join by minutes at least.", DefaultBackdate)},
}

// specOf returns a code's entry; an unknown code is an error without a fix.
func specOf(code string) codeSpec {
	if s, ok := codeTable[code]; ok {
		return s
	}
	return codeSpec{severity: SeverityError}
}

const (
	// maxLegacyLen is Web SDK 1.x's pre-check on the signature's length
	// (zoom-notes §1 and §4.1: "signatrue length error, 0 < length < 150").
	maxLegacyLen = 150
)
