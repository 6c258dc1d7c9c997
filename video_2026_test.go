package zoomsig

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestVideo2026Claims: user_key and cloud_recording_transcript_option are
// written where Zoom's 2026 sample payload puts them, read back, and judged
// by their rules; both user names at once are refused by the signer only.
func TestVideo2026Claims(t *testing.T) {
	zero, two, three := 0, 2, 3
	at := WithClock(FixedClock(testAt))
	iat := testAt.Unix() - 30
	tests := []struct {
		name        string
		token       VideoToken
		wantPayload string
		wantErr     string
	}{
		{"user key in user_identity's place, transcript last",
			VideoToken{SessionName: "s", UserKey: "customer-acme-001", SessionKey: "k", AudioWebRTCMode: one(), CloudRecordingTranscriptOption: &two},
			fmt.Sprintf(`{"app_key":%q,"role_type":0,"tpc":"s","version":1,"iat":%d,"exp":%d,"user_key":"customer-acme-001","session_key":"k","audio_webrtc_mode":1,"cloud_recording_transcript_option":2}`, testKey, iat, iat+7200), ""},
		{"transcript 0 is written",
			VideoToken{SessionName: "s", CloudRecordingTranscriptOption: &zero},
			fmt.Sprintf(`{"app_key":%q,"role_type":0,"tpc":"s","version":1,"iat":%d,"exp":%d,"cloud_recording_transcript_option":0}`, testKey, iat, iat+7200), ""},
		{"user key of 36", VideoToken{SessionName: "s", UserKey: strings.Repeat("k", 36)}, "", ""},
		{"user key of 37", VideoToken{SessionName: "s", UserKey: strings.Repeat("k", 37)}, "", "user key is 37 characters, more than 36"},
		{"transcript 3", VideoToken{SessionName: "s", CloudRecordingTranscriptOption: &three}, "", "cloud recording transcript option 3 is not from 0 to 2"},
		{"both user names", VideoToken{SessionName: "s", UserIdentity: "a", UserKey: "b"}, "", "Zoom renamed user_identity to user_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := GenerateVideoJWT(testKey, testSecret, tt.token, at)
			if tt.wantErr != "" {
				require.ErrorIs(t, err, ErrInvalidVideoToken)
				require.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			if tt.wantPayload != "" {
				require.Equal(t, tt.wantPayload, payloadOf(t, tok))
			}
			c, err := VerifyVideoJWT(tok, testKey, testSecret, at)
			require.NoError(t, err)
			require.Equal(t, tt.token, c.VideoToken)
			p, err := ParseVideoJWT(tok)
			require.NoError(t, err)
			require.Equal(t, tt.token, p.VideoToken)
		})
	}
}

// TestVerifyVideo2026: Verify reads both user names (it does not refuse
// them together: only zoomsig's signer does) and judges the transcript
// option on its value.
func TestVerifyVideo2026(t *testing.T) {
	iat := testAt.Unix()
	at := WithClock(FixedClock(testAt))
	tok := func(extra string) string {
		return tokenOf(jwtHeader, fmt.Sprintf(`{"app_key":%q,"role_type":0,"tpc":"s","version":1,"iat":%d,"exp":%d%s}`, testKey, iat, iat+7200, extra), testSecret)
	}
	c, err := VerifyVideoJWT(tok(`,"user_identity":"a","user_key":"b"`), testKey, testSecret, at)
	require.NoError(t, err)
	require.Equal(t, "a", c.UserIdentity)
	require.Equal(t, "b", c.UserKey)
	_, err = VerifyVideoJWT(tok(`,"cloud_recording_transcript_option":-1`), testKey, testSecret, at)
	require.ErrorIs(t, err, ErrInvalidVideoToken)
	_, err = VerifyVideoJWT(tok(`,"cloud_recording_transcript_option":"1"`), testKey, testSecret, at)
	require.ErrorIs(t, err, ErrMalformed)
}

