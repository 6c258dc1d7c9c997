package zoomsig

import (
	"cmp"
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
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
	CodeMalformed             = "malformed"
	CodeKeyOnly               = "key-only"
	CodeURLSafeHash           = "url-safe-hash"
	CodeKeyMangled            = "key-mangled"
	CodeKeyMismatch           = "key-mismatch"
	CodeHashMismatch          = "hash-mismatch"
	CodeRawMessageHMAC        = "raw-message-hmac"
	CodeHexHash               = "hex-hash"
	CodeTimestampSeconds      = "timestamp-seconds"
	CodeTimestampMilliseconds = "timestamp-milliseconds"
	CodeClockAhead            = "clock-ahead"
	CodeExpired               = "expired"
	CodeMeetingNumber         = "meeting-number"
	CodeJWTExpWindow          = "jwt-exp-window"
	CodeJWTAlg                = "jwt-alg"
	CodeRESTAPIJWT            = "rest-api-jwt"
	CodeResponseObject        = "response-object"
	CodeHostRole              = "host-role"
	CodeRole                  = "role"
	CodeTooLong               = "too-long"
	CodeLegacyFormat          = "legacy-format"
	CodeMNNumber              = "mn-number"
	CodeTokenExp              = "token-exp"
	CodeMissingClaim          = "missing-claim"
	CodeJWTSegment            = "jwt-segment"
	CodeVideoSDKToken         = "video-sdk-token"
	CodeVideoClaims           = "video-claims"
	CodeUnverified            = "unverified"
	CodeInvalidCredentials    = "invalid-credentials"
	CodeInvalidOption         = "invalid-option"
)

type codeSpec struct {
	code     string
	severity Severity
	fix      string
}

