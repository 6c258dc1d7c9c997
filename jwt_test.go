package zoomsig

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"
)

// readTSV reads a golden file's rows and fails if none load.
func readTSV(tb testing.TB, path string, columns int) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	require.NoError(tb, err)
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			row := strings.Split(line, "\t")
			require.Len(tb, row, columns, "%s: %q", path, line)
			rows = append(rows, row)
		}
	}
	require.NoError(tb, sc.Err())
	require.NotEmpty(tb, rows, "no golden vectors loaded from %s", path)
	return rows
}

func atoi(tb testing.TB, s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	require.NoError(tb, err)
	return n
}

// optIntCol reads an optional integer column ("" means not set).
func optIntCol(tb testing.TB, s string) *int {
	if s == "" {
		return nil
	}
	n := int(atoi(tb, s))
	return &n
}

type meetingVector struct {
	id, key, secret, meeting string
	role                     *int
	at                       time.Time
	opts                     []Option
	token                    string
}

func loadMeetingVectors(tb testing.TB) []meetingVector {
	var vs []meetingVector
	for _, r := range readTSV(tb, "testdata/meeting_jwt_vectors.tsv", 10) {
		v := meetingVector{id: r[0], key: r[1], secret: r[2], meeting: r[3], role: optIntCol(tb, r[4]),
			at: time.UnixMilli(atoi(tb, r[5])), token: r[9]}
		v.opts = []Option{WithClock(FixedClock(v.at)), WithBackdate(time.Duration(atoi(tb, r[6])) * time.Second)}
		if r[7] != "" {
			v.opts = append(v.opts, WithExpiry(time.Duration(atoi(tb, r[7]))*time.Second))
		}
		if m := optIntCol(tb, r[8]); m != nil {
			v.opts = append(v.opts, WithVideoWebRTCMode(*m))
		}
		vs = append(vs, v)
	}
	return vs
}

// golangJWTVerify verifies a token with golang-jwt v5 at the instant at.
func golangJWTVerify(token, secret string, at time.Time) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return []byte(secret), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return at }), jwt.WithIssuedAt())
	return claims, err
}

func TestGoldenMeetingJWT(t *testing.T) {
	for _, v := range loadMeetingVectors(t) {
		t.Run(v.id, func(t *testing.T) {
			var got string
			var err error
			if v.role == nil {
				got, err = GenerateNativeJWT(v.key, v.secret, v.opts...)
			} else {
				got, err = GenerateJWT(v.key, v.secret, v.meeting, Role(*v.role), v.opts...)
			}
			require.NoError(t, err)
			require.Equal(t, v.token, got, "byte-identical to jsrsasign")

			// A reused Signer makes the same bytes.
			s, err := NewSigner(v.key, v.secret)
			require.NoError(t, err)
			if v.role == nil {
				got, err = s.SignNativeJWT(v.opts...)
			} else {
				got, err = s.SignJWT(v.meeting, Role(*v.role), v.opts...)
			}
			require.NoError(t, err)
			require.Equal(t, v.token, got)

			c, err := VerifyJWT(v.token, v.key, v.secret, WithClock(FixedClock(v.at)))
			require.NoError(t, err)
			require.Equal(t, v.key, c.SDKKey)
			require.Equal(t, v.key, c.AppKey)
			require.Equal(t, v.meeting, c.MeetingNumber)
			require.Equal(t, v.role == nil, c.Native)
			require.Equal(t, c.ExpiresAt, c.TokenExpiresAt)

			mc, err := golangJWTVerify(v.token, v.secret, v.at)
			require.NoError(t, err, "golang-jwt refuses it")
			require.Equal(t, float64(c.IssuedAt.Unix()), mc["iat"])
		})
	}
}

