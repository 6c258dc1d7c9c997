package zoomsig

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func one() *int { v := 1; return &v }

func TestVideoTokenRules(t *testing.T) {
	two := 2
	ok := VideoToken{Role: RoleHost, SessionName: "standup"}
	tests := []struct {
		name          string
		mutate        func(*VideoToken)
		wantErr       error
		wantInMessage string
	}{
		{"minimal", func(*VideoToken) {}, nil, ""},
		{"everything", func(v *VideoToken) {
			v.UserIdentity, v.SessionKey, v.GeoRegions = "u1", "k1", []string{"US", "JP"}
			v.CloudRecordingOption, v.CloudRecordingElection, v.VideoWebRTCMode, v.AudioWebRTCMode = one(), one(), one(), one()
		}, nil, ""},
		{"200 characters", func(v *VideoToken) { v.SessionName = strings.Repeat("é", 200) }, nil, ""},
		{"no session name", func(v *VideoToken) { v.SessionName = "" }, ErrInvalidVideoToken, "session name is required"},
		{"201 characters", func(v *VideoToken) { v.SessionName = strings.Repeat("a", 201) }, ErrInvalidVideoToken, "201 characters, more than 200"},
		{"100 emoji are 200 UTF-16 units", func(v *VideoToken) { v.SessionName = strings.Repeat("🎥", 101) }, ErrInvalidVideoToken, "202 characters"},
		{"invalid UTF-8", func(v *VideoToken) { v.SessionName = "a\xff" }, ErrInvalidVideoToken, "UTF-8"},
		{"identity 36", func(v *VideoToken) { v.UserIdentity = strings.Repeat("u", 36) }, ErrInvalidVideoToken, "user identity is 36"},
		{"session key 37", func(v *VideoToken) { v.SessionKey = strings.Repeat("k", 37) }, ErrInvalidVideoToken, "session key is 37"},
		{"unknown region", func(v *VideoToken) { v.GeoRegions = []string{"US", "XX"} }, ErrInvalidVideoToken, `"XX" is not one of`},
		{"lowercase region", func(v *VideoToken) { v.GeoRegions = []string{"us"} }, ErrInvalidVideoToken, `"us"`},
		{"recording option 2", func(v *VideoToken) { v.CloudRecordingOption = &two }, ErrInvalidVideoToken, "cloud recording option 2"},
		{"audio mode 2", func(v *VideoToken) { v.AudioWebRTCMode = &two }, ErrInvalidVideoToken, "audio WebRTC mode 2"},
		{"role 3", func(v *VideoToken) { v.Role = 3 }, ErrInvalidRole, "3 is neither"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := ok
			tt.mutate(&v)
			tok, err := GenerateVideoJWT(testKey, testSecret, v, WithClock(FixedClock(testAt)))
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.Contains(t, err.Error(), tt.wantInMessage)
				return
			}
			require.NoError(t, err)
			c, err := VerifyVideoJWT(tok, testKey, testSecret, WithClock(FixedClock(testAt)))
			require.NoError(t, err)
			require.Equal(t, v, c.VideoToken)
		})
	}
	_, err := GenerateVideoJWT(testKey, testSecret, ok, WithVideoWebRTCMode(1))
	require.ErrorIs(t, err, ErrInvalidOption, "video webrtc mode is a VideoToken field")
	_, err = GenerateVideoJWT(testKey, "short", ok)
	require.ErrorIs(t, err, ErrInvalidSecret)
	_, err = GenerateVideoJWT(testKey, testSecret, ok, WithClock(FixedClock(time.Unix(5, 0))))
	require.ErrorIs(t, err, ErrInvalidOption)
	s, err := NewSigner(testKey, testSecret, WithVideoWebRTCMode(1))
	require.NoError(t, err)
	_, err = s.SignVideoJWT(ok, WithDialect(DialectNode))
	require.ErrorIs(t, err, ErrInvalidOption)
	require.Len(t, GeoRegions(), 12)
}