// codeSpecs is the one table of codes: severity and fix. Messages are
// written where each finding is found, with its evidence.
func codeSpecs() []codeSpec {
	return []codeSpec{
		{CodeMalformed, SeverityError, "Pass the signature your endpoint returns, exactly: a legacy signature is one base64 string; a Meeting SDK JWT is three base64url segments joined by '.'."},
		{CodeKeyOnly, SeverityError, "Build the message from all four fields, e.g. Buffer.from(`${key}${meetingNumber}${timestamp}${role}`); Buffer.from(key, meetingNumber, …) ignores every argument after the key."},
		{CodeURLSafeHash, SeverityError, "Encode the HMAC with standard base64 (Ruby: Base64.strict_encode64, not urlsafe_encode64); only the outer encoding may be URL-safe."},
		{CodeKeyMangled, SeverityError, "Replace '-'/'_' in the hash alone, never in the joined string, or better encode the hash with standard base64 in the first place."},
		{CodeKeyMismatch, SeverityError, "Sign with the credentials of the app the browser joins with (a Meeting SDK app's SDK key/secret, or Client ID/secret, for JWTs; a JWT app's API key/secret for legacy signatures), and pass the same key to join()."},
		{CodeHashMismatch, SeverityError, "Check the secret (copy it again, without a trailing newline) and the recipe: HMAC-SHA256 over the base64 of key+meetingNumber+timestamp+role, in standard base64; for a JWT, HS256 over header.payload."},
		{CodeRawMessageHMAC, SeverityError, "HMAC the base64 of the message, not the raw message: hash = base64(HMAC-SHA256(secret, base64(key+meetingNumber+timestamp+role)))."},
		{CodeHexHash, SeverityError, "Base64-encode the raw 32-byte HMAC (Node: digest('base64'); PHP: hash_hmac(..., true)), not its hex string."},
		{CodeTimestampSeconds, SeverityError, "Write the timestamp in milliseconds, back-dated 30 s: Date.now() - 30000, System.currentTimeMillis() - 30000, time() * 1000 - 30000."},
		{CodeTimestampMilliseconds, SeverityError, "Write iat and exp in seconds: Math.floor(Date.now() / 1000)."},
		{CodeClockAhead, SeverityError, "Synchronise the signing server's clock (NTP) and back-date the timestamp or iat by 30 s, as zoomsig does by default; never add a time-zone offset to UTC."},
		{CodeExpired, SeverityError, "Sign each join just before it happens: a legacy signature lives 24 h after its timestamp, a JWT until its exp."},
		{CodeMeetingNumber, SeverityError, "Sign the meeting number as 9 to 12 digits without spaces or dashes (NormalizeMeetingNumber) and pass the same number to join()."},
		{CodeJWTExpWindow, SeverityError, "Set exp = iat + 1800..172800 seconds (30 min to 48 h; Zoom's default is 7200)."},
		{CodeJWTAlg, SeverityError, "Sign the JWT with HS256 and the SDK secret."},
		{CodeRESTAPIJWT, SeverityError, "A REST-API JWT is not an SDK signature: make a Meeting SDK JWT (appKey, sdkKey, mn, role, iat, exp, tokenExp) with the SDK key and secret."},
		{CodeResponseObject, SeverityError, "Pass the \"signature\" member of the endpoint's response to join(), not the whole response."},
		{CodeHostRole, SeverityInfo, "Use role 0 to join; role 1 starts the meeting and works only for the meeting's host account (or with a ZAK token)."},
		{CodeRole, SeverityError, "Use role 0 (join as attendee) or 1 (start as host)."},
		{CodeTooLong, SeverityError, "Use the JWT app's API key (22 characters); Web SDK 1.x refuses signatures over 150 characters."},
		{CodeLegacyFormat, SeverityInfo, "Web SDK 2.3 and later and the Meeting SDKs take a Meeting SDK JWT signed with the SDK key/secret: see GenerateJWT."},
		{CodeMNNumber, SeverityWarning, "Write mn as a string: String(meetingNumber)."},
		{CodeTokenExp, SeverityWarning, "Set tokenExp equal to exp, as Zoom's sample does."},
		{CodeMissingClaim, SeverityError, "Write every claim a Web Meeting SDK JWT carries: appKey, sdkKey, mn, role, iat, exp, tokenExp."},
		{CodeJWTSegment, SeverityError, "Pass the whole token: header.payload.signature."},
		{CodeVideoSDKToken, SeverityInfo, "A Video SDK token joins Video SDK sessions only; to join a Zoom meeting, make a Meeting SDK JWT."},
		{CodeVideoClaims, SeverityError, "Follow Zoom's Video SDK rules: role_type 0 or 1, tpc of 1 to 200 characters, user_identity up to 35, session_key up to 36, version 1, geo_regions from Zoom's list."},
		{CodeUnverified, SeverityInfo, "Give the key and secret (ZOOM_SDK_KEY and ZOOM_SDK_SECRET for the command) to check the HMAC too."},
		{CodeInvalidCredentials, SeverityWarning, "Check the key and secret given to the diagnosis: the diagnosis went on without them."},
		{CodeInvalidOption, SeverityError, "Pass Diagnose only WithClock, WithLeeway and WithMaxAge, with valid values."},
	}
}

func specOf(code string) codeSpec {
	for _, s := range codeSpecs() {
		if s.code == code {
			return s
		}
	}
	return codeSpec{code: code, severity: SeverityError}
}

// Zoom's errors, as the SDK shows them.
const (
	zoomInvalid  = `Zoom answers 3712 "Signature is invalid."`
	zoomExpired  = `Zoom answers 3705 "The signature has expired."`
	zoomAPIKey   = `Zoom answers 3704 "The api key is wrong."`
	zoomMeeting  = `Zoom answers 3706 "The meeting number is wrong."`
	zoomRole     = `Zoom answers 3708 "The role is not applicable."`
	zoomBackend  = `Zoom's web backend answers errorCode 200 and the SDK shows 3712 "Signature is invalid."`
	zoomTooLong  = `the Web SDK refuses it before sending (4003)`
	maxLegacyLen = 150 // the Web SDK 1.x pre-check
)