// TestDiagnoseVideo2026 has a case for each Video SDK finding of Zoom's
// 2026 spec, and the Video SDK's own words for the server's answers.
func TestDiagnoseVideo2026(t *testing.T) {
	iat := testAt.Unix() - 30
	at := WithClock(FixedClock(testAt))
	tok := func(role int, tpc, extra string) string {
		return tokenOf(jwtHeader, fmt.Sprintf(`{"app_key":%q,"role_type":%d,"tpc":%q,"version":1,"iat":%d,"exp":%d%s}`, testKey, role, tpc, iat, iat+7200, extra), testSecret)
	}
	expired := tokenOf(jwtHeader, fmt.Sprintf(`{"app_key":%q,"role_type":0,"tpc":"s","version":1,"iat":%d,"exp":%d}`, testKey, iat-7200, iat-1), testSecret)
	otherKey := tokenOf(jwtHeader, fmt.Sprintf(`{"app_key":"OtherKey012345678901ab","role_type":0,"tpc":"s","version":1,"iat":%d,"exp":%d}`, iat, iat+7200), testSecret)
	meeting, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, at)
	require.NoError(t, err)
	tests := []struct {
		name, token, secret, sdk string
		code                     string
		sev                      Severity
		message                  string // "" when no finding of code is wanted
	}{
		{"clean", tok(0, "daily standup", ""), testSecret, "", CodeVideoClaims, 0, ""},
		{"clean 2026 claims", tok(0, "s", `,"user_key":"u","cloud_recording_transcript_option":2`), testSecret, "", CodeVideoClaims, 0, ""},
		{"both user names", tok(0, "s", `,"user_identity":"a","user_key":"b"`), testSecret, "", CodeVideoClaims, SeverityWarning, `both "user_identity" and "user_key"`},
		{"tpc with a quote", tok(0, `say "hi"`, ""), testSecret, "", CodeVideoClaims, SeverityWarning, `'"' (U+0022) at character 5`},
		{"tpc with an accent", tok(0, "Réunion", ""), testSecret, "", CodeVideoClaims, SeverityWarning, "at character 2"},
		{"recording option for a participant", tok(0, "s", `,"cloud_recording_option":1`), testSecret, "", CodeVideoClaims, SeverityWarning, "no effect for a participant"},
		{"recording option for a host", tok(1, "s", `,"cloud_recording_option":1`), testSecret, "", CodeVideoClaims, 0, ""},
		{"transcript 3", tok(0, "s", `,"cloud_recording_transcript_option":3`), testSecret, "", CodeVideoClaims, SeverityError, "transcript option 3 is not from 0 to 2"},
		{"user key of 37", tok(0, "s", `,"user_key":"`+strings.Repeat("k", 37)+`"`), testSecret, "", CodeVideoClaims, SeverityError, "user key is 37"},
		{"role_type 2 names 3010", tok(2, "s", ""), testSecret, "", CodeVideoClaims, SeverityError, `3010 "Role type error"`},
		{"expired names the SDK's message", expired, testSecret, "video-web@2.5.0", CodeExpired, SeverityError, `200 "The token has expired, is over 2 days old, or is ineffective."`},
		{"wrong secret names Verify JWT failed", tok(0, "s", ""), "AnotherSecretAnotherSecretAnother123", "", CodeHashMismatch, SeverityError, `200 "Verify JWT failed"`},
		{"a Meeting token for the Video SDK", meeting, testSecret, "video-web", CodeSDKVersion, SeverityError, "This is a Meeting SDK token"},
		{"a Video token for the Meeting SDK", tok(0, "s", ""), testSecret, "web", CodeVideoSDKToken, SeverityError, "This is a Video SDK token"},
		{"expired, 1.12.17 never settles join()", expired, testSecret, "video-web@1.12.17", CodeExpired, SeverityError, `Video SDK for web 1.12.17 reports 200 "The token has expired, is over 2 days old, or is ineffective." in a connection-change event (state "Fail"), and its join() never settles`},
		{"role_type 2, 1.12.17", tok(2, "s", ""), testSecret, "video-web@1.12.17", CodeVideoClaims, SeverityError, `reports 3010 "Role type error" in a connection-change event`},
		{"another key names Verify JWT failed", otherKey, testSecret, "video-web@2.5.0", CodeKeyMismatch, SeverityError, `Video SDK for web 2.5.0 rejects join() with 200 "Verify JWT failed"`},
		{"empty token, 2.5.0", "", "", "video-web@2.5.0", CodeMalformed, SeverityError, `5013 "Topic, token and userName must be string and required"`},
		{"empty token, 1.12.17", "", "", "video-web@1.12.17", CodeMalformed, SeverityError, `"Topic, token and userName must be string and required" (type INVALID_PARAMETERS, no error code)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := []Option{at}
			if tt.sdk != "" {
				opts = append(opts, WithSDKVersion(tt.sdk))
			}
			fs := Diagnose(tt.token, testKey, tt.secret, opts...)
			checkFindings(t, fs, tt.secret)
			i := slices.IndexFunc(fs, func(f Finding) bool { return f.Code == tt.code })
			if tt.message == "" {
				require.Equal(t, -1, i, "%v", fs)
				return
			}
			require.GreaterOrEqual(t, i, 0, "%v", fs)
			require.Equal(t, tt.sev, fs[i].Severity, "%v", fs[i])
			require.Contains(t, fs[i].Message, tt.message)
		})
	}
}

// TestSessionNames: one case rule for every comparison of session names,
// and the character set of Zoom's auth page.
func TestSessionNames(t *testing.T) {
	require.True(t, sameSession("Daily Standup", "daily standup"))
	require.True(t, sameSession("İ", "i\u0307"), "as JavaScript lower-cases")
	require.False(t, sameSession("daily standup", "daily standup "))
	for _, tt := range []struct {
		name string
		r    rune
		at   int
		ok   bool
	}{
		{`Team 1: (A+B) [x] {y} | ~ , \ ! # $ % & - ; < = . > ? @ ^ _`, 0, 0, false},
		{"a/b", '/', 2, true},
		{"it's", '\'', 3, true},
		{"東京", '東', 1, true},
		{"a*", '*', 2, true},
		{"tab\there", '\t', 4, true},
	} {
		r, at, ok := tpcOutsideSet(tt.name)
		require.Equal(t, []any{tt.r, tt.at, tt.ok}, []any{r, at, ok}, tt.name)
	}
}

