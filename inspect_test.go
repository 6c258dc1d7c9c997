package zoomsig

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// tokenOf signs header.payload as written with HS256 under secret.
func tokenOf(header, payload, secret string) string {
	input := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload))
	return input + "." + base64.RawURLEncoding.EncodeToString(hmacSHA256(secret, input))
}

const jwtHeader = `{"alg":"HS256","typ":"JWT"}`

// inspectAt is the instant these tests judge at, after 2 March 2026.
var inspectAt = time.Date(2026, 11, 30, 9, 56, 36, 0, time.UTC)

func inspectPayload(extra string) string {
	iat := inspectAt.Unix() - 30
	return fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":%d%s}`, testKey, testMN, iat, iat+7200, iat+7200, extra)
}

func TestInspectVerified(t *testing.T) {
	at := WithClock(FixedClock(inspectAt))
	tok := tokenOf(jwtHeader, inspectPayload(""), testSecret)
	rep := Inspect(tok, testKey, testSecret, at)
	require.True(t, rep.Verified)
	require.Equal(t, FormatMeetingJWT, rep.Format)
	require.Equal(t, []string{CodeOutsideAccount}, codes(rep.Findings))
	require.Equal(t, []Claim{{"alg", json.RawMessage(`"HS256"`)}, {"typ", json.RawMessage(`"JWT"`)}}, rep.Header)
	require.Equal(t, "appKey", rep.Claims[0].Name)

	// An expired token can be verified; the findings do not change it.
	rep = Inspect(tok, testKey, testSecret, WithClock(FixedClock(inspectAt.Add(3*time.Hour))))
	require.True(t, rep.Verified)
	require.Contains(t, codes(rep.Findings), CodeExpired)

	for name, tt := range map[string]struct{ key, secret string }{
		"no secret":       {testKey, ""},
		"no key":          {"", testSecret},
		"another key":     {"OtherKey_0123456789abcd", testSecret},
		"another secret":  {testKey, "another-secret-of-36-characters-long!"},
		"secret trimmed":  {testKey, testSecret + "\n"},
		"secret + spaces": {testKey, " " + testSecret},
	} {
		rep := Inspect(tok, tt.key, tt.secret, at)
		require.False(t, rep.Verified, name)
	}
	// Padding removed, or the standard alphabet: a match only through a
	// mistaken recipe is not verified.
	seg := strings.Split(tok, ".")
	rep = Inspect(seg[0]+"."+seg[1]+"."+strings.NewReplacer("-", "+", "_", "/").Replace(seg[2])+"=", testKey, testSecret, at)
	require.False(t, rep.Verified)
	require.Contains(t, codes(rep.Findings), CodeJWTPadding)

	// Legacy: verified only as Zoom computes it, with the right key.
	legacy, err := Generate(testKey, testSecret, testMN, RoleAttendee, at)
	require.NoError(t, err)
	require.True(t, Inspect(legacy, testKey, testSecret, at).Verified)
	require.False(t, Inspect(legacy, "", testSecret, at).Verified)
	ruby, err := Generate(testKey, testSecret, testMN, RoleAttendee, at, WithDialect(DialectRubyURLSafe))
	require.NoError(t, err)
	if strings.ContainsAny(legacyHashOf(t, ruby), "-_") {
		require.False(t, Inspect(ruby, testKey, testSecret, at).Verified)
	}
}

func legacyHashOf(t *testing.T, sig string) string {
	joined, ok := decodeLenient(sig)
	require.True(t, ok)
	f := strings.Split(joined, ".")
	return f[len(f)-1]
}