// MaxDiagnoseLen caps what Diagnose reads; a pasted response object with
// headers around it still fits.
const MaxDiagnoseLen = 64 << 10

// Diagnose says why Zoom would refuse sig, or that it would not. sig may be
// anything a user pastes: a legacy signature, a Meeting SDK or Video SDK
// JWT, a REST-API JWT, the JSON response of a signature endpoint, with
// whitespace or quotes around it. key and secret may be empty: then Diagnose
// reports what it can see without them. A claim that needs the secret (the
// HMAC was made over the raw message, say) is made only after recomputing
// that HMAC and seeing it match. Options: [WithClock], [WithLeeway],
// [WithMaxAge].
//
// Findings come Errors first. A signature Zoom would accept yields no
// SeverityError finding. Diagnose never panics, and no Message or Fix holds
// the secret.
func Diagnose(sig, key, secret string, opts ...Option) []Finding {
	d := &diagnosis{}
	cfg := defaultConfig()
	if err := cfg.apply("Diagnose", optClock|optLeeway|optMaxAge, opts); err != nil {
		d.add(CodeInvalidOption, "%v", err)
		return d.result(secret)
	}
	d.cfg, d.now = cfg, now(cfg.clock)
	if key != "" {
		if err := checkKey(key); err != nil {
			d.add(CodeInvalidCredentials, "The key given is unusable (%v), so the diagnosis does not compare keys.", err)
			key = ""
		}
	}
	if secret != "" {
		if err := checkSecret(secret); err != nil {
			d.add(CodeInvalidCredentials, "The secret given is unusable (%v), so the diagnosis does not check the HMAC.", err)
		} else {
			d.secret = secret
		}
	}
	d.key = key
	d.input(sig, true)
	return d.result(secret)
}

type diagnosis struct {
	cfg         config
	now         time.Time
	key, secret string
	findings    []Finding
}

func (d *diagnosis) add(code, format string, args ...any) {
	d.addAs(code, specOf(code).severity, format, args...)
}

// addAs adds a finding with a severity other than its code's usual one.
func (d *diagnosis) addAs(code string, sev Severity, format string, args ...any) {
	d.findings = append(d.findings, Finding{Code: code, Severity: sev, Message: fmt.Sprintf(format, args...), Fix: specOf(code).fix})
}

func (d *diagnosis) has(code string) bool {
	return slices.ContainsFunc(d.findings, func(f Finding) bool { return f.Code == code })
}