func TestGoldenVideoJWT(t *testing.T) {
	rows := readTSV(t, "testdata/video_jwt_vectors.tsv", 18)
	for _, r := range rows {
		t.Run(r[0], func(t *testing.T) {
			key, secret := r[1], r[2]
			at := time.UnixMilli(atoi(t, r[5]))
			opts := []Option{WithClock(FixedClock(at)), WithBackdate(time.Duration(atoi(t, r[6])) * time.Second)}
			if r[7] != "" {
				opts = append(opts, WithExpiry(time.Duration(atoi(t, r[7]))*time.Second))
			}
			v := VideoToken{Role: Role(atoi(t, r[3])), SessionName: r[4], UserIdentity: r[8], SessionKey: r[9],
				CloudRecordingOption: optIntCol(t, r[11]), CloudRecordingElection: optIntCol(t, r[12]),
				VideoWebRTCMode: optIntCol(t, r[13]), AudioWebRTCMode: optIntCol(t, r[14]), TelemetryTrackingID: r[15]}
			if r[10] != "" {
				v.GeoRegions = strings.Split(r[10], ",")
			}
			if v.AudioWebRTCMode == nil { // the sample's fallback to audioCompatibleMode
				v.AudioWebRTCMode = optIntCol(t, r[16])
			}
			got, err := GenerateVideoJWT(key, secret, v, opts...)
			require.NoError(t, err)
			require.Equal(t, r[17], got, "byte-identical to jsrsasign")

			c, err := VerifyVideoJWT(got, key, secret, WithClock(FixedClock(at)))
			require.NoError(t, err)
			if d := cmp.Diff(v, c.VideoToken); d != "" {
				t.Fatalf("claims differ (-made +parsed):\n%s", d)
			}
			require.Equal(t, 1, c.Version)
			_, err = golangJWTVerify(got, secret, at)
			require.NoError(t, err, "golang-jwt refuses it")
		})
	}
}