func TestInspectSecretWhitespace(t *testing.T) {
	at := WithClock(FixedClock(inspectAt))
	for name, tt := range map[string]struct{ signedWith, given, says string }{
		"server's secret ends in a newline":   {testSecret + "\n", testSecret, "newline added"},
		"server's secret ends in CR LF":       {testSecret + "\r\n", testSecret, "CR LF"},
		"server's secret ends in a tab":       {testSecret + "\t", testSecret, "tab added"},
		"server's secret starts with a space": {" " + testSecret, testSecret, "space added at its start"},
		"server's secret ends in a space":     {testSecret + " ", testSecret, "space added"},
		"secret given with a newline":         {testSecret, testSecret + "\n", "removed"},
		"secret given with spaces around it":  {testSecret, "  " + testSecret + " ", "removed"},
	} {
		t.Run(name, func(t *testing.T) {
			tok := tokenOf(jwtHeader, inspectPayload(""), tt.signedWith)
			rep := Inspect(tok, testKey, tt.given, at)
			require.False(t, rep.Verified)
			cs := codes(rep.Findings)
			require.Equal(t, CodeSecretWhitespace, cs[0], "%v", rep.Findings)
			require.NotContains(t, cs, CodeHashMismatch)
			require.NotContains(t, cs, CodeInvalidCredentials)
			require.Contains(t, rep.Findings[0].Message, tt.says)
			checkFindings(t, rep.Findings, strings.TrimSpace(tt.given))

			legacy, err := Generate(testKey, strings.TrimSpace(tt.signedWith), testMN, RoleAttendee, at)
			require.NoError(t, err)
			if tt.signedWith == strings.TrimSpace(tt.signedWith) {
				require.Contains(t, codes(Diagnose(legacy, testKey, tt.given, at)), CodeSecretWhitespace)
			}
		})
	}
	// A wrong secret stays a hash-mismatch.
	tok := tokenOf(jwtHeader, inspectPayload(""), testSecret)
	require.Contains(t, codes(Diagnose(tok, testKey, "another-secret-of-36-characters-long!", at)), CodeHashMismatch)
}