// result orders the findings, Errors first, and makes sure that no text
// holds the secret, even one the user pasted into the signature itself.
func (d *diagnosis) result(secret string) []Finding {
	slices.SortStableFunc(d.findings, func(a, b Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	for i := range d.findings {
		d.findings[i].Message = redact(d.findings[i].Message, secret)
	}
	return d.findings
}

// redact removes every occurrence of secret from s. It repeats until none
// is left, since a replacement next to the remains of another occurrence
// could form the secret again; the secret is longer than the replacement,
// so each pass shortens s and the loop ends. A string too short to be a
// usable secret (see checkSecret) is not treated as one.
func redact(s, secret string) string {
	const mark = "[REDACTED]"
	if len(secret) < minSecretLen || len(secret) <= len(mark) {
		return s
	}
	for strings.Contains(s, secret) {
		s = strings.ReplaceAll(s, secret, mark)
	}
	return s
}

// input classifies what the user pasted. outer is false inside a response
// object, which may not nest.
func (d *diagnosis) input(s string, outer bool) {
	if len(s) > MaxDiagnoseLen {
		d.add(CodeMalformed, "The input is %d bytes, more than any signature; %s", len(s), zoomBackend)
		return
	}
	s = trimPasted(s)
	switch {
	case s == "":
		d.add(CodeMalformed, "The signature is empty; %s", zoomBackend)
	case s[0] == '{' && outer:
		d.responseObject(s)
	case strings.ContainsAny(s, " \t\r\n"):
		d.add(CodeMalformed, "The signature holds spaces or line breaks (a line-wrapped paste?); %s", zoomBackend)
	default:
		switch n := strings.Count(s, "."); {
		case n == 2:
			d.jwt(s)
		case n == 0 && looksLikeJWTSegment(s):
			d.add(CodeJWTSegment, "This is one segment of a JWT, not the whole token; %s", zoomBackend)
		case n == 1 && looksLikeJWTSegment(s[:strings.IndexByte(s, '.')]):
			d.add(CodeJWTSegment, "This is a JWT's header and payload without its signature segment; %s", zoomBackend)
		case n == 0:
			d.legacy(s)
		default:
			d.add(CodeMalformed, "The signature has %d '.'-separated parts: neither a legacy signature (one part) nor a JWT (three); %s", n+1, zoomBackend)
		}
	}
}

// trimPasted removes the whitespace and quotes a copy-paste brings along.
func trimPasted(s string) string {
	for {
		s = strings.TrimSpace(s)
		if len(s) >= 2 && strings.ContainsRune(`"'`+"`", rune(s[0])) && s[len(s)-1] == s[0] {
			s = s[1 : len(s)-1]
			continue
		}
		return s
	}
}

// ExtractSignature returns the signature inside what a user pasted: the
// text without the whitespace and quotes around it, or the "signature"
// member when it is a JSON object such as a signature endpoint's response.
// It returns the trimmed text when there is nothing to unwrap.
func ExtractSignature(pasted string) string {
	if len(pasted) > MaxDiagnoseLen {
		return pasted
	}
	s := trimPasted(pasted)
	if inner, err := signatureMember(s); err == nil {
		return trimPasted(inner)
	}
	return s
}

// signatureMember returns the "signature" string of a JSON object.
func signatureMember(s string) (string, error) {
	if !strings.HasPrefix(s, "{") {
		return "", fmt.Errorf("not a JSON object")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &obj); err != nil {
		return "", fmt.Errorf("starts like a JSON object but does not parse as one")
	}
	var inner string
	if err := json.Unmarshal(obj["signature"], &inner); err != nil || inner == "" {
		return "", fmt.Errorf("is a JSON object without a \"signature\" string")
	}
	return inner, nil
}

func (d *diagnosis) responseObject(s string) {
	inner, err := signatureMember(s)
	if err != nil {
		d.add(CodeMalformed, "The input %v; %s", err, zoomBackend)
		return
	}
	d.add(CodeResponseObject, "This is the endpoint's whole JSON response, not the signature inside it; passed to join() as is, %s. The \"signature\" inside is diagnosed below.", zoomBackend)
	d.input(inner, false)
}

// looksLikeJWTSegment reports whether s is unpadded base64url of a JSON
// object.
func looksLikeJWTSegment(s string) bool {
	b, err := decodeSegment(s)
	if err != nil {
		return false
	}
	_, err = decodeClaimSet("segment", b)
	return err == nil
}

// decodeLenient undoes any base64 a legacy sample ever wrote: either
// alphabet, padded or not.
func decodeLenient(s string) (string, bool) {
	body := strings.TrimRight(s, "=")
	enc := base64.RawStdEncoding
	if strings.ContainsAny(body, "-_") {
		enc = base64.RawURLEncoding
	}
	b, err := enc.DecodeString(body)
	return string(b), err == nil
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

func (d *diagnosis) legacy(s string) {
	joined, ok := decodeLenient(s)
	if !ok || !printable(joined) || joined == "" {
		d.add(CodeMalformed, "The signature is neither a JWT nor base64 of text, so it is no kind of Zoom signature; %s", zoomBackend)
		return
	}
	f := strings.Split(joined, ".")
	if len(f) == 1 {
		d.keyOnly(joined)
		return
	}
	if len(f) != 5 {
		d.add(CodeMalformed, "It decodes to %d '.'-separated fields where a legacy signature has 5 (key.meeting.timestamp.role.hash); %s", len(f), zoomBackend)
		return
	}
	d.add(CodeLegacyFormat, "This is a legacy Web SDK 1.x signature, which Web SDK 2.3 and later and the Meeting SDKs do not take; with those %s", zoomInvalid)
	if len(s) > maxLegacyLen {
		d.add(CodeTooLong, "The signature is %d characters, more than %d, so %s", len(s), maxLegacyLen, zoomTooLong)
	}
	key, mn, tsText, roleText, hash := f[0], f[1], f[2], f[3], f[4]
	// The order of the checks is the order of the findings within a
	// severity: key and hash first, as they are what fails every time.
	mangledFrom := d.legacyKey(key)
	d.legacyHash(key, mangledFrom, mn+tsText+roleText, hash)
	if checkMeetingNumber(mn) != nil {
		d.add(CodeMeetingNumber, "The meeting number %q is not 9 to 12 digits; %s", clip(mn), zoomMeeting)
	}
	d.legacyTimestamp(tsText)
	switch roleText {
	case "0":
	case "1":
		d.add(CodeHostRole, "Role 1 starts the meeting as its host; unless the key's account hosts it (or a ZAK token is given), %s", zoomRole)
	default:
		d.add(CodeRole, "The role %q is neither 0 nor 1; %s", clip(roleText), zoomRole)
	}
}

// keyOnly judges a signature that decodes to one field.
func (d *diagnosis) keyOnly(joined string) {
	looksLikeKey := checkKey(joined) == nil && len(joined) <= 64
	switch {
	case d.key != "" && joined == d.key:
		d.add(CodeKeyOnly, "The signature decodes to the key alone (%q), with no meeting number, timestamp, role or hash; %s", clip(joined), zoomBackend)
	case d.key == "" && looksLikeKey:
		d.add(CodeKeyOnly, "The signature decodes to a single key-like field (%q), with no meeting number, timestamp, role or hash; %s", clip(joined), zoomBackend)
	default:
		d.add(CodeMalformed, "The signature decodes to one field where a legacy signature has 5 (key.meeting.timestamp.role.hash); %s", zoomBackend)
	}
}

// legacyKey judges the key field; it returns the key the HMAC was made
// with when the key was mangled by a gsub, else "".
func (d *diagnosis) legacyKey(key string) string {
	gsubbed := strings.NewReplacer("-", "+", "_", "/")
	switch {
	case d.key != "" && key == d.key:
		return ""
	case d.key != "" && strings.ContainsAny(d.key, "-_") && gsubbed.Replace(d.key) == key:
		d.add(CodeKeyMangled, "The key %q is the expected key with '-' turned into '+' and '_' into '/' (a gsub over the whole string): Zoom finds no such key, and %s", clip(key), zoomAPIKey)
		return d.key
	case d.key != "":
		d.add(CodeKeyMismatch, "The signature is for key %q, not the expected key; %s", clip(key), zoomAPIKey)
	case strings.ContainsAny(key, "+/"):
		d.add(CodeKeyMangled, "The key %q holds '+' or '/', which no Zoom key does: a '-'→'+', '_'→'/' replacement over the whole string rewrote it, and %s", clip(key), zoomAPIKey)
		return strings.NewReplacer("+", "-", "/", "_").Replace(key)
	case checkKey(key) != nil:
		d.add(CodeMalformed, "The key field %q is not a key; %s", clip(key), zoomBackend)
	}
	return ""
}

func (d *diagnosis) legacyTimestamp(tsText string) {
	ms, err := parseDigits(tsText)
	switch {
	case err != nil:
		d.add(CodeMalformed, "The timestamp %q %v; %s", clip(tsText), err, zoomBackend)
	case ms < 100_000_000_000: // before 1973 in milliseconds: these are seconds
		d.add(CodeTimestampSeconds, "The timestamp %s is in seconds (%v), not milliseconds, so Zoom reads a date in 1970 and %s", tsText, time.Unix(ms, 0).UTC().Format(time.RFC3339), zoomExpired)
	default:
		d.clock(time.UnixMilli(ms), "timestamp", d.cfg.maxAge, zoomExpired, zoomExpired)
	}
}

// clock judges an instant against the clock, the leeway and a lifetime.
func (d *diagnosis) clock(t time.Time, name string, lifetime time.Duration, aheadError, expiredError string) {
	if ahead := t.Sub(d.now); ahead > d.cfg.leeway {
		d.add(CodeClockAhead, "The %s is %s ahead of the clock (%s): the signing clock runs fast, or adds a time-zone offset; %s", name, human(ahead), t.UTC().Format(time.RFC3339), aheadError)
		return
	}
	if age := d.now.Sub(t); age >= lifetime {
		d.add(CodeExpired, "The signature expired %s ago (%s %v, lifetime %v); %s", human(age-lifetime), name, t.UTC().Format(time.RFC3339), lifetime, expiredError)
	}
}

// legacyHash judges the hash. rest is meeting+timestamp+role as written;
// mangledFrom is the key the HMAC was made with when a gsub mangled it.
func (d *diagnosis) legacyHash(key, mangledFrom, rest, hash string) {
	signedKey := key
	if mangledFrom != "" {
		signedKey = mangledFrom
	}
	raw := signedKey + rest
	switch {
	case len(hash) == 88 && isHexBase64(hash):
		msg := "The hash is the base64 of the HMAC's 64-character hex string, not of its 32 bytes"
		if d.secret != "" && hash == base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(legacyHMAC(d.secret, raw, true)))) {
			msg += " (and that hex HMAC is right, so only its encoding is wrong)"
		}
		d.add(CodeHexHash, "%s; %s", msg, zoomInvalid)
		d.unverified()
		return
	case len(hash) == 44 && strings.ContainsAny(hash, "-_") && !strings.ContainsAny(hash, "+/"):
		msg := "The hash holds '-' or '_': it is written in the URL-safe base64 alphabet, and Zoom compares it with the standard one"
		if d.secret != "" {
			if hash != base64.URLEncoding.EncodeToString(legacyHMAC(d.secret, raw, true)) {
				d.add(CodeHashMismatch, "Even read as URL-safe base64, the hash does not match the secret for these fields; %s", zoomInvalid)
			} else {
				msg += " (the HMAC itself is right)"
			}
		}
		d.add(CodeURLSafeHash, "%s; %s", msg, zoomInvalid)
		d.unverified()
		return
	case checkHash(hash) != nil:
		d.add(CodeMalformed, "The hash %q is not the 44-character base64 of a SHA-256 HMAC; %s", clip(hash), zoomInvalid)
		return
	case d.secret == "":
		d.unverified()
		return
	}
	if hmac.Equal([]byte(hash), []byte(base64.StdEncoding.EncodeToString(legacyHMAC(d.secret, raw, true)))) {
		return
	}
	if hmac.Equal([]byte(hash), []byte(base64.StdEncoding.EncodeToString(legacyHMAC(d.secret, raw, false)))) {
		d.add(CodeRawMessageHMAC, "The hash is the HMAC of the raw message key+meeting+timestamp+role, not of its base64 (as Zoom's C# sample did); %s", zoomInvalid)
		return
	}
	d.add(CodeHashMismatch, "The hash does not match the secret for these fields: a different secret or recipe; %s", zoomInvalid)
}

// human writes a duration for a message: to the millisecond under a
// minute, to the second under two days, in days beyond.
func human(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Millisecond).String()
	case d < 48*time.Hour:
		return d.Round(time.Second).String()
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + " days"
}