// optIntOf reads an optional integer column.
func optIntOf(t *testing.T, s string) *int {
	if s == "" {
		return nil
	}
	n := int(atoi(t, s))
	return &n
}

// TestGoldenVideo2026: every token jsrsasign made with the claims of Zoom's
// 2026 spec (testdata/video_2026_jwt_vectors.tsv) is what the signer and
// the handler make byte for byte, verifies, parses back to its columns,
// and has no error finding.
func TestGoldenVideo2026(t *testing.T) {
	rows := readTSV(t, "testdata/video_2026_jwt_vectors.tsv", 18)
	require.Len(t, rows, 32)
	for _, r := range rows {
		t.Run(r[0], func(t *testing.T) {
			at := time.UnixMilli(atoi(t, r[5]))
			opts := []Option{WithClock(FixedClock(at)), WithBackdate(time.Duration(atoi(t, r[6])) * time.Second)}
			if r[7] != "" {
				opts = append(opts, WithExpiry(time.Duration(atoi(t, r[7]))*time.Second))
			}
			v := VideoToken{Role: Role(atoi(t, r[3])), SessionName: r[4], UserKey: r[8], SessionKey: r[9],
				CloudRecordingOption: optIntOf(t, r[11]), CloudRecordingElection: optIntOf(t, r[12]),
				VideoWebRTCMode: optIntOf(t, r[13]), AudioWebRTCMode: optIntOf(t, r[14]), TelemetryTrackingID: r[15],
				CloudRecordingTranscriptOption: optIntOf(t, r[16])}
			if r[10] != "" {
				v.GeoRegions = strings.Split(r[10], ",")
			}
			tok, err := GenerateVideoJWT(r[1], r[2], v, opts...)
			require.NoError(t, err)
			require.Equal(t, r[17], tok)
			c, err := VerifyVideoJWT(r[17], r[1], r[2], WithClock(FixedClock(at)))
			require.NoError(t, err)
			require.Equal(t, v, c.VideoToken)
			fs := Diagnose(r[17], r[1], r[2], WithClock(FixedClock(at)))
			checkFindings(t, fs, r[2])
			require.Empty(t, errorCodes(fs), "%v", fs)
			require.Equal(t, r[17], goldenVideoRequest(t, r, opts[:2]))
		})
	}
}

// goldenVideoRequest asks a VideoHandler for a vector's token with the
// sample's JSON and zoomsig's two members, numbers as strings.
func goldenVideoRequest(t *testing.T, r []string, opts []Option) string {
	s, err := NewSigner(r[1], r[2], opts...)
	require.NoError(t, err)
	h, err := NewVideoHandler(s, WithAllowHost(true))
	require.NoError(t, err)
	body := map[string]any{"role": r[3], "sessionName": r[4]}
	for i, name := range map[int]string{7: "expirationSeconds", 8: "userKey", 9: "sessionKey", 10: "geoRegions",
		11: "cloudRecordingOption", 12: "cloudRecordingElection", 13: "videoWebRtcMode", 14: "audioWebRtcMode",
		15: "telemetryTrackingId", 16: "cloudRecordingTranscriptOption"} {
		if r[i] != "" {
			body[name] = r[i]
		}
	}
	b, err := json.Marshal(body)
	require.NoError(t, err)
	rec := do(h, "POST", string(b))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var got struct{ Signature string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	return got.Signature
}