func TestInspectClaimValues(t *testing.T) {
	at := WithClock(FixedClock(inspectAt))
	iat := inspectAt.Unix() - 30
	tests := []struct {
		name          string
		payload       string
		first         string
		present       []string
		absent        []string
		claim, value  string // a claim kept exactly as written
		wantSeverity  Severity
		wantInMessage string
	}{
		{"exponent tokenExp", fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":%s}`, testKey, testMN, iat, iat+7200, strings.Replace(fmt.Sprintf("%.9E", float64(iat+7200)), "E+09", "E9", 1)),
			CodeNumberForm, nil, []string{CodeMalformed, CodeTokenExp}, "tokenExp", strings.Replace(fmt.Sprintf("%.9E", float64(iat+7200)), "E+09", "E9", 1), SeverityWarning, "read here as"},
		{"role as a string", fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":"1","iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat, iat+7200, iat+7200),
			CodeNumberForm, []string{CodeHostRole}, []string{CodeMalformed, CodeRole}, "role", `"1"`, SeverityWarning, `"role"`},
		{"iat as a float", fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":0,"iat":%d.0,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat, iat+7200, iat+7200),
			CodeNumberForm, nil, []string{CodeMalformed}, "iat", fmt.Sprintf("%d.0", iat), SeverityWarning, "1796"},
		{"iat unreadable", fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":0,"iat":"abc","exp":%d,"tokenExp":%d}`, testKey, testMN, iat+7200, iat+7200),
			CodeNumberForm, nil, []string{CodeMalformed, CodeMissingClaim}, "iat", `"abc"`, SeverityError, "no whole number"},
		{"role 1e300", fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":1e300,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat, iat+7200, iat+7200),
			CodeNumberForm, nil, []string{CodeMalformed}, "role", "1e300", SeverityError, `"role"`},
		{"role 2", fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":2,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat, iat+7200, iat+7200),
			CodeRole, nil, []string{CodeMalformed}, "role", "2", SeverityError, "neither 0 nor 1"},
		{"seconds read as ms", fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":1.796036536E9}`, testKey, testMN, iat/1000, iat/1000+4),
			CodeSecondsReadAsMS, []string{CodeNumberForm, CodeJWTExpWindow}, []string{CodeMalformed}, "tokenExp", "1.796036536E9", SeverityError, "÷ 1000"},
		{"misnamed mn", fmt.Sprintf(`{"appKey":%q,"meetingNumber":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat, iat+7200, iat+7200),
			CodeMisnamedClaim, []string{CodeMissingClaim}, nil, "meetingNumber", `"` + testMN + `"`, SeverityError, `"meetingNumber" where Zoom reads "mn"`},
		{"misnamed key", fmt.Sprintf(`{"apiKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat, iat+7200, iat+7200),
			CodeMisnamedClaim, nil, nil, "apiKey", `"` + testKey + `"`, SeverityError, `"apiKey"`},
		{"duplicate role", fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":1,"role":0,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testMN, iat, iat+7200, iat+7200),
			CodeDuplicateClaim, nil, []string{CodeHostRole}, "role", "1", SeverityWarning, `"role" more than once`},
		{"secret in a claim", fmt.Sprintf(`{"appKey":%q,"mn":%q,"role":0,"iat":%d,"exp":%d,"tokenExp":%d,"secret":%q}`, testKey, testMN, iat, iat+7200, iat+7200, testSecret),
			CodeSecretInToken, nil, nil, "secret", `"[REDACTED]"`, SeverityError, "rotate"},
		{"video role in a Video token", fmt.Sprintf(`{"app_key":%q,"role":1,"tpc":"t","version":1,"iat":%d,"exp":%d}`, testKey, iat, iat+7200),
			CodeMisnamedClaim, nil, nil, "role", "1", SeverityError, `"role" where Zoom reads "role_type"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Inspect(tokenOf(jwtHeader, tt.payload, testSecret), testKey, testSecret, at)
			checkFindings(t, rep.Findings, testSecret)
			cs := codes(rep.Findings)
			require.Equal(t, tt.first, cs[0], "%v", rep.Findings)
			require.Equal(t, tt.wantSeverity, rep.Findings[0].Severity)
			if tt.name != "secret in a claim" {
				require.Contains(t, rep.Findings[0].Message, tt.wantInMessage)
			} else {
				require.Contains(t, rep.Findings[0].Fix, "Rotate")
			}
			for _, c := range tt.present {
				require.Contains(t, cs, c)
			}
			for _, c := range tt.absent {
				require.NotContains(t, cs, c)
			}
			require.NotEqual(t, FormatUnknown, rep.Format)
			i := slices.IndexFunc(rep.Claims, func(c Claim) bool { return c.Name == tt.claim })
			require.GreaterOrEqual(t, i, 0)
			require.Equal(t, tt.value, string(rep.Claims[i].Value))
			require.NotContains(t, fmt.Sprint(rep), testSecret)
		})
	}
}

func TestInspectKinds(t *testing.T) {
	at := WithClock(FixedClock(inspectAt))
	iat := inspectAt.Unix()
	zak := tokenOf(`{"typ":"JWT","zm_skm":"zm_o2m","alg":"HS256"}`, fmt.Sprintf(`{"aud":"clientsm","uid":"u","iss":"web","sk":"0","sty":100,"wcd":"aw1","clt":0,"exp":%d,"iat":%d}`, iat+7200, iat), "x")
	mac := base64.StdEncoding.EncodeToString(hmacSHA256(testSecret, "x"))
	tests := []struct {
		name, input string
		format      Format
		first       string
		message     string
	}{
		{"bare MAC, standard, padded", mac, FormatJWTSegment, CodeJWTSegment, "HMAC-SHA256 alone"},
		{"bare MAC, URL-safe, unpadded", base64.RawURLEncoding.EncodeToString(hmacSHA256(testSecret, "x")), FormatJWTSegment, CodeJWTSegment, "HMAC-SHA256 alone"},
		{"ZAK", zak, FormatJoinToken, CodeMalformed, "zak"},
		{"UUID", "123e4567-e89b-12d3-a456-426614174000", FormatUnknown, CodeMalformed, "UUID"},
		{"HTML", "<html><body>502</body></html>", FormatUnknown, CodeMalformed, "HTML"},
		{"BOM", "\uFEFF" + tokenOf(jwtHeader, inspectPayload(""), testSecret), FormatMeetingJWT, CodeInvisibleCharacters, "around"},
		{"zero-width inside", strings.Replace(tokenOf(jwtHeader, inspectPayload(""), testSecret), ".", ".\u200B", 1), FormatMeetingJWT, CodeInvisibleCharacters, "inside"},
		{"btoa token", strings.NewReplacer("-", "+", "_", "/").Replace(tokenOf(jwtHeader, inspectPayload(`,"x":"??>"`), testSecret)), FormatMeetingJWT, CodeJWTPadding, "standard base64 alphabet"},
		{"invalid UTF-8", "eyJ\x92.a.b", FormatUnknown, CodeMalformed, "0x92"},
		{"response object", `{"signature":"` + tokenOf(jwtHeader, inspectPayload(""), testSecret) + `"}`, FormatMeetingJWT, CodeResponseObject, "whole JSON response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Inspect(tt.input, testKey, testSecret, at)
			checkFindings(t, rep.Findings, testSecret)
			require.Equal(t, tt.format, rep.Format)
			require.Equal(t, tt.first, rep.Findings[0].Code, "%v", rep.Findings)
			require.Contains(t, rep.Findings[0].Message, tt.message)
			require.NotContains(t, codes(rep.Findings), CodeInvalidCredentials)
			if tt.format == FormatJWTSegment {
				require.NotContains(t, codes(rep.Findings), CodeMalformed)
			}
		})
	}
	// One rule for DetectFormat and Inspect.
	require.Equal(t, FormatJoinToken, DetectFormat(zak))
	require.Equal(t, FormatJWTSegment, DetectFormat(mac))
	require.Equal(t, FormatMeetingJWT, DetectFormat(tokenOf(jwtHeader, `{"meetingNumber":"1","role":0}`, "s")))
	require.Equal(t, FormatVideoJWT, DetectFormat(tokenOf(jwtHeader, `{"tpc":"x","role_type":0}`, "s")))
	require.Equal(t, FormatMeetingJWT, DetectFormat(tokenOf(jwtHeader, `{"appKey":"k","mn":"1","role_type":0}`, "s")))
	require.Equal(t, FormatRESTAPIJWT, DetectFormat(tokenOf(jwtHeader, `{"iss":"k","exp":1}`, "s")))
}

func TestInspectJoinCall(t *testing.T) {
	at := WithClock(FixedClock(inspectAt))
	iat := inspectAt.Unix() - 30
	meeting := tokenOf(jwtHeader, inspectPayload(""), testSecret)
	video := tokenOf(jwtHeader, fmt.Sprintf(`{"app_key":%q,"role_type":0,"tpc":"Weekly Standup","version":1,"iat":%d,"exp":%d}`, testKey, iat, iat+7200), testSecret)
	tests := []struct {
		name, token string
		join        JoinCall
		sdk         string
		sev         Severity // of the join-mismatch finding; -1 for none
		message     string
	}{
		{"same meeting, spaced", meeting, JoinCall{MeetingNumber: "858 2327 2833"}, "", -1, ""},
		{"another meeting", meeting, JoinCall{MeetingNumber: "85823272834"}, "", SeverityError, "at character 11"},
		{"not a meeting number", meeting, JoinCall{MeetingNumber: "abc"}, "", SeverityError, "meeting number passed to join()"},
		{"another key, web (6.2.0 sends the token's)", meeting, JoinCall{SDKKey: "BdrX5jD_Rsagb902E7I15B"}, "", SeverityWarning, "each view sends the token's key and ignores the join option's"},
		{"another key, web 3.13.2 (sends the join option's)", meeting, JoinCall{SDKKey: "BdrX5jD_Rsagb902E7I15B"}, "web@3.13.2", SeverityError, "each view sends the join option's key to Zoom"},
		{"another key, web 3.20 (judged as 3.13.2)", meeting, JoinCall{SDKKey: "BdrX5jD_Rsagb902E7I15B"}, "web@3.20", SeverityError, "judged as 3.13.2"},
		{"another key, android", meeting, JoinCall{SDKKey: "BdrX5jD_Rsagb902E7I15B"}, "android", SeverityWarning, "at character 22"},
		{"topic with a Meeting token", meeting, JoinCall{Topic: "x"}, "", SeverityWarning, "Video SDK"},
		{"same topic, other case", video, JoinCall{Topic: "weekly standup"}, "", -1, ""},
		{"topic one off", video, JoinCall{Topic: "Weekly Standuq"}, "", SeverityError, "at character 14"},
		{"topic too long", video, JoinCall{Topic: strings.Repeat("a", 201)}, "", SeverityError, "5013"},
		{"password too long", video, JoinCall{Topic: "weekly standup", Password: "12345678901"}, "", SeverityError, "11 characters"},
		{"password too long, 1.12.17 (no code)", video, JoinCall{Topic: "weekly standup", Password: "12345678901"}, "video-web@1.12.17", SeverityError, `Video SDK for web 1.12.17 rejects join() with "The maximum length of password is 10" (type INVALID_PARAMETERS, no error code)`},
		{"password too long, 2.5.0", video, JoinCall{Topic: "weekly standup", Password: "12345678901"}, "video-web@2.5.0", SeverityError, `Video SDK for web 2.5.0 rejects join() with 5013 "The maximum length of password is 10"`},
		{"password of 10 emoji halves", video, JoinCall{Topic: "weekly standup", Password: "🎥🎥🎥🎥🎥🎥"}, "", SeverityError, "12 characters"},
		{"topic too long, 1.13 (judged as 1.12.17)", video, JoinCall{Topic: strings.Repeat("a", 201)}, "video-web@1.13", SeverityError, "judged as 1.12.17"},
		{"topic too long, 0.9 (oldest measured)", video, JoinCall{Topic: strings.Repeat("a", 201)}, "video-web@0.9", SeverityError, "the oldest measured version"},
		// Zoom's page allows printable ASCII only, but neither bundle
		// checks it (join sends it): a warning, not an error.
		{"password not ASCII", video, JoinCall{Topic: "weekly standup", Password: "pässwd"}, "", SeverityWarning, "at character 2"},
		{"key with a Video token", video, JoinCall{SDKKey: testKey}, "", SeverityWarning, "takes none"},
		{"meeting with a Video token", video, JoinCall{MeetingNumber: testMN}, "", SeverityWarning, "session name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := []Option{at, WithJoinCall(tt.join)}
			if tt.sdk != "" {
				opts = append(opts, WithSDKVersion(tt.sdk))
			}
			fs := Diagnose(tt.token, testKey, testSecret, opts...)
			checkFindings(t, fs, testSecret)
			i := slices.IndexFunc(fs, func(f Finding) bool { return f.Code == CodeJoinMismatch })
			if tt.sev < 0 {
				require.Equal(t, -1, i, "%v", fs)
				return
			}
			require.GreaterOrEqual(t, i, 0, "%v", fs)
			require.Equal(t, tt.sev, fs[i].Severity)
			require.Contains(t, fs[i].Message, tt.message)
			if tt.join.Password != "" {
				require.NotContains(t, fmt.Sprint(fs), tt.join.Password)
			}
		})
	}
}

func TestInspectPlatforms(t *testing.T) {
	at := WithClock(FixedClock(inspectAt.Add(3 * time.Hour)))
	meeting := tokenOf(jwtHeader, inspectPayload(""), testSecret)
	native, err := GenerateNativeJWT(testKey, testSecret, WithClock(FixedClock(inspectAt)))
	require.NoError(t, err)
	for _, tt := range []struct {
		token, sdk, want string
	}{
		{meeting, "", "3705"},
		{meeting, "web@6.2.0", "3705"},
		{meeting, "android", "ZOOM_ERROR_AUTHRET_TOKENWRONG (5)"},
		{meeting, "ios@6.3.0", "MobileRTCAuthError_TokenWrong (11)"},
		{meeting, "macos", "ZoomSDKAuthError_JwtTokenWrong (7)"},
		{meeting, "windows", "AUTHRET_JWTTOKENWRONG (11)"},
		{native, "", "ZOOM_ERROR_AUTHRET_TOKENWRONG (5)"},
		{native, "", "MobileRTCAuthError_TokenWrong (11)"},
	} {
		fs := Diagnose(tt.token, testKey, testSecret, at, WithSDKVersion(cmpOr(tt.sdk, "web")))
		if tt.sdk == "" {
			fs = Diagnose(tt.token, testKey, testSecret, at)
		}
		i := slices.IndexFunc(fs, func(f Finding) bool { return f.Code == CodeExpired })
		require.GreaterOrEqual(t, i, 0, "%v", fs)
		require.Contains(t, fs[i].Message, tt.want, tt.sdk)
	}
	// A bare version: the kind's own platform, said as an info finding.
	fs := Diagnose(meeting, testKey, testSecret, at, WithSDKVersion("6.2.0"))
	require.Contains(t, fmt.Sprint(fs), "judged as web@6.2.0")
	for _, bad := range []string{"web@x", "beos", "@1", "android@1.2.3.4"} {
		require.Equal(t, CodeInvalidOption, Diagnose(meeting, "", "", WithSDKVersion(bad))[0].Code, bad)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// doubled finds a word written twice in a row ("the the").
var doubled = regexp.MustCompile(`(?i)\b(\w+)\s+(\w+)\b`)

// TestMessagesProofread reads every message and fix the diagnosis writes
// over the corpus, the broken vectors and the tables above, on every
// platform: no doubled word, one sentence each, and every error or warning
// names the platform's code or says that none is known.
func TestMessagesProofread(t *testing.T) {
	var inputs []string
	for _, r := range readTSV(t, "testdata/broken_vectors.tsv", 8) {
		inputs = append(inputs, r[7])
	}
	iat := inspectAt.Unix()
	inputs = append(inputs, tokenOf(jwtHeader, fmt.Sprintf(`{"appKey":"k","meetingNumber":"1","role_type":"x","iat":%d,"exp":%d.5,"role":1,"role":2}`, iat/1000, iat), "s"),
		"\uFEFFa.b", "8xpV+YJ6df3Tjpx/TsvGW0VMWABhURKtG4fIGro6WZU=", "not a signature", "",
		tokenOf(jwtHeader, fmt.Sprintf(`{"sdkKey":"k","mn":"1","role":0,"iat":%d,"exp":%d,"x":%q}`, iat, iat+60, testSecret), "s"),
		tokenOf(jwtHeader, fmt.Sprintf(`{"app_key":"k","role_type":1,"tpc":"","version":2,"iat":%d,"exp":%d}`, iat+9000, iat), "s"))
	reports, err := filepath.Glob("testdata/reports/*/input.txt")
	require.NoError(t, err)
	for _, r := range reports {
		b, err := os.ReadFile(r)
		require.NoError(t, err)
		inputs = append(inputs, string(b))
	}
	codeOf := regexp.MustCompile(`\b\d{3,4}\b|[A-Z][A-Za-z]+_[A-Za-z_]+ \(\d+\)|no error code of|known|refuses it before|Zoom answers|rejects join\(\)|unknown|strict verifiers refuse`)
	checked := 0
	problems := map[string]bool{}
	for _, sdk := range []string{"", "web@1.9.9", "web@6.2.0", "video-web", "android", "ios", "macos", "windows", "video-android", "video-ios"} {
		for _, in := range inputs {
			opts := []Option{WithClock(FixedClock(inspectAt)), WithJoinCall(JoinCall{MeetingNumber: "1", Topic: "x", SDKKey: "k", Password: "ü"})}
			if sdk != "" {
				opts = append(opts, WithSDKVersion(sdk))
			}
			for _, f := range Diagnose(in, testKey, testSecret, opts...) {
				for _, text := range []string{f.Message, f.Fix} {
					for _, m := range doubled.FindAllStringSubmatch(text, -1) {
						if strings.EqualFold(m[1], m[2]) {
							problems[fmt.Sprintf("%s: doubled word in %q", f.Code, text)] = true
						}
					}
					plain := strings.NewReplacer("e.g. ", "", "i.e. ", "").Replace(strings.TrimSuffix(text, "."))
					if regexp.MustCompile(`\. [A-Z]`).MatchString(plain) {
						problems[fmt.Sprintf("%s: more than one sentence: %q", f.Code, text)] = true
					}
				}
				// invalid-credentials and invalid-option are about what was
				// given to the diagnosis, not about what Zoom shows.
				if f.Severity >= SeverityWarning && f.Code != CodeInvalidCredentials && f.Code != CodeInvalidOption && !codeOf.MatchString(f.Message) {
					problems[fmt.Sprintf("%s under %q names no code: %q", f.Code, sdk, f.Message)] = true
				}
				checked++
			}
		}
	}
	require.Greater(t, checked, 1000)
	for p := range problems {
		t.Error(p)
	}
}

// FuzzInspect: Inspect never panics, and for any JWT whose payload is a
// JSON object its Claims read as encoding/json reads the payload (last
// member wins).
func FuzzInspect(f *testing.F) {
	for _, r := range readTSV(f, "testdata/meeting_jwt_vectors.tsv", 10) {
		seg := strings.Split(r[9], ".")
		p, _ := base64.RawURLEncoding.DecodeString(seg[1])
		f.Add(string(p))
	}
	f.Add(`{"a":1,"a":2,"b":"\u00e9","c":1.5E9}`)
	f.Add(`{"\ud800":"x","role":"1"}`)
	f.Fuzz(func(t *testing.T, payload string) {
		if strings.Contains(payload, testSecret) {
			return // shown as "[REDACTED]", by design
		}
		tok := tokenOf(jwtHeader, payload, testSecret)
		rep := Inspect(tok, testKey, testSecret, WithClock(FixedClock(inspectAt)))
		var want map[string]json.RawMessage
		if json.Unmarshal([]byte(payload), &want) != nil || want == nil {
			return
		}
		got := lastWins(rep.Claims)
		require.Equal(t, len(want), len(got), "%q: %v", payload, rep.Claims)
		for k, v := range want {
			require.Equal(t, string(v), string(got[k]), "%q: member %q", payload, k)
		}
	})
}

// TestJSLower: jsLower agrees with JavaScript's toLowerCase on every line
// testdata/gen/lower.js wrote with node.
func TestJSLower(t *testing.T) {
	rows := readTSV(t, "testdata/js_lower.tsv", 2)
	require.NotEmpty(t, rows)
	for _, r := range rows {
		var in, want string
		require.NoError(t, json.Unmarshal([]byte(r[0]), &in))
		require.NoError(t, json.Unmarshal([]byte(r[1]), &want))
		require.Equal(t, want, jsLower(in), "%q", in)
	}
}

// TestInspectSecretEscapedOrNamed: the secret hidden behind a JSON escape,
// or used as a member name, is still found and never shown.
func TestInspectSecretEscapedOrNamed(t *testing.T) {
	at := WithClock(FixedClock(inspectAt))
	escaped := `"` + `\u00` + fmt.Sprintf("%02x", testSecret[0]) + testSecret[1:] + `"`
	for _, extra := range []string{`,"note":` + escaped, fmt.Sprintf(`,%q:1`, testSecret)} {
		rep := Inspect(tokenOf(jwtHeader, inspectPayload(extra), testSecret), testKey, testSecret, at)
		require.Contains(t, codes(rep.Findings), CodeSecretInToken, extra)
		shown, err := json.Marshal(rep)
		require.NoError(t, err)
		require.NotContains(t, string(shown), testSecret)
		require.NotContains(t, string(shown), testSecret[1:])
	}
}