// unverified notes that the HMAC went unchecked, when it did.
func (d *diagnosis) unverified() {
	if d.secret == "" {
		d.add(CodeUnverified, "The HMAC was not checked: no secret was given.")
	}
}

// isHexBase64 reports whether h is the standard base64 of 64 hex digits.
func isHexBase64(h string) bool {
	b, err := base64.StdEncoding.DecodeString(h)
	if err != nil || len(b) != 64 {
		return false
	}
	_, err = hex.DecodeString(strings.ToLower(string(b)))
	return err == nil
}

func (d *diagnosis) jwt(s string) {
	raw, err := decodeJWT(s)
	if err != nil {
		d.add(CodeMalformed, "%s; %s", strings.TrimPrefix(err.Error(), "zoomsig: "), zoomBackend)
		return
	}
	if raw.alg != "HS256" {
		d.add(CodeJWTAlg, "The JWT's header says alg %q; Zoom takes HS256 only and %s", clip(raw.alg), zoomInvalid)
	}
	p := raw.payload
	switch {
	case p.has("sdkKey") || p.has("appKey"):
		d.meetingJWT(raw)
	case p.has("app_key"):
		d.videoJWT(raw)
	case p.has("iss"):
		d.add(CodeRESTAPIJWT, "This is a REST-API JWT (\"iss\", no \"sdkKey\"), made for Zoom's REST API, not an SDK signature; %s", zoomInvalid)
	default:
		d.add(CodeMissingClaim, "The JWT has neither \"sdkKey\"/\"appKey\" (Meeting SDK) nor \"app_key\" (Video SDK); %s", zoomInvalid)
	}
}

