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

// WithSDKVersion tells Diagnose which Web SDK the user runs ("6.2.0",
// "1.9.9", "5.0"), so that its findings follow what that version does: a
// legacy signature given to SDK 2.3 or later, or a JWT given to an older
// one, is an sdk-version error; the key claims are judged as SDK 5.0 and
// later read them only from 5.0 on. Without it Diagnose judges as the
// current SDK does, except for sdk-version, which needs a version. A
// malformed version is an invalid-option finding. Audit passes it on to the
// diagnosis of the token an endpoint answers.
// Applies to: Diagnose, Audit.
func WithSDKVersion(v string) Option {
	return func(cfg *config) {
		cfg.set |= optSDKVersion
		sv, ok := parseSDKVersion(v)
		if !ok {
			cfg.fail("SDK version %q is not MAJOR[.MINOR[.PATCH]], e.g. 6.2.0", clip(v))
		}
		cfg.sdk = sv
	}
}

// sdkVersion is a Web SDK version, when one was given.
type sdkVersion struct {
	set  bool
	text string
	num  [3]int
}

func parseSDKVersion(s string) (sdkVersion, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return sdkVersion{}, false
	}
	v := sdkVersion{set: true, text: s}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 999 || p != strconv.Itoa(n) {
			return sdkVersion{}, false
		}
		v.num[i] = n
	}
	return v, true
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
func (v sdkVersion) readsAppKey() bool { return !v.set || v.atLeast(appKeySince[0], appKeySince[1]) }

// takesJWT reports whether the SDK takes Meeting SDK JWTs.
func (v sdkVersion) takesJWT() bool { return !v.set || v.atLeast(jwtSince[0], jwtSince[1]) }