// TestGolangJWTTokensVerify: we verify tokens golang-jwt makes, and each
// side refuses the other's tampered tokens.
func TestGolangJWTCrossCheck(t *testing.T) {
	iat := testAt.Unix()
	made, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sdkKey": testKey, "appKey": testKey, "mn": testMN, "role": 1, "iat": iat, "exp": iat + 7200, "tokenExp": iat + 7200,
	}).SignedString([]byte(testSecret))
	require.NoError(t, err)
	c, err := VerifyJWT(made, testKey, testSecret, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	require.Equal(t, RoleHost, c.Role)
	require.Equal(t, testMN, c.MeetingNumber)

	ours, err := GenerateJWT(testKey, testSecret, testMN, RoleHost, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	_, err = golangJWTVerify(ours, testSecret, testAt)
	require.NoError(t, err)

	for name, tok := range map[string]string{"golang-jwt's": made, "ours": ours} {
		for _, tampered := range tamperings(tok) {
			_, err := VerifyJWT(tampered, testKey, testSecret, WithClock(FixedClock(testAt)))
			require.Error(t, err, "we accept a tampered %s token %s", name, tampered)
			_, err = golangJWTVerify(tampered, testSecret, testAt)
			require.Error(t, err, "golang-jwt accepts a tampered %s token", name)
		}
	}
}

// tamperings returns copies of a token with one change each: a payload
// claim, the header, the signature.
func tamperings(tok string) []string {
	seg := strings.Split(tok, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(seg[1])
	changed := strings.Replace(string(payload), `"role":1`, `"role":0`, 1)
	if changed == string(payload) {
		changed = strings.Replace(string(payload), `"role":0`, `"role":1`, 1)
	}
	sig, _ := base64.RawURLEncoding.DecodeString(seg[2])
	sig[0] ^= 1
	return []string{
		seg[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(changed)) + "." + seg[2],
		base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWS"}`)) + "." + seg[1] + "." + seg[2],
		seg[0] + "." + seg[1] + "." + base64.RawURLEncoding.EncodeToString(sig),
	}
}

// signRaw makes a token from literal header and payload JSON, for refusals.
func signRaw(header, payload, secret string) string {
	in := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(in))
	return in + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// unsigned makes a token with an empty signature, as "alg":"none" has.
func unsigned(header, payload string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + "."
}

func meetingPayload(iat, exp int64, extra string) string {
	return fmt.Sprintf(`{"appKey":%q,"sdkKey":%q,"mn":"85823272833","role":0,"iat":%d,"exp":%d,"tokenExp":%d%s}`, testKey, testKey, iat, exp, exp, extra)
}

func TestVerifyJWTRefuses(t *testing.T) {
	const hs256 = `{"alg":"HS256","typ":"JWT"}`
	iat := testAt.Unix()
	good := signRaw(hs256, meetingPayload(iat, iat+7200, ""), testSecret)
	seg := strings.Split(good, ".")
	at := WithClock(FixedClock(testAt))
	tests := []struct {
		name          string
		token         string
		opts          []Option
		wantErr       error
		wantInMessage string
	}{
		{"good", good, []Option{at}, nil, ""},
		{"tampered payload", tamperings(good)[0], []Option{at}, ErrHashMismatch, "does not match"},
		{"tampered header", tamperings(good)[1], []Option{at}, ErrHashMismatch, "does not match"},
		{"tampered signature", tamperings(good)[2], []Option{at}, ErrHashMismatch, "does not match"},
		{"wrong secret", signRaw(hs256, meetingPayload(iat, iat+7200, ""), strings.ToUpper(testSecret)), []Option{at}, ErrHashMismatch, "does not match"},
		{"alg none", unsigned(`{"alg":"none","typ":"JWT"}`, meetingPayload(iat, iat+7200, "")), []Option{at}, ErrAlgorithm, `"none"`},
		{"alg none with another key", unsigned(`{"alg":"none"}`, strings.ReplaceAll(meetingPayload(iat, iat+7200, ""), testKey, "OtherKey012345678901ab")), []Option{at}, ErrAlgorithm, `"none"`},
		{"alg HS512", signRaw(`{"alg":"HS512","typ":"JWT"}`, meetingPayload(iat, iat+7200, ""), testSecret), []Option{at}, ErrAlgorithm, `"HS512"`},
		{"alg RS256", signRaw(`{"alg":"RS256"}`, meetingPayload(iat, iat+7200, ""), testSecret), []Option{at}, ErrAlgorithm, `"RS256"`},
		{"no alg", signRaw(`{"typ":"JWT"}`, meetingPayload(iat, iat+7200, ""), testSecret), []Option{at}, ErrMalformed, `no "alg"`},
		{"alg not a string", signRaw(`{"alg":1}`, meetingPayload(iat, iat+7200, ""), testSecret), []Option{at}, ErrMalformed, "not a string"},
		{"expired", good, []Option{WithClock(FixedClock(testAt.Add(2*time.Hour + time.Second)))}, ErrExpired, "expired 1s ago"},
		{"expired exactly at exp", good, []Option{WithClock(FixedClock(time.Unix(iat+7200, 0)))}, ErrExpired, "expired 0s ago"},
		{"tokenExp before exp", signRaw(hs256, fmt.Sprintf(`{"sdkKey":%q,"mn":"85823272833","role":0,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, iat, iat+7200, iat+3600), testSecret), []Option{WithClock(FixedClock(time.Unix(iat+3600, 0)))}, ErrExpired, "tokenExp"},
		{"early", good, []Option{WithClock(FixedClock(time.Unix(iat-1, 0)))}, ErrNotYetValid, "1s ahead"},
		{"early within leeway", good, []Option{WithClock(FixedClock(time.Unix(iat-60, 0))), WithLeeway(time.Minute)}, nil, ""},
		{"window too short", signRaw(hs256, meetingPayload(iat, iat+1799, ""), testSecret), []Option{at}, ErrExpiryWindow, "1799s"},
		{"window too long", signRaw(hs256, meetingPayload(iat, iat+172801, ""), testSecret), []Option{at}, ErrExpiryWindow, "172801s"},
		{"window negative", signRaw(hs256, meetingPayload(iat, iat-10, ""), testSecret), []Option{at}, ErrExpiryWindow, "-10s"},
		{"milliseconds", signRaw(hs256, meetingPayload(iat*1000, iat*1000+7200000, ""), testSecret), []Option{at}, ErrExpiryWindow, "7200000s"},
		{"wrong key", signRaw(hs256, strings.ReplaceAll(meetingPayload(iat, iat+7200, ""), testKey, "OtherKey012345678901ab"), testSecret), []Option{at}, ErrKeyMismatch, `"OtherKey012345678901ab", not the expected key`},
		{"appKey differs from sdkKey", signRaw(hs256, strings.Replace(meetingPayload(iat, iat+7200, ""), testKey, "OtherKey012345678901ab", 1), testSecret), []Option{at}, ErrKeyMismatch, `"appKey"`},
		{"REST API JWT", signRaw(hs256, fmt.Sprintf(`{"iss":%q,"exp":%d}`, testKey, iat+7200), testSecret), []Option{at}, ErrMalformed, "neither \"sdkKey\" nor \"appKey\""},
		{"truncated", good[:len(good)-10], []Option{at}, ErrMalformed, "canonical"},
		{"two segments", seg[0] + "." + seg[1], []Option{at}, ErrMalformed, "2 '.'-separated segments"},
		{"four segments", good + ".x", []Option{at}, ErrMalformed, "4 '.'-separated segments"},
		{"padded", seg[0] + "=." + seg[1] + "." + seg[2], []Option{at}, ErrMalformed, "not unpadded base64url"},
		{"standard alphabet", seg[0] + "." + seg[1] + "." + strings.NewReplacer("-", "+", "_", "/").Replace(seg[2]) + "+", []Option{at}, ErrMalformed, "signature segment"},
		{"whitespace", " " + good, []Option{at}, ErrMalformed, "header segment"},
		{"non-JSON payload", seg[0] + "." + base64.RawURLEncoding.EncodeToString([]byte("not json")) + "." + seg[2], []Option{at}, ErrMalformed, "payload is not a JSON object"},
		{"JSON array payload", seg[0] + "." + base64.RawURLEncoding.EncodeToString([]byte("[1,2]")) + "." + seg[2], []Option{at}, ErrMalformed, "payload is not a JSON object"},
		{"null payload", seg[0] + "." + base64.RawURLEncoding.EncodeToString([]byte("null")) + "." + seg[2], []Option{at}, ErrMalformed, "payload is not a JSON object"},
		{"huge", strings.Repeat("a", MaxTokenLen+1), []Option{at}, ErrMalformed, "more than 8192"},
		{"empty", "", []Option{at}, ErrMalformed, "empty"},
		{"mn without role", signRaw(hs256, fmt.Sprintf(`{"sdkKey":%q,"mn":"85823272833","iat":%d,"exp":%d}`, testKey, iat, iat+7200), testSecret), []Option{at}, ErrMalformed, "without the other"},
		{"role 2", signRaw(hs256, strings.Replace(meetingPayload(iat, iat+7200, ""), `"role":0`, `"role":2`, 1), testSecret), []Option{at}, ErrMalformed, "neither 0 nor 1"},
		{"role as string", signRaw(hs256, strings.Replace(meetingPayload(iat, iat+7200, ""), `"role":0`, `"role":"0"`, 1), testSecret), []Option{at}, ErrMalformed, "a string, not a number"},
		{"mn with spaces", signRaw(hs256, strings.Replace(meetingPayload(iat, iat+7200, ""), `85823272833`, `858 2327 2833`, 1), testSecret), []Option{at}, ErrInvalidMeetingNumber, "NormalizeMeetingNumber"},
		{"mn as a number", signRaw(hs256, strings.Replace(meetingPayload(iat, iat+7200, ""), `"85823272833"`, `85823272833`, 1), testSecret), []Option{at}, nil, ""},
		{"mn as an object", signRaw(hs256, strings.Replace(meetingPayload(iat, iat+7200, ""), `"85823272833"`, `{}`, 1), testSecret), []Option{at}, ErrMalformed, `"mn" claim`},
		{"fractional exp", signRaw(hs256, fmt.Sprintf(`{"sdkKey":%q,"mn":"85823272833","role":0,"iat":%d,"exp":%d.5}`, testKey, iat, iat+7200), testSecret), []Option{at}, ErrMalformed, "not a whole number"},
		{"no iat", signRaw(hs256, fmt.Sprintf(`{"sdkKey":%q,"exp":%d}`, testKey, iat+7200), testSecret), []Option{at}, ErrMalformed, `no "iat"`},
		{"video webrtc not a number", signRaw(hs256, meetingPayload(iat, iat+7200, `,"video_webrtc_mode":true`), testSecret), []Option{at}, ErrMalformed, "a boolean"},
		{"native", signRaw(hs256, fmt.Sprintf(`{"appKey":%q,"sdkKey":%q,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testKey, iat, iat+7200, iat+7200), testSecret), []Option{at}, nil, ""},
		{"dialect not for VerifyJWT", good, []Option{WithDialect(DialectNode)}, ErrInvalidOption, "WithDialect does not apply to VerifyJWT"},
		{"max age not for VerifyJWT", good, []Option{WithMaxAge(time.Hour)}, ErrInvalidOption, "WithMaxAge does not apply to VerifyJWT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := VerifyJWT(tt.token, testKey, testSecret, tt.opts...)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.NotNil(t, c)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			require.Contains(t, err.Error(), tt.wantInMessage)
			require.NotContains(t, err.Error(), testSecret)
		})
	}
	_, err := VerifyJWT(good, "", testSecret)
	require.ErrorIs(t, err, ErrInvalidKey)
	_, err = VerifyJWT(good, testKey, "short")
	require.ErrorIs(t, err, ErrInvalidSecret)
}

func TestJWTOptions(t *testing.T) {
	at := WithClock(FixedClock(testAt))
	tests := []struct {
		name          string
		opts          []Option
		wantErr       error
		wantInMessage string
	}{
		{"expiry below 30m", []Option{WithExpiry(29 * time.Minute)}, ErrInvalidOption, "outside 30m0s..48h0m0s"},
		{"expiry above 48h", []Option{WithExpiry(49 * time.Hour)}, ErrInvalidOption, "outside"},
		{"expiry not whole seconds", []Option{WithExpiry(time.Hour + time.Millisecond)}, ErrInvalidOption, "whole seconds"},
		{"webrtc 2", []Option{WithVideoWebRTCMode(2)}, ErrInvalidOption, "neither 0 nor 1"},
		{"backdate not whole seconds", []Option{WithBackdate(1500 * time.Millisecond)}, ErrInvalidOption, "whole seconds"},
		{"dialect", []Option{WithDialect(DialectPHP)}, ErrInvalidOption, "WithDialect does not apply to GenerateJWT"},
		{"leeway", []Option{WithLeeway(time.Second)}, ErrInvalidOption, "WithLeeway does not apply"},
		{"clock before 1970", []Option{WithClock(FixedClock(time.Unix(10, 0)))}, ErrInvalidOption, "1970"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, append([]Option{at}, tt.opts...)...)
			require.ErrorIs(t, err, tt.wantErr)
			require.Contains(t, err.Error(), tt.wantInMessage)
		})
	}

	// exp = iat + expiry, tokenExp = exp, iat = now - backdate.
	tok, err := GenerateJWT(testKey, testSecret, testMN, RoleHost, at, WithExpiry(MaxExpiry), WithBackdate(0), WithVideoWebRTCMode(1))
	require.NoError(t, err)
	c, err := ParseJWT(tok)
	require.NoError(t, err)
	require.Equal(t, testAt.Unix(), c.IssuedAt.Unix())
	require.Equal(t, testAt.Add(MaxExpiry).Unix(), c.ExpiresAt.Unix())
	require.Equal(t, c.ExpiresAt, c.TokenExpiresAt)
	require.Equal(t, 1, *c.VideoWebRTCMode)
	require.Equal(t, "HS256", c.Algorithm)

	tok, err = GenerateJWT(testKey, testSecret, testMN, RoleHost, at)
	require.NoError(t, err)
	c, err = ParseJWT(tok)
	require.NoError(t, err)
	require.Equal(t, testAt.Unix()-30, c.IssuedAt.Unix(), "default backdate 30 s")
	require.Equal(t, DefaultExpiry, c.ExpiresAt.Sub(c.IssuedAt), "default expiry 2 h")
	require.Nil(t, c.VideoWebRTCMode, "absent unless set")

	// Signer defaults, overridden per call.
	s, err := NewSigner(testKey, testSecret, at, WithExpiry(time.Hour), WithVideoWebRTCMode(0))
	require.NoError(t, err)
	tok, err = s.SignJWT(testMN, RoleAttendee)
	require.NoError(t, err)
	c, err = ParseJWT(tok)
	require.NoError(t, err)
	require.Equal(t, time.Hour, c.ExpiresAt.Sub(c.IssuedAt))
	require.Equal(t, 0, *c.VideoWebRTCMode)
	tok, err = s.SignJWT(testMN, RoleAttendee, WithExpiry(3*time.Hour))
	require.NoError(t, err)
	c, err = ParseJWT(tok)
	require.NoError(t, err)
	require.Equal(t, 3*time.Hour, c.ExpiresAt.Sub(c.IssuedAt))

	_, err = s.SignJWT("12", RoleAttendee)
	require.ErrorIs(t, err, ErrInvalidMeetingNumber)
	_, err = s.SignJWT(testMN, 5)
	require.ErrorIs(t, err, ErrInvalidRole)
	_, err = s.SignJWT(testMN, RoleAttendee, WithDialect(DialectJava))
	require.ErrorIs(t, err, ErrInvalidOption)
	_, err = s.SignNativeJWT(WithMaxAge(time.Hour))
	require.ErrorIs(t, err, ErrInvalidOption)
	_, err = GenerateNativeJWT(testKey, "short")
	require.ErrorIs(t, err, ErrInvalidSecret)
	_, err = GenerateJWT("", testSecret, testMN, RoleAttendee)
	require.ErrorIs(t, err, ErrInvalidKey)

	// A native token needs its own call: an empty meeting number is an error.
	_, err = GenerateJWT(testKey, testSecret, "", RoleAttendee)
	require.ErrorIs(t, err, ErrInvalidMeetingNumber)
}