// jwtKeys compares the key claims with the expected key and checks the
// HMAC when the secret is known.
func (d *diagnosis) jwtKeys(raw *rawJWT, names ...string) {
	for _, name := range names {
		v, ok, err := raw.payload.str(name)
		if err != nil {
			d.add(CodeMalformed, "The %q claim is not a string; %s", name, zoomInvalid)
		} else if ok && d.key != "" && v != d.key {
			d.add(CodeKeyMismatch, "The token's %q is %q, not the expected key; %s", name, clip(v), zoomInvalid)
		}
	}
	switch {
	case raw.alg != "HS256":
	case d.secret == "":
		d.unverified()
	case raw.verify(d.secret) != nil:
		d.add(CodeHashMismatch, "The token's HS256 signature does not match the secret: a different secret, or the payload changed after signing; %s", zoomInvalid)
	}
}

func (d *diagnosis) meetingJWT(raw *rawJWT) {
	p := raw.payload
	d.jwtKeys(raw, "sdkKey", "appKey")
	if !p.has("sdkKey") {
		d.addAs(CodeMissingClaim, SeverityWarning, "The token has \"appKey\" but no \"sdkKey\", which newer SDKs read; with those %s", zoomInvalid)
	}
	hasMN, hasRole := p.has("mn"), p.has("role")
	switch {
	case !hasMN && !hasRole:
		d.addAs(CodeMissingClaim, SeverityWarning, "The token has no \"mn\" and no \"role\": right for the native Meeting SDKs, but the Web SDK refuses it (%s)", zoomInvalid)
	case !hasMN || !hasRole:
		d.add(CodeMissingClaim, "The token has one of \"mn\" and \"role\" without the other; %s", zoomInvalid)
	}
	if hasMN {
		mn, _, err := p.str("mn")
		if err != nil {
			if n, _, nerr := p.integer("mn"); nerr == nil {
				mn = strconv.FormatInt(n, 10)
				d.add(CodeMNNumber, "\"mn\" is the number %s, where Zoom writes a string; some SDK versions then fail to match it with the meeting joined (%s)", mn, zoomMeeting)
			} else {
				d.add(CodeMalformed, "\"mn\" is neither a string nor a whole number; %s", zoomMeeting)
			}
		}
		if mn != "" && checkMeetingNumber(mn) != nil {
			d.add(CodeMeetingNumber, "The meeting number %q is not 9 to 12 digits; %s", clip(mn), zoomMeeting)
		}
	}
	if hasRole {
		switch role, _, err := p.integer("role"); {
		case err != nil || (role != 0 && role != 1):
			d.add(CodeRole, "\"role\" is %s, neither 0 nor 1; %s", clip(string(p["role"])), zoomRole)
		case role == 1:
			d.add(CodeHostRole, "Role 1 starts the meeting as its host; unless the key's account hosts it (or a ZAK token is given), %s", zoomRole)
		}
	}
	_, exp, ok := d.jwtTimes(raw)
	if !ok {
		return
	}
	switch tokenExp, has, err := p.integer("tokenExp"); {
	case err != nil:
		d.add(CodeMalformed, "\"tokenExp\" is not a whole number; %s", zoomInvalid)
	case !has:
		d.add(CodeTokenExp, "The token has no \"tokenExp\"; Zoom's sample always sets it to exp")
	case tokenExp != exp:
		d.add(CodeTokenExp, "\"tokenExp\" %d differs from \"exp\" %d by %ds; Zoom judges the session by it", tokenExp, exp, tokenExp-exp)
		if !d.has(CodeExpired) && d.now.Unix() >= tokenExp {
			d.add(CodeExpired, "The token expired %s ago by its tokenExp; %s", human(d.now.Sub(time.Unix(tokenExp, 0))), zoomExpired)
		}
	}
}