func TestVerifyVideoJWTRefuses(t *testing.T) {
	const hs256 = `{"alg":"HS256","typ":"JWT"}`
	iat := testAt.Unix()
	payload := func(extra string) string {
		return fmt.Sprintf(`{"app_key":%q,"role_type":1,"tpc":"standup","version":1,"iat":%d,"exp":%d%s}`, testKey, iat, iat+7200, extra)
	}
	at := WithClock(FixedClock(testAt))
	tests := []struct {
		name          string
		token         string
		opts          []Option
		wantErr       error
		wantInMessage string
	}{
		{"good", signRaw(hs256, payload(""), testSecret), []Option{at}, nil, ""},
		{"alg none", unsigned(`{"alg":"none"}`, payload("")), []Option{at}, ErrAlgorithm, "none"},
		{"wrong key", signRaw(hs256, strings.Replace(payload(""), testKey, "OtherKey012345678901ab", 1), testSecret), []Option{at}, ErrKeyMismatch, "app_key"},
		{"wrong secret", signRaw(hs256, payload(""), strings.ToLower(testSecret)), []Option{at}, ErrHashMismatch, "does not match"},
		{"version 2", signRaw(hs256, strings.Replace(payload(""), `"version":1`, `"version":2`, 1), testSecret), []Option{at}, ErrInvalidVideoToken, `"version" is 2`},
		{"no tpc", signRaw(hs256, strings.Replace(payload(""), `"tpc":"standup",`, ``, 1), testSecret), []Option{at}, ErrInvalidVideoToken, "session name is required"},
		{"bad region", signRaw(hs256, payload(`,"geo_regions":"US,ZZ"`), testSecret), []Option{at}, ErrInvalidVideoToken, "ZZ"},
		{"no role_type", signRaw(hs256, strings.Replace(payload(""), `"role_type":1,`, ``, 1), testSecret), []Option{at}, ErrMalformed, "role_type"},
		{"role_type 2", signRaw(hs256, strings.Replace(payload(""), `"role_type":1`, `"role_type":2`, 1), testSecret), []Option{at}, ErrInvalidVideoToken, "neither 0 nor 1"},
		{"role_type 2, wrong secret", signRaw(hs256, strings.Replace(payload(""), `"role_type":1`, `"role_type":2`, 1), strings.ToLower(testSecret)), []Option{at}, ErrHashMismatch, "does not match"},
		{"unreadable claim, wrong secret", signRaw(hs256, payload(`,"audio_webrtc_mode":"1"`), strings.ToLower(testSecret)), []Option{at}, ErrHashMismatch, "does not match"},
		{"no version", signRaw(hs256, strings.Replace(payload(""), `"version":1,`, ``, 1), testSecret), []Option{at}, ErrInvalidVideoToken, `no "version"`},
		{"meeting token", signRaw(hs256, meetingPayload(iat, iat+7200, ""), testSecret), []Option{at}, ErrMalformed, "use VerifyJWT"},
		{"window", signRaw(hs256, strings.Replace(payload(""), fmt.Sprint(iat+7200), fmt.Sprint(iat+60), 1), testSecret), []Option{at}, ErrExpiryWindow, "60s"},
		{"expired", signRaw(hs256, payload(""), testSecret), []Option{WithClock(FixedClock(testAt.Add(3 * time.Hour)))}, ErrExpired, "ago"},
		{"early", signRaw(hs256, payload(""), testSecret), []Option{WithClock(FixedClock(testAt.Add(-time.Hour)))}, ErrNotYetValid, "ahead"},
		{"identity not a string", signRaw(hs256, payload(`,"user_identity":5`), testSecret), []Option{at}, ErrMalformed, "a number, not a string"},
		{"flag not a number", signRaw(hs256, payload(`,"audio_webrtc_mode":"1"`), testSecret), []Option{at}, ErrMalformed, "a string, not a number"},
		{"huge flag", signRaw(hs256, payload(`,"audio_webrtc_mode":99999999999`), testSecret), []Option{at}, ErrMalformed, "out of range"},
		{"garbage", "a.b", []Option{at}, ErrMalformed, "segments"},
		{"leeway not for it", signRaw(hs256, payload(""), testSecret), []Option{WithExpiry(time.Hour)}, ErrInvalidOption, "WithExpiry does not apply to VerifyVideoJWT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := VerifyVideoJWT(tt.token, testKey, testSecret, tt.opts...)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Equal(t, "standup", c.SessionName)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			require.Contains(t, err.Error(), tt.wantInMessage)
		})
	}
	c, err := ParseVideoJWT(signRaw(hs256, payload(`,"geo_regions":"US,JP"`), testSecret))
	require.NoError(t, err)
	require.Equal(t, []string{"US", "JP"}, c.GeoRegions)
	_, err = ParseVideoJWT("x")
	require.ErrorIs(t, err, ErrMalformed)
}

