// Package zoomsig generates, parses, verifies and diagnoses the signatures a
// backend hands a browser so it can join a Zoom meeting through the
// Web/Meeting SDK.
//
// # Legacy Web SDK 1.x signatures
//
// Before Web SDK 2.3, a join was signed with a JWT app's API key and secret:
//
//	ts   = now in milliseconds - 30000
//	msg  = base64(key + meetingNumber + ts + role)
//	hash = base64(HMAC-SHA256(secret, msg))
//	sig  = base64(key "." meetingNumber "." ts "." role "." hash)
//
// [Generate] makes one; a server that signs many should build a [Signer]
// once with [NewSigner] and call [Signer.Sign]. [Parse] decodes any legacy
// signature without credentials, and [Verify] judges it as Zoom's server
// does, with errors that wrap the sentinels in errors.go:
//
//	_, err := zoomsig.Verify(sig, key, secret)
//	switch {
//	case errors.Is(err, zoomsig.ErrURLSafeHash): // the forum thread's Ruby bug
//	case errors.Is(err, zoomsig.ErrHashMismatch): // wrong secret or recipe
//	case errors.Is(err, zoomsig.ErrExpired):      // older than 24 h
//	}
//
// # Meeting SDK and Video SDK JWTs
//
// Web SDK 2.3 and later, and the native Meeting SDKs, take an HS256 JWT
// signed with the SDK key and secret. [GenerateJWT] and [Signer.SignJWT]
// write it byte for byte as Zoom's meetingsdk-auth-endpoint-sample does;
// [Signer.SignNativeJWT] leaves out "mn" and "role" for the native SDKs;
// [GenerateVideoJWT] makes Video SDK tokens, with the claims of Zoom's 2026
// spec too ([VideoToken] UserKey and CloudRecordingTranscriptOption), and
// session names that match case-insensitively, as Zoom reads them. [VerifyJWT] and
// [VerifyVideoJWT] refuse every alg but HS256 before looking at anything
// else, and judge the times as Zoom does ([WithExpiry] sets the lifetime,
// from [MinExpiry] to [MaxExpiry]).
//
// # Why Zoom says "Signature is invalid"
//
// [Inspect] takes whatever a user pastes (any of the formats above, a
// REST-API JWT, a ZAK, a bare HMAC, a signature endpoint's JSON response)
// and returns a [Report]: the kind of token by its claims, every claim as
// written (decoding tolerantly, so that a wrong claim never hides the
// others), whether the HMAC verified, and [Finding]s: a stable code, a
// severity, the error the chosen SDK shows, and the fix. [Diagnose] returns
// the findings alone. Without the secret it reports what is visible (a
// URL-safe hash, seconds where milliseconds belong, a gsub-mangled key);
// with it, it recomputes the HMAC the mistaken ways (and with stray
// whitespace around the secret) and reports a mistake only when one
// matches. [WithJoinCall] adds what the page passed to join().
//
// # A signature endpoint
//
// [NewHandler] serves Meeting SDK JWTs over HTTP with the JSON of Zoom's
// endpoint sample, refusing host tokens, unlisted meetings, oversized or
// non-JSON bodies and unknown origins unless told otherwise; [WithAuthorize]
// lets an app admit only its own users. [NewVideoHandler] does the same for
// Video SDK tokens with the JSON of Zoom's videosdk-auth-endpoint-sample
// (plus userKey and cloudRecordingTranscriptOption; a transcript option
// other than 0 is refused like a host token, since it is billed).
// The command's "serve" (and "serve --video") runs them.
//
// # Join tokens (ZAK and OBF)
//
// Since March 2026 a join outside the app's account needs an OBF token,
// and starting a meeting has always needed the host's ZAK. [FetchUserToken]
// asks Zoom's REST API for either with the OAuth-authorized client you
// bring, and [WithJoinTokens] hands them out beside the signature.
// Zoom's rate limits count per account, so a [TokenCache] keeps each
// token while it is good and lets concurrent misses share one call
// ([TokenCache.UserToken] for FetchUserToken's arguments, [TokenCache.Get]
// for a key you name). It keeps tokens in the process; a shared
// [TokenStore] (package redisstore) makes one fetch serve every replica.
// A fetch for "me" is never kept: the cache cannot know whose it is.
//
// # Judging a deployed endpoint
//
// [Audit] probes a signature endpoint through its public contract, as an
// attacker and as Zoom would, and returns [Finding]s as Diagnose does:
// open CORS, host tokens for anyone, tokens without a meeting, long
// lifetimes, no rate limit, plain http, the shape of its errors.
//
// # What the real Web SDKs do
//
// [WithSDKVersion] makes Diagnose judge for the SDK a page or app loads
// ([PLATFORM@][VERSION]: web, video-web, android, ios, …), naming that SDK's
// errors and, for the web, what the measured version matrix shows; and
// [WithSDKKeyClaim](false) makes the appKey-only token Meeting SDK 5.0 and
// later take without a warning; testdata/sdk runs Zoom's own SDKs in
// headless Chromium to hold the findings to what they do.
//
// # Dialects
//
// Zoom published the recipe in several languages whose outputs differ in
// padding, outer alphabet and timestamp precision. [WithDialect] reproduces
// any of them byte for byte, which lets a test pin a Go backend against a
// signature an older service produced. Only the alphabet of the hash matters
// to Zoom: [DialectRubyURLSafe] and [DialectRubyGsub] exist to reproduce the
// failures the forum thread describes, never to sign with.
//
// # Time
//
// Time enters through one [Clock], set with [WithClock]; nil means the
// system clock. [FixedClock] pins it, so a test gets the same signature
// every run. [WithBackdate] (default 30 s, as every Zoom sample) dates a
// signature before the current instant, because Zoom refuses timestamps in
// its future; [WithLeeway] and [WithMaxAge] set what a verifier tolerates.
//
// # Secrets
//
// No error, log line or fmt verb ever shows a secret or a MAC: a [Signer]
// implements fmt.Formatter and slog.LogValuer, and prints REDACTED; a
// [TokenCache] and a [MemoryTokenStore] print without their tokens.
package zoomsig
