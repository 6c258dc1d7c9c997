package zoomsig

import (
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// errorCodes returns the codes of the Error-level findings, sorted.
func errorCodes(fs []Finding) []string {
	var codes []string
	for _, f := range fs {
		if f.Severity == SeverityError {
			codes = append(codes, f.Code)
		}
	}
	sort.Strings(codes)
	return codes
}

func codes(fs []Finding) []string {
	var cs []string
	for _, f := range fs {
		cs = append(cs, f.Code)
	}
	return cs
}

// checkFindings asserts what every diagnosis must satisfy: known codes,
// Errors first, a message and a fix each, never the secret.
func checkFindings(t testing.TB, fs []Finding, secret string) {
	t.Helper()
	known := map[string]bool{}
	for code := range codeTable {
		known[code] = true
	}
	for i, f := range fs {
		if !known[f.Code] {
			t.Fatalf("unknown code %q", f.Code)
		}
		if f.Message == "" || f.Fix == "" {
			t.Fatalf("finding %q without message or fix", f.Code)
		}
		if i > 0 && fs[i-1].Severity < f.Severity {
			t.Fatalf("findings out of order: %v", fs)
		}
		if secret != "" && (strings.Contains(f.Message, secret) || strings.Contains(f.Fix, secret)) {
			t.Fatalf("finding %q holds the secret", f.Code)
		}
	}
}

// TestDiagnoseBrokenVectors judges the output of every broken recipe
// testdata/gen/broken.js ran, with and without credentials: exactly the
// Error codes the mistake implies, each found by its evidence.
func TestDiagnoseBrokenVectors(t *testing.T) {
	type want struct {
		errors  []string // Error-level codes with key and secret given
		blind   []string // Error-level codes with neither
		present string   // a code that must be present in both (any severity)
		web     string   // a code that must be present when judged for web (WithSDKVersion("web"))
	}
	wants := map[string]want{
		"key-only":         {[]string{CodeKeyOnly}, []string{CodeKeyOnly}, CodeKeyOnly, ""},
		"raw-message-hmac": {[]string{CodeRawMessageHMAC}, nil, CodeLegacyFormat, ""},
		// 88 hash characters also push the signature past the SDK's 150.
		"hex-hash":               {[]string{CodeHexHash, CodeTooLong}, []string{CodeHexHash, CodeTooLong}, CodeHexHash, ""},
		"timestamp-seconds":      {[]string{CodeTimestampSeconds}, []string{CodeTimestampSeconds}, CodeTimestampSeconds, ""},
		"meeting-number":         {[]string{CodeMeetingNumber}, []string{CodeMeetingNumber}, CodeMeetingNumber, ""},
		"too-long":               {[]string{CodeKeyMismatch, CodeTooLong}, []string{CodeTooLong}, CodeTooLong, ""},
		"timestamp-milliseconds": {[]string{CodeTimestampMilliseconds}, []string{CodeTimestampMilliseconds}, CodeTimestampMilliseconds, ""},
		"jwt-alg":                {[]string{CodeJWTAlg}, []string{CodeJWTAlg}, CodeJWTAlg, ""},
		"jwt-alg-none":           {[]string{CodeJWTAlg}, []string{CodeJWTAlg}, CodeJWTAlg, ""},
		"jwt-exp-window":         {[]string{CodeJWTExpWindow}, []string{CodeJWTExpWindow}, CodeJWTExpWindow, ""},
		"rest-api-jwt":           {[]string{CodeRESTAPIJWT}, []string{CodeRESTAPIJWT}, CodeRESTAPIJWT, ""},
		"response-object":        {[]string{CodeResponseObject}, []string{CodeResponseObject}, CodeResponseObject, ""},
		"mn-number":              {nil, nil, CodeMNNumber, ""},
		"token-exp":              {nil, nil, CodeTokenExp, ""},
		"missing-claim":          {nil, nil, CodeTokenExp, CodeMissingClaim}, // native: no mn, no role
		"jwt-segment":            {[]string{CodeJWTSegment}, []string{CodeJWTSegment}, CodeJWTSegment, ""},
		"video-sdk-token":        {nil, nil, "", CodeVideoSDKToken}, // judged as video-web unless told
		"sdk-key-only":           {[]string{CodeMissingClaim}, []string{CodeMissingClaim}, CodeMissingClaim, ""},
		// The HMAC was taken over the padded text: whether the unpadded
		// input still matches depends on the payload's length.
		"jwt-padding":     {[]string{CodeJWTPadding}, []string{CodeJWTPadding}, CodeJWTPadding, ""},
		"timezone-offset": {[]string{CodeClockAhead, CodeTimezoneOffset}, []string{CodeClockAhead, CodeTimezoneOffset}, CodeTimezoneOffset, ""},
		"expires-soon":    {nil, nil, CodeExpiresSoon, ""},
	}
	rows := readTSV(t, "testdata/broken_vectors.tsv", 8)
	seen := map[string]int{}
	for _, r := range rows {
		recipe, key, secret, output := r[1], r[2], r[3], r[7]
		w, ok := wants[recipe]
		require.True(t, ok, "no expectation for recipe %q", recipe)
		seen[recipe]++
		atTime := time.UnixMilli(atoi(t, r[6]))
		at := WithClock(FixedClock(atTime))
		t.Run(r[0]+"-"+recipe, func(t *testing.T) {
			withCreds := Diagnose(output, key, secret, at)
			checkFindings(t, withCreds, secret)
			got := errorCodes(withCreds)
			if DetectFormat(output) == FormatLegacy && recipe != "key-only" {
				w.errors, w.blind = withLegacyEnd(w.errors, atTime), withLegacyEnd(w.blind, atTime)
			}
			if recipe == "jwt-padding" {
				got = slices.DeleteFunc(got, func(c string) bool { return c == CodeHashMismatch })
			}
			require.Equal(t, w.errors, got, "with credentials: %v", withCreds)
			blind := Diagnose(output, "", "", at)
			checkFindings(t, blind, "")
			require.Equal(t, w.blind, errorCodes(blind), "without credentials: %v", blind)
			if w.present != "" {
				require.Contains(t, codes(withCreds), w.present)
				require.Contains(t, codes(blind), w.present)
			}
			if w.web != "" {
				require.Contains(t, codes(Diagnose(output, key, secret, at, WithSDKVersion("web"))), w.web)
			}
		})
	}
	require.Len(t, seen, len(wants), "every recipe has vectors")
}

// TestDiagnoseGoldenVectors: every signature Zoom accepts yields no Error
// finding; the broken Ruby dialects yield exactly the finding that matches
// Verify's verdict.
func TestDiagnoseGoldenVectors(t *testing.T) {
	for _, v := range loadLegacyVectors(t) {
		t.Run(v.name(), func(t *testing.T) {
			at := WithClock(FixedClock(v.at))
			_, verr := Verify(v.signature, v.key, v.secret, at)
			fs := Diagnose(v.signature, v.key, v.secret, at)
			checkFindings(t, fs, v.secret)
			require.Contains(t, codes(fs), CodeLegacyFormat)
			var want []string
			switch {
			case verr == nil:
			case v.dialect == DialectRubyURLSafe:
				require.ErrorIs(t, verr, ErrURLSafeHash)
				want = []string{CodeURLSafeHash}
			case v.dialect == DialectRubyGsub:
				require.ErrorIs(t, verr, ErrKeyMismatch)
				want = []string{CodeKeyMangled}
			default:
				t.Fatalf("Verify refused a good vector: %v", verr)
			}
			want = withLegacyEnd(want, v.at)
			require.Equal(t, want, errorCodes(fs), "%v", fs)
			if v.role == RoleHost {
				require.Contains(t, codes(fs), CodeHostRole)
			}
			// Without credentials, the visible faults are still found.
			blind := Diagnose(v.signature, "", "", at)
			require.Equal(t, want, errorCodes(blind), "without credentials: %v", blind)
			require.Contains(t, codes(blind), CodeUnverified)
		})
	}
	for _, v := range loadMeetingVectors(t) {
		fs := Diagnose(v.token, v.key, v.secret, WithClock(FixedClock(v.at)))
		checkFindings(t, fs, v.secret)
		require.Empty(t, errorCodes(fs), "meeting vector %s: %v", v.id, fs)
		require.NotContains(t, codes(fs), CodeUnverified)
	}
	for _, r := range readTSV(t, "testdata/video_jwt_vectors.tsv", 18) {
		fs := Diagnose(r[17], r[1], r[2], WithClock(FixedClock(time.UnixMilli(atoi(t, r[5])))))
		checkFindings(t, fs, r[2])
		require.Empty(t, errorCodes(fs), "video vector %s: %v", r[0], fs)
		require.NotContains(t, codes(fs), CodeVideoSDKToken, "judged as video-web by default")
		asMeeting := Diagnose(r[17], r[1], r[2], WithClock(FixedClock(time.UnixMilli(atoi(t, r[5])))), WithSDKVersion("web"))
		require.Equal(t, []string{CodeVideoSDKToken}, errorCodes(asMeeting), "video vector %s for the web Meeting SDK: %v", r[0], asMeeting)
	}
}

// withLegacyEnd adds legacy-format to the sorted error codes of a legacy
// signature judged on or after the day JWT apps ended.
func withLegacyEnd(codes []string, at time.Time) []string {
	if at.Before(legacyEnd) {
		return codes
	}
	out := append(slices.Clone(codes), CodeLegacyFormat)
	sort.Strings(out)
	return out
}

// TestDiagnoseCodes is a table with a case for every code, built from
// real outputs (Generate and GenerateJWT are checked against the samples'
// outputs by the golden tests) changed in one way each.
func TestDiagnoseCodes(t *testing.T) {
	at := FixedClock(testAt)
	clock := WithClock(at)
	gen := func(opts ...Option) string {
		s, err := Generate(testKey, testSecret, testMN, RoleAttendee, append([]Option{clock}, opts...)...)
		require.NoError(t, err)
		return s
	}
	good := gen()
	host, err := Generate(testKey, testSecret, testMN, RoleHost, clock)
	require.NoError(t, err)
	goodJWT, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, clock)
	require.NoError(t, err)
	hostJWT, err := GenerateJWT(testKey, testSecret, testMN, RoleHost, clock)
	require.NoError(t, err)
	iat := testAt.Unix() - 30
	jwtWith := func(payload string) string { return signRaw(`{"alg":"HS256","typ":"JWT"}`, payload, testSecret) }
	legacyWith := func(joined string) string { return base64.StdEncoding.EncodeToString([]byte(joined)) }
	hashFor := func(raw string) string { return newLegacyMAC(testSecret, raw).spelling(spellStandard) }
	ts := fmt.Sprint(testAt.UnixMilli() - 30000)
	otherKey := "OtherKey012345678901ab"
	urlSafe, urlSafeAt := urlSafeSignature(t)
	sdkKeyOnly := jwtWith(fmt.Sprintf(`{"sdkKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat, iat+7200, iat+7200))
	seg := strings.Split(goodJWT, ".")
	padded := seg[0] + "=." + seg[1] + "==." + seg[2] + "="

	tests := []struct {
		name        string
		sig         string
		key, secret string
		opts        []Option
		wantCode    string
		wantSev     Severity
		wantMessage string
	}{
		{"good legacy: info only", good, testKey, testSecret, nil, CodeLegacyFormat, SeverityInfo, "legacy Web SDK 1.x"},
		{"malformed: empty", "  ", testKey, testSecret, nil, CodeMalformed, SeverityError, "empty"},
		{"malformed: binary", base64.StdEncoding.EncodeToString([]byte{0, 1, 2, 255}), "", "", nil, CodeMalformed, SeverityError, "neither a JWT nor base64"},
		{"malformed: not base64", "not!base64", "", "", nil, CodeMalformed, SeverityError, "neither a JWT nor base64"},
		{"malformed: line break", good[:50] + "\n" + good[50:], "", "", nil, CodeMalformed, SeverityError, "line breaks"},
		{"malformed: four parts", "a.b.c.d", "", "", nil, CodeMalformed, SeverityError, "4 '.'-separated parts"},
		{"malformed: three fields", legacyWith(testKey + "." + testMN + "." + ts), "", "", nil, CodeMalformed, SeverityError, "3 '.'-separated fields"},
		{"malformed: one odd field", legacyWith("not a key!"), "", "", nil, CodeMalformed, SeverityError, "one field"},
		{"malformed: bad JWT", "eyJhbGciOiJIUzI1NiJ9.!!!.x", "", "", nil, CodeMalformed, SeverityError, "payload is not a JSON object"},
		{"malformed: JSON garbage", `{"signature": `, "", "", nil, CodeMalformed, SeverityError, "does not parse as one"},
		{"malformed: JSON without signature", `{"data":{"id":"x"}}`, "", "", nil, CodeMalformed, SeverityError, `without a "signature"`},
		{"malformed: huge", strings.Repeat("A", MaxDiagnoseLen+1), "", "", nil, CodeMalformed, SeverityError, "more than any signature"},
		{"malformed: timestamp letters", legacyWith(testKey + "." + testMN + ".15x." + "0." + hashFor("x")), "", "", nil, CodeMalformed, SeverityError, "timestamp"},
		{"malformed: short hash", legacyWith(testKey + "." + testMN + "." + ts + ".0.abc"), "", "", nil, CodeMalformed, SeverityError, "not the 44-character"},
		{"malformed: key field", legacyWith("a b." + testMN + "." + ts + ".0." + hashFor("x")), "", "", nil, CodeMalformed, SeverityError, "not a key"},
		{"key-only, key given", legacyWith(testKey), testKey, "", nil, CodeKeyOnly, SeverityError, "the key alone"},
		{"url-safe-hash, HMAC right", urlSafe, testKey, testSecret, []Option{WithClock(FixedClock(urlSafeAt))}, CodeURLSafeHash, SeverityError, "the HMAC itself is right"},
		{"url-safe-hash, wrong secret too", urlSafe, testKey, strings.ToLower(testSecret), []Option{WithClock(FixedClock(urlSafeAt))}, CodeHashMismatch, SeverityError, "Even read as URL-safe"},
		{"url-safe-hash, seen without secret", urlSafe, "", "", []Option{WithClock(FixedClock(urlSafeAt))}, CodeURLSafeHash, SeverityError, "URL-safe base64 alphabet"},
		{"key-mangled, key given", gen(WithDialect(DialectRubyGsub)), testKey, testSecret, nil, CodeKeyMangled, SeverityError, "'-' turned into '+'"},
		{"key-mangled, seen without key", gen(WithDialect(DialectRubyGsub)), "", "", nil, CodeKeyMangled, SeverityError, "no Zoom key does"},
		{"key-mismatch legacy", good, otherKey, testSecret, nil, CodeKeyMismatch, SeverityError, "3704"},
		{"key-mismatch JWT", goodJWT, otherKey, testSecret, nil, CodeKeyMismatch, SeverityError, `"sdkKey"`},
		{"hash-mismatch legacy", good, testKey, strings.ToUpper(testSecret), nil, CodeHashMismatch, SeverityError, "3712"},
		{"hash-mismatch JWT", goodJWT, testKey, strings.ToUpper(testSecret), nil, CodeHashMismatch, SeverityError, "HS256 signature does not match"},
		{"clock-ahead legacy", good, testKey, testSecret, []Option{WithClock(FixedClock(testAt.Add(-5 * time.Minute)))}, CodeClockAhead, SeverityError, "4m30s ahead"},
		{"clock-ahead within leeway is fine", good, testKey, testSecret, []Option{WithClock(FixedClock(testAt.Add(-5 * time.Minute))), WithLeeway(10 * time.Minute)}, CodeLegacyFormat, SeverityInfo, ""},
		{"clock-ahead JWT", goodJWT, testKey, testSecret, []Option{WithClock(FixedClock(testAt.Add(-time.Hour)))}, CodeClockAhead, SeverityError, "59m30s ahead"},
		{"expired legacy", good, testKey, testSecret, []Option{WithClock(FixedClock(testAt.Add(27 * time.Hour)))}, CodeExpired, SeverityError, "expired 3h0m30s ago"},
		{"expired with max age", good, testKey, testSecret, []Option{WithClock(FixedClock(testAt.Add(2 * time.Hour))), WithMaxAge(time.Hour)}, CodeExpired, SeverityError, "lifetime 1h0m0s"},
		{"expired JWT", goodJWT, testKey, testSecret, []Option{WithClock(FixedClock(testAt.Add(3 * time.Hour)))}, CodeExpired, SeverityError, "expired 1h0m30s ago"},
		{"meeting-number JWT", jwtWith(fmt.Sprintf(`{"appKey":%q,"sdkKey":%q,"mn":"858-2327-2833","role":0,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testKey, iat, iat+7200, iat+7200)), testKey, testSecret, nil, CodeMeetingNumber, SeverityError, "3706"},
		{"role legacy", legacyWith(testKey + "." + testMN + "." + ts + ".2." + hashFor(testKey+testMN+ts+"2")), testKey, testSecret, nil, CodeRole, SeverityError, "3708"},
		{"role JWT", jwtWith(fmt.Sprintf(`{"appKey":%q,"sdkKey":%q,"mn":%q,"role":5,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testKey, testMN, iat, iat+7200, iat+7200)), testKey, testSecret, nil, CodeRole, SeverityError, "neither 0 nor 1"},
		{"host-role legacy", host, testKey, testSecret, nil, CodeHostRole, SeverityInfo, "ZAK"},
		{"host-role JWT", hostJWT, testKey, testSecret, nil, CodeHostRole, SeverityInfo, "host"},
		{"missing-claim: mn without role", jwtWith(fmt.Sprintf(`{"appKey":%q,"mn":%q,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat, iat+7200, iat+7200)), testKey, testSecret, nil, CodeMissingClaim, SeverityError, "without the other"},
		{"missing-claim: no iat", jwtWith(fmt.Sprintf(`{"sdkKey":%q,"mn":%q,"role":0,"exp":%d}`, testKey, testMN, iat+7200)), testKey, testSecret, nil, CodeMissingClaim, SeverityError, `has no "iat"`},
		{"missing-claim: no key claim", jwtWith(fmt.Sprintf(`{"mn":%q,"role":0,"iat":%d,"exp":%d}`, testMN, iat, iat+7200)), "", "", nil, CodeMissingClaim, SeverityError, "neither"},
		{"missing-claim: sdkKey only", sdkKeyOnly, testKey, testSecret, nil, CodeMissingClaim, SeverityError, `no "appKey"`},
		{"missing-claim: sdkKey only, SDK 4", sdkKeyOnly, testKey, testSecret, []Option{WithSDKVersion("4.0.0")}, CodeMissingClaim, SeverityWarning, "judged as 3.13.2, the nearest measured version at or below it), each view sends the join option's key"},
		{"sdk-key-claim", goodJWT, testKey, testSecret, nil, CodeSDKKeyClaim, SeverityInfo, "will be deprecated"},
		{"sdk-key-claim for 6.2.0", goodJWT, testKey, testSecret, []Option{WithSDKVersion("6.2.0")}, CodeSDKKeyClaim, SeverityInfo, "5.0 and later"},
		{"sdk-version: legacy for 6.2.0", good, testKey, testSecret, []Option{WithSDKVersion("6.2.0")}, CodeSDKVersion, SeverityError, "TypeError"},
		{"sdk-version: legacy for 2.3", good, testKey, testSecret, []Option{WithSDKVersion("2.3")}, CodeSDKVersion, SeverityError, "Web SDK 2.3 (judged as 2.18.3, the oldest measured version that takes JWTs) takes a Meeting SDK JWT"},
		{"sdk-version: JWT for 1.9.9", goodJWT, testKey, testSecret, []Option{WithSDKVersion("1.9.9")}, CodeSDKVersion, SeverityError, "4003"},
		{"legacy for 1.9.9 is fine", good, testKey, testSecret, []Option{WithSDKVersion("1.9.9")}, CodeLegacyFormat, SeverityInfo, ""},
		{"invalid-option: SDK version", goodJWT, testKey, testSecret, []Option{WithSDKVersion("v6")}, CodeInvalidOption, SeverityError, `SDK version "v6"`},
		{"timezone-offset legacy UTC+2", good, testKey, testSecret, []Option{WithClock(FixedClock(testAt.Add(-2*time.Hour - 30*time.Second)))}, CodeTimezoneOffset, SeverityError, "UTC+2"},
		{"timezone-offset JWT UTC+5:30", goodJWT, testKey, testSecret, []Option{WithClock(FixedClock(testAt.Add(-5*time.Hour - 30*time.Minute)))}, CodeTimezoneOffset, SeverityError, "UTC+5:30"},
		{"jwt-padding", padded, testKey, testSecret, nil, CodeJWTPadding, SeverityError, "'=' padding"},
		{"expires-soon", jwtWith(fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat-3*3600, iat+60, iat+60)), testKey, testSecret, nil, CodeExpiresSoon, SeverityWarning, "29.877s left"},
		{"token-exp missing", jwtWith(fmt.Sprintf(`{"appKey":%q,"sdkKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d}`, testKey, testKey, testMN, iat, iat+7200)), testKey, testSecret, nil, CodeTokenExp, SeverityWarning, `no "tokenExp"`},
		{"token-exp passed", jwtWith(fmt.Sprintf(`{"appKey":%q,"sdkKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testKey, testMN, iat, iat+7200, iat+1800)), testKey, testSecret, []Option{WithClock(FixedClock(time.Unix(iat+3600, 0)))}, CodeExpired, SeverityError, "by its tokenExp"},
		{"malformed tokenExp", jwtWith(fmt.Sprintf(`{"appKey":%q,"sdkKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":"x"}`, testKey, testKey, testMN, iat, iat+7200)), testKey, testSecret, nil, CodeNumberForm, SeverityError, "tokenExp"},
		{"malformed iat", jwtWith(fmt.Sprintf(`{"sdkKey":%q,"mn":%q,"role":0,"iat":1.5,"exp":%d}`, testKey, testMN, iat+7200)), testKey, testSecret, nil, CodeNumberForm, SeverityError, "no whole number"},
		{"malformed mn", jwtWith(fmt.Sprintf(`{"sdkKey":%q,"mn":[],"role":0,"iat":%d,"exp":%d}`, testKey, iat, iat+7200)), testKey, testSecret, nil, CodeMalformed, SeverityError, `"mn" claim is neither`},
		{"malformed key claim", jwtWith(fmt.Sprintf(`{"sdkKey":5,"mn":%q,"role":0,"iat":%d,"exp":%d}`, testMN, iat, iat+7200)), testKey, testSecret, nil, CodeMalformed, SeverityError, `"sdkKey" claim is a number, not a string`},
		{"video-claims", jwtWith(fmt.Sprintf(`{"app_key":%q,"role_type":1,"tpc":"","version":1,"iat":%d,"exp":%d}`, testKey, iat, iat+7200)), testKey, testSecret, nil, CodeVideoClaims, SeverityError, "session name is required"},
		{"video-claims version", jwtWith(fmt.Sprintf(`{"app_key":%q,"role_type":1,"tpc":"x","version":2,"iat":%d,"exp":%d}`, testKey, iat, iat+7200)), testKey, testSecret, nil, CodeVideoClaims, SeverityError, `"version" is 2`},
		{"video key mismatch", jwtWith(fmt.Sprintf(`{"app_key":%q,"role_type":1,"tpc":"x","version":1,"iat":%d,"exp":%d}`, otherKey, iat, iat+7200)), testKey, testSecret, nil, CodeKeyMismatch, SeverityError, `"app_key"`},
		{"jwt-segment: header and payload", strings.Join(strings.Split(goodJWT, ".")[:2], "."), "", "", nil, CodeJWTSegment, SeverityError, "without its signature"},
		{"quotes and whitespace trimmed", "  '\"" + hostJWT + "\"'\n", testKey, testSecret, nil, CodeHostRole, SeverityInfo, ""},
		{"response object in quotes", "`" + `{"signature":"` + good + `","sdkKey":"x"}` + "`", testKey, testSecret, nil, CodeResponseObject, SeverityError, "diagnosed below"},
		{"unverified", goodJWT, testKey, "", nil, CodeUnverified, SeverityInfo, "no secret"},
		{"invalid-credentials: secret", good, testKey, "short", nil, CodeInvalidCredentials, SeverityWarning, "does not check the HMAC"},
		{"invalid-credentials: key", good, "bad.key", testSecret, nil, CodeInvalidCredentials, SeverityWarning, "does not compare keys"},
		{"invalid-option", good, testKey, testSecret, []Option{WithDialect(DialectPHP)}, CodeInvalidOption, SeverityError, "WithDialect does not apply to Diagnose"},
		{"invalid-option value", good, testKey, testSecret, []Option{WithLeeway(-time.Second)}, CodeInvalidOption, SeverityError, "leeway"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]Option{clock}, tt.opts...)
			fs := Diagnose(tt.sig, tt.key, tt.secret, opts...)
			secret := tt.secret
			if len(secret) < minSecretLen {
				secret = "" // "short" is also a word of the message that refuses it
			}
			checkFindings(t, fs, secret)
			i := slices.IndexFunc(fs, func(f Finding) bool { return f.Code == tt.wantCode })
			require.GreaterOrEqual(t, i, 0, "no %s in %v", tt.wantCode, fs)
			require.Equal(t, tt.wantSev, fs[i].Severity)
			require.Contains(t, fs[i].Message, tt.wantMessage)
			if tt.wantSev != SeverityError && tt.wantCode != CodeInvalidCredentials && !strings.HasPrefix(tt.name, "token-exp") &&
				!strings.HasPrefix(tt.name, "missing-claim") && !strings.HasPrefix(tt.name, "timezone-offset") {
				require.Empty(t, errorCodes(fs), "%v", fs)
			}
		})
	}
}

// TestDiagnoseNeverLeaksSecret: even when the user pastes the secret where
// the signature or the key belongs, no finding shows it.
func TestDiagnoseNeverLeaksSecret(t *testing.T) {
	at := WithClock(FixedClock(testAt))
	good, err := Generate(testKey, testSecret, testMN, RoleAttendee, at)
	require.NoError(t, err)
	for _, c := range [][3]string{
		{testSecret, testKey, testSecret},
		{base64.StdEncoding.EncodeToString([]byte(testSecret)), testKey, testSecret},
		{good, testSecret, testSecret},
		{good, testSecret, testKey},
		{`{"signature":"` + testSecret + `"}`, "", testSecret},
	} {
		checkFindings(t, Diagnose(c[0], c[1], c[2], at), testSecret)
	}
}

func TestRedact(t *testing.T) {
	secret := "SECRETSECRETSE" // 14 bytes
	require.Equal(t, "a [REDACTED] b", redact("a "+secret+" b", secret))
	// A first pass over "S"+secret+"ECRETSECRETSE" could leave a new copy.
	tricky := "SECRETSECRETS" + secret + "ECRETSECRETSE"
	require.NotContains(t, redact(tricky, secret), secret)
	require.Equal(t, "A short one stays", redact("A short one stays", "A"))
}

func TestHuman(t *testing.T) {
	require.Equal(t, "1.5s", human(1500*time.Millisecond))
	require.Equal(t, "3h2m5s", human(3*time.Hour+2*time.Minute+5400*time.Millisecond))
	require.Equal(t, "47h59m0s", human(48*time.Hour-time.Minute))
	require.Equal(t, "2315 days", human(2315*24*time.Hour+5*time.Hour))
}

// FuzzDiagnose: Diagnose never panics, and what it returns always obeys
// checkFindings.
func FuzzDiagnose(f *testing.F) {
	for i, r := range readTSV(f, "testdata/broken_vectors.tsv", 8) {
		if i%4 == 0 {
			f.Add(r[7], r[2], r[3], atoi(f, r[6]))
		}
	}
	for i, v := range loadLegacyVectors(f) {
		if i%16 == 0 {
			f.Add(v.signature, v.key, v.secret, v.at.UnixMilli())
		}
	}
	f.Fuzz(func(t *testing.T, sig, key, secret string, atMillis int64) {
		fs := Diagnose(sig, key, secret, WithClock(FixedClock(time.UnixMilli(atMillis))))
		if len(secret) < minSecretLen {
			secret = "" // not a usable secret: any text may hold it
		}
		checkFindings(t, fs, secret)
	})
}

func TestExtractSignature(t *testing.T) {
	for in, want := range map[string]string{
		"abc":                                  "abc",
		"  'abc'\n":                            "abc",
		`"eyJ.x.y"`:                            "eyJ.x.y",
		`{"signature":"eyJ.x.y","sdkKey":"k"}`: "eyJ.x.y",
		` {"signature":" abc "} `:              "abc",
		`{"token":"abc"}`:                      "abc",
		`{"data":{"signature":"t"}}`:           "t",
		`{"id":"abc"}`:                         `{"id":"abc"}`,
		`{"signature":`:                        `{"signature":`,
		strings.Repeat("a", MaxDiagnoseLen+1):  strings.Repeat("a", MaxDiagnoseLen+1),
	} {
		require.Equal(t, want, ExtractSignature(in))
	}
}

// FuzzExtractSignature: whatever is pasted, the extracted signature is
// trimmed, never longer than the paste, and extracting it again changes
// nothing unless it was itself a response object.
func FuzzExtractSignature(f *testing.F) {
	for _, s := range []string{"  'abc'  ", `{"signature":"x.y.z","sdkKey":"k"}`, "`\"q\"`", `{"signature":""}`, `{"signature":" {\"signature\":\"a\"} "}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pasted string) {
		got := ExtractSignature(pasted)
		if len(pasted) <= MaxDiagnoseLen && got != strings.TrimSpace(got) {
			t.Fatalf("%q: %q is not trimmed", pasted, got)
		}
		if len(got) > len(pasted) {
			t.Fatalf("%q grew into %q", pasted, got)
		}
		if again := ExtractSignature(got); again != got && !strings.HasPrefix(got, "{") {
			t.Fatalf("%q: %q, then %q", pasted, got, again)
		}
	})
}