// TestJSONStringMatchesJavaScript: appendJSONString escapes as
// JSON.stringify does (checked against the jsrsasign vectors too), and its
// output decodes back to the input.
func TestJSONStringMatchesJavaScript(t *testing.T) {
	for in, want := range map[string]string{
		"plain":            `"plain"`,
		`q"uote`:           `"q\"uote"`,
		`back\slash`:       `"back\\slash"`,
		"\b\f\n\r\t":       `"\b\f\n\r\t"`,
		"\x00\x1f":         `"\u0000\u001f"`,
		"<&>\u2028é東🎥\x7f": "\"<&>\u2028é東🎥\x7f\"",
	} {
		got := string(appendJSONString(nil, in))
		require.Equal(t, want, got)
		var back string
		require.NoError(t, json.Unmarshal([]byte(got), &back))
		require.Equal(t, in, back)
	}
	require.Equal(t, 2, jsLength("🎥"))
	require.Equal(t, 1, jsLength("é"))
}

func TestSignJWTAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items")
	}
	s, err := NewSigner(testKey, testSecret, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := s.SignJWT(testMN, RoleAttendee); err != nil {
			t.Fatal(err)
		}
	})
	require.LessOrEqual(t, allocs, 2.0)
}

// encodeClaims writes claims back as a token (test only), for round trips.
func encodeClaims(c *Claims) string {
	b := appendJSONString(append([]byte(nil), `{"appKey":`...), c.AppKey)
	b = appendJSONString(append(b, `,"sdkKey":`...), c.SDKKey)
	if !c.Native {
		b = appendJSONString(appendJSONField(b, "mn", false), c.MeetingNumber)
		b = appendJSONInt(b, "role", int64(c.Role))
	}
	b = appendJSONInt(b, "iat", c.IssuedAt.Unix())
	b = appendJSONInt(b, "exp", c.ExpiresAt.Unix())
	if !c.TokenExpiresAt.IsZero() {
		b = appendJSONInt(b, "tokenExp", c.TokenExpiresAt.Unix())
	}
	if c.VideoWebRTCMode != nil {
		b = appendJSONInt(b, "video_webrtc_mode", int64(*c.VideoWebRTCMode))
	}
	return signRaw(`{"alg":"HS256","typ":"JWT"}`, string(append(b, '}')), testSecret)
}