// jwtTimes judges iat and exp; ok is false when they are missing or
// unusable.
func (d *diagnosis) jwtTimes(raw *rawJWT) (iat, exp int64, ok bool) {
	p := raw.payload
	var hasIat, hasExp bool
	var err1, err2 error
	iat, hasIat, err1 = p.integer("iat")
	exp, hasExp, err2 = p.integer("exp")
	switch {
	case err1 != nil || err2 != nil:
		d.add(CodeMalformed, "\"iat\" or \"exp\" is not a whole number of seconds; %s", zoomInvalid)
		return 0, 0, false
	case !hasIat || !hasExp:
		d.add(CodeMissingClaim, "The token lacks \"iat\" or \"exp\"; %s", zoomInvalid)
		return 0, 0, false
	case iat > 100_000_000_000 || exp > 100_000_000_000:
		d.add(CodeTimestampMilliseconds, "iat %d and exp %d are milliseconds, not seconds: Zoom reads iat as %s, far in the future, and %s", iat, exp, time.Unix(iat, 0).UTC().Format("2006-01-02"), zoomInvalid)
		return 0, 0, false
	}
	if w := exp - iat; w < int64(MinExpiry/time.Second) || w > int64(MaxExpiry/time.Second) {
		d.add(CodeJWTExpWindow, "exp - iat is %ds (%v), outside the 1800..172800 s Zoom accepts; %s", w, time.Duration(w)*time.Second, zoomInvalid)
	}
	d.clockJWT(time.Unix(iat, 0), time.Unix(exp, 0))
	return iat, exp, true
}