// TestTelemetryTrackingID: the claim is written where Zoom's sample writes
// it, read back by ParseVideoJWT, and capped by VerifyVideoJWT, the
// signer and Diagnose alike.
func TestTelemetryTrackingID(t *testing.T) {
	at := WithClock(FixedClock(testAt))
	tok, err := GenerateVideoJWT(testKey, testSecret, VideoToken{SessionName: "s", CloudRecordingElection: one(), TelemetryTrackingID: "trace-1", VideoWebRTCMode: one()}, at)
	require.NoError(t, err)
	raw, err := decodeJWT(tok)
	require.NoError(t, err)
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
	require.NoError(t, err)
	require.Contains(t, string(payload), `"cloud_recording_election":1,"telemetry_tracking_id":"trace-1","video_webrtc_mode":1}`)
	require.True(t, raw.payload.has("telemetry_tracking_id"))
	c, err := ParseVideoJWT(tok)
	require.NoError(t, err)
	require.Equal(t, "trace-1", c.TelemetryTrackingID)

	long := strings.Repeat("t", MaxTelemetryTrackingIDLen+1)
	_, err = GenerateVideoJWT(testKey, testSecret, VideoToken{SessionName: "s", TelemetryTrackingID: long}, at)
	require.ErrorIs(t, err, ErrInvalidVideoToken)
	require.Contains(t, err.Error(), "telemetry tracking ID is 257 characters, more than 256")
	iat := testAt.Unix() - 30
	forged := signRaw(`{"alg":"HS256","typ":"JWT"}`, fmt.Sprintf(`{"app_key":%q,"role_type":0,"tpc":"s","version":1,"iat":%d,"exp":%d,"telemetry_tracking_id":%q}`, testKey, iat, iat+7200, long), testSecret)
	_, err = VerifyVideoJWT(forged, testKey, testSecret, at)
	require.ErrorIs(t, err, ErrInvalidVideoToken)
	require.True(t, hasCode(Diagnose(forged, testKey, testSecret, at), CodeVideoClaims))
	notString := signRaw(`{"alg":"HS256","typ":"JWT"}`, fmt.Sprintf(`{"app_key":%q,"role_type":0,"tpc":"s","version":1,"iat":%d,"exp":%d,"telemetry_tracking_id":5}`, testKey, iat, iat+7200), testSecret)
	_, err = ParseVideoJWT(notString)
	require.ErrorIs(t, err, ErrMalformed)
}

// FuzzParseVideoJWT: any token parses or is refused with ErrMalformed, and
// what parses encodes back to the same claims.
func FuzzParseVideoJWT(f *testing.F) {
	for _, r := range readTSV(f, "testdata/video_jwt_vectors.tsv", 18) {
		f.Add(r[17])
	}
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, token string) {
		c, err := ParseVideoJWT(token)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("%q: %v does not wrap ErrMalformed", token, err)
			}
			return
		}
		if c.AppKey == "" && !strings.Contains(token, "app_key") {
			t.Fatalf("%q parsed without app_key", token)
		}
	})
}

// FuzzVerifyVideoJWT: any token is refused, or verifies under the secret;
// no error holds the secret.
func FuzzVerifyVideoJWT(f *testing.F) {
	for i, r := range readTSV(f, "testdata/video_jwt_vectors.tsv", 18) {
		if i%8 == 0 {
			f.Add(r[17], r[1], r[2], atoi(f, r[5]))
		}
	}
	f.Fuzz(func(t *testing.T, token, key, secret string, nowMs int64) {
		c, err := VerifyVideoJWT(token, key, secret, WithClock(FixedClock(time.UnixMilli(nowMs))))
		if err == nil {
			if c == nil || c.AppKey != key {
				t.Fatalf("verified without the key's claims: %+v", c)
			}
			return
		}
		if len(secret) >= minSecretLen && strings.Contains(err.Error(), secret) && !strings.Contains(token, secret) && !strings.Contains(key, secret) {
			t.Fatalf("the error holds the secret: %v", err)
		}
	})
}