var ignoreRaw = cmpopts.IgnoreUnexported(Claims{})

func FuzzParseJWT(f *testing.F) {
	for _, v := range loadMeetingVectors(f) {
		f.Add(v.token)
	}
	f.Add(signRaw(`{"alg":"none"}`, `{"sdkKey":"k","iat":1,"exp":2}`, testSecret))
	f.Fuzz(func(t *testing.T, token string) {
		c, err := ParseJWT(token)
		if err != nil {
			if c != nil {
				t.Fatalf("claims with an error: %v", err)
			}
			return
		}
		if c.TokenExpiresAt.Unix() == 0 && !c.TokenExpiresAt.IsZero() {
			return // tokenExp 0 cannot be told from absent once parsed
		}
		enc := encodeClaims(c)
		if len(enc) > MaxTokenLen {
			return // near the limit, another spelling of the same claims may not fit it
		}
		again, err := ParseJWT(enc)
		if err != nil {
			t.Fatalf("re-encoded claims do not parse: %v", err)
		}
		c.Algorithm = "HS256"
		if d := cmp.Diff(c, again, ignoreRaw); d != "" {
			t.Fatalf("round trip changed claims (-first +second):\n%s", d)
		}
	})
}

func FuzzVerifyJWT(f *testing.F) {
	for _, v := range loadMeetingVectors(f) {
		f.Add(v.token, v.key, v.secret, v.at.Unix())
	}
	f.Fuzz(func(t *testing.T, token, key, secret string, at int64) {
		c, err := VerifyJWT(token, key, secret, WithClock(FixedClock(time.Unix(at, 0))))
		if err == nil {
			if c == nil || c.Algorithm != "HS256" || (c.SDKKey != key && c.AppKey != key) {
				t.Fatalf("accepted %q: %+v", token, c)
			}
			if _, perr := golangJWTVerify(token, secret, time.Unix(at, 0)); perr != nil {
				t.Fatalf("we accept what golang-jwt refuses: %v", perr)
			}
			return
		}
		if len(secret) >= minSecretLen && strings.Contains(err.Error(), secret) && !strings.Contains(token, secret) && !strings.Contains(key, secret) {
			t.Fatalf("error %q holds the secret", err)
		}
	})
}