func (d *diagnosis) clockJWT(iat, exp time.Time) {
	if ahead := iat.Sub(d.now); ahead > d.cfg.leeway {
		d.add(CodeClockAhead, "iat is %s ahead of the clock (%s): the signing clock runs fast, or adds a time-zone offset; %s", human(ahead), iat.UTC().Format(time.RFC3339), zoomInvalid)
		return
	}
	if !d.now.Before(exp) {
		d.add(CodeExpired, "The token expired %s ago (exp %s); %s", human(d.now.Sub(exp)), exp.UTC().Format(time.RFC3339), zoomExpired)
	}
}

func (d *diagnosis) videoJWT(raw *rawJWT) {
	d.add(CodeVideoSDKToken, "This is a Video SDK token (\"app_key\", \"tpc\"): right for a Video SDK session, but the Meeting SDK refuses it (%s)", zoomInvalid)
	d.jwtKeys(raw, "app_key")
	c, err := videoClaims(raw)
	if err == nil && c.Version != 1 {
		err = fmt.Errorf("\"version\" is %d, not 1", c.Version)
	}
	if err == nil {
		err = c.VideoToken.check()
	}
	if err != nil {
		d.add(CodeVideoClaims, "The Video SDK claims break Zoom's rules: %s", strings.TrimPrefix(err.Error(), "zoomsig: "))
	}
	d.jwtTimes(raw)
}
