package zoomsig

import (
	"strconv"
	"strings"
)

// Options that follow what Zoom's Web SDKs do (read from their npm
// bundles and run in headless Chromium; zoom-notes §4.1).

// WithSDKKeyClaim chooses whether a Meeting SDK JWT carries "sdkKey" beside
// "appKey". The default, true, is byte-identical to Zoom's
// meetingsdk-auth-endpoint-sample. With false the payload is otherwise
// unchanged and in the same order; Meeting SDK 5.0 and later then join
// without a console warning (6.2.0's component view warns "The sdkKey will
// be deprecated in the signature after v5.0.0, please use appKey…" whenever
// sdkKey is present). Choose false for SDK 5.0 and later, true for older
// SDKs or to match the sample byte for byte.
// Applies to: NewSigner, GenerateJWT, SignJWT, GenerateNativeJWT,
// SignNativeJWT, NewHandler.
func WithSDKKeyClaim(include bool) Option {
	return func(cfg *config) { cfg.set |= optSDKKeyClaim; cfg.omitSDKKey = !include }
}

// WithSDKVersion tells Diagnose and Inspect which SDK the user runs, as
// [PLATFORM@][VERSION]: "6.2.0", "web@6.2.0", "android", "video-web@2.5.0".
// Platforms: web (the Meeting SDK for web, client and component views, and
// Web SDK 1.x), video-web, android, ios, macos, windows, video-android and
// video-ios. A bare version means web@VERSION for a Meeting SDK token and
// video-web@VERSION for a Video SDK token (an info finding says which was
// assumed). Every error and warning then names the error that platform
// shows, or says none is known; with a web version, a legacy signature given
// to SDK 2.3 or later, or a JWT given to an older one, is an sdk-version
// error, and the key claims are judged as that version reads them. Without
// it a Video SDK token is judged for video-web, a Meeting SDK token without
// "mn" and "role" for the native Meeting SDKs, anything else for web. Text
// that is not [PLATFORM@][VERSION] is an invalid-option finding. Audit
// passes it on to the diagnosis of the token an endpoint answers.
// Applies to: Diagnose, Inspect, Audit.
func WithSDKVersion(v string) Option {
	return func(cfg *config) {
		cfg.set |= optSDKVersion
		sv, ok := parsePlatformVersion(v)
		if !ok {
			cfg.fail("SDK version %q is not [PLATFORM@][VERSION] (a platform of web, video-web, android, ios, macos, windows, video-android, video-ios; a version MAJOR[.MINOR[.PATCH]]), e.g. 6.2.0 or android@6.3.0", clip(v))
		}
		cfg.sdk = sv
	}
}

// sdkVersion is the SDK Diagnose judges for, as far as one was given.
type sdkVersion struct {
	set      bool // anything was given
	text     string
	platform platform // platUnset when only a version was given
	hasNum   bool     // a version was given
	num      [3]int
}

func parseSDKVersion(s string) (sdkVersion, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return sdkVersion{}, false
	}
	v := sdkVersion{set: true, text: s, hasNum: true}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 999 || p != strconv.Itoa(n) {
			return sdkVersion{}, false
		}
		v.num[i] = n
	}
	return v, true
}

// webVersion reports whether a version of the Meeting SDK for web was
// given (web@V, or a bare V judged as web).
func (v sdkVersion) webVersion() bool {
	return v.hasNum && (v.platform == platUnset || v.platform == platWeb)
}

// version is the version as given, without its platform.
func (v sdkVersion) version() string {
	if _, after, ok := strings.Cut(v.text, "@"); ok {
		return after
	}
	return v.text
}

// atLeast reports whether v is major.minor or later.
func (v sdkVersion) atLeast(major, minor int) bool {
	return v.num[0] > major || v.num[0] == major && v.num[1] >= minor
}

// The versions where Zoom changed what a signature is (zoom-notes §1, §2,
// §4.1): Web SDK 2.3 took Meeting SDK JWTs in place of legacy signatures;
// 5.0 made appKey the key claim and sdkKey a deprecated one.
var (
	jwtSince    = [2]int{2, 3}
	appKeySince = [2]int{5, 0}
)

// readsAppKey reports whether the SDK (the current one when none was
// given) reads appKey first and warns about sdkKey.
func (v sdkVersion) readsAppKey() bool {
	return !v.webVersion() || v.atLeast(appKeySince[0], appKeySince[1])
}

// takesJWT reports whether the SDK takes Meeting SDK JWTs.
func (v sdkVersion) takesJWT() bool { return !v.webVersion() || v.atLeast(jwtSince[0], jwtSince[1]) }

// WithJoinCall gives Diagnose and Inspect what the page passed to join()
// beside the signature, so that the two are compared: the meeting number
// (after [NormalizeMeetingNumber]) with "mn", the Video SDK topic with
// "tpc" (case-insensitively, as the SDK lower-cases it), the key with
// "appKey"/"sdkKey", and what the SDK itself refuses before asking Zoom (a
// Video SDK password over 10 characters, say). Each difference is a
// join-mismatch finding saying where the two differ; a join call that does
// not fit the token's kind is a finding too. The password is never echoed,
// only its length and the position of an offending character.
// Applies to: Diagnose, Inspect.
func WithJoinCall(j JoinCall) Option {
	return func(cfg *config) { cfg.set |= optJoinCall; cfg.join = &j }
}