func payloadOf(t *testing.T, token string) string {
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	require.NoError(t, err)
	return string(b)
}

// TestSDKKeyClaim: WithSDKKeyClaim(false) leaves "sdkKey" out and the rest
// of the payload as it was, in the same order.
func TestSDKKeyClaim(t *testing.T) {
	at := WithClock(FixedClock(testAt))
	with, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, at, WithVideoWebRTCMode(1))
	require.NoError(t, err)
	without, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, at, WithVideoWebRTCMode(1), WithSDKKeyClaim(false))
	require.NoError(t, err)
	require.Equal(t, strings.Replace(payloadOf(t, with), `,"sdkKey":"`+testKey+`"`, "", 1), payloadOf(t, without))
	require.True(t, strings.HasPrefix(payloadOf(t, without), `{"appKey":"`+testKey+`","mn":`))
	c, err := VerifyJWT(without, testKey, testSecret, at)
	require.NoError(t, err)
	require.Equal(t, testKey, c.AppKey)
	require.Empty(t, c.SDKKey)
	_, err = golangJWTVerify(without, testSecret, testAt)
	require.NoError(t, err)
	require.Empty(t, errorCodes(Diagnose(without, testKey, testSecret, at)))
	require.False(t, hasCode(Diagnose(without, testKey, testSecret, at), CodeSDKKeyClaim))

	s, err := NewSigner(testKey, testSecret, at, WithSDKKeyClaim(false))
	require.NoError(t, err)
	native, err := s.SignNativeJWT()
	require.NoError(t, err)
	require.NotContains(t, payloadOf(t, native), "sdkKey")
	perCall, err := s.SignJWT(testMN, RoleAttendee, WithSDKKeyClaim(true))
	require.NoError(t, err)
	require.Contains(t, payloadOf(t, perCall), `"sdkKey"`)

	h := newTestHandler(t, WithSDKKeyClaim(false))
	rec := do(h, "POST", `{"meetingNumber":"85823272833","role":0}`)
	require.Equal(t, 200, rec.Code)
	var got map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.NotContains(t, payloadOf(t, got["signature"]), "sdkKey")
	require.Equal(t, testKey, got["sdkKey"], "the answer still names the key as the sample's does")
}

func TestSDKVersionParse(t *testing.T) {
	for in, want := range map[string][3]int{"6.2.0": {6, 2, 0}, "1.9.9": {1, 9, 9}, "5": {5, 0, 0}, "2.3": {2, 3, 0}} {
		v, ok := parseSDKVersion(in)
		require.True(t, ok, in)
		require.Equal(t, want, v.num)
	}
	for _, bad := range []string{"", "v6", "6.x", "6.2.0.1", "06.2", "-1", "6..2", "1000"} {
		_, ok := parseSDKVersion(bad)
		require.False(t, ok, bad)
	}
	v, _ := parseSDKVersion("2.3")
	require.True(t, v.takesJWT())
	require.False(t, v.readsAppKey())
	v, _ = parseSDKVersion("2.2.9")
	require.False(t, v.takesJWT())
	require.True(t, sdkVersion{}.readsAppKey() && sdkVersion{}.takesJWT(), "no version: the current SDK")
}

// settableClock is a Clock a test moves.
type settableClock struct{ t time.Time }

func (c *settableClock) Now() time.Time { return c.t }

// TestSignerTimeCaches: the time text a Signer reuses within a second (JWT)
// or a millisecond (legacy) is never reused across instants, lifetimes or
// back-dates.
func TestSignerTimeCaches(t *testing.T) {
	clock := &settableClock{t: testAt}
	s, err := NewSigner(testKey, testSecret, WithClock(clock))
	require.NoError(t, err)
	check := func(opts ...Option) {
		t.Helper()
		tok, err := s.SignJWT(testMN, RoleAttendee, opts...)
		require.NoError(t, err)
		want, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, append([]Option{WithClock(FixedClock(clock.t))}, opts...)...)
		require.NoError(t, err)
		require.Equal(t, want, tok)
		sig, err := s.Sign(testMN, RoleAttendee)
		require.NoError(t, err)
		want, err = Generate(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(clock.t)))
		require.NoError(t, err)
		require.Equal(t, want, sig)
	}
	check()
	check(WithExpiry(time.Hour))
	check(WithBackdate(0))
	check()
	clock.t = clock.t.Add(time.Millisecond)
	check()
	clock.t = clock.t.Add(time.Second)
	check()
	check(WithExpiry(MaxExpiry), WithBackdate(time.Minute))
	clock.t = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = s.SignJWT(testMN, RoleAttendee)
	require.ErrorIs(t, err, ErrInvalidOption)
	_, err = s.Sign(testMN, RoleAttendee)
	require.ErrorIs(t, err, ErrInvalidOption)
}
