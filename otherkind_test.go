package zoomsig

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOtherKindPointsToItsVerifier: a Video SDK token given to the Meeting
// SDK parser or verifier, or the reverse, is refused with an error that
// says which kind it is (by kindOf's evidence) and which function to call;
// anything else keeps the reader's own error.
func TestOtherKindPointsToItsVerifier(t *testing.T) {
	const hs256 = `{"alg":"HS256","typ":"JWT"}`
	iat := testAt.Unix()
	video := signRaw(hs256, fmt.Sprintf(`{"app_key":%q,"role_type":0,"tpc":"standup","version":1,"iat":%d,"exp":%d}`, testKey, iat, iat+7200), testSecret)
	videoBare := signRaw(hs256, fmt.Sprintf(`{"role_type":0,"version":1,"iat":%d,"exp":%d}`, iat, iat+7200), testSecret)
	meeting := signRaw(hs256, meetingPayload(iat, iat+7200, ""), testSecret)
	native := signRaw(hs256, fmt.Sprintf(`{"appKey":%q,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, iat, iat+7200, iat+7200), testSecret)
	rest := signRaw(hs256, fmt.Sprintf(`{"iss":%q,"exp":%d}`, testKey, iat+7200), testSecret)
	nearMiss := signRaw(hs256, fmt.Sprintf(`{"meetingNumber":"85823272833","iat":%d,"exp":%d}`, iat, iat+7200), testSecret)
	videoHS512 := signRaw(`{"alg":"HS512"}`, fmt.Sprintf(`{"app_key":%q,"role_type":0,"tpc":"s","version":1,"iat":%d,"exp":%d}`, testKey, iat, iat+7200), testSecret)
	at := WithClock(FixedClock(testAt))
	second := func(_ any, err error) error { return err }
	verifyJWT := func(tok string) error { return second(VerifyJWT(tok, testKey, testSecret, at)) }
	parseJWT := func(tok string) error { return second(ParseJWT(tok)) }
	verifyVideo := func(tok string) error { return second(VerifyVideoJWT(tok, testKey, testSecret, at)) }
	parseVideo := func(tok string) error { return second(ParseVideoJWT(tok)) }
	tests := []struct {
		name    string
		call    func(string) error
		token   string
		wantErr error
		want    string // in the message; "" with wantErr nil
		notWant string
	}{
		{"VerifyJWT, Video token", verifyJWT, video, ErrMalformed, `this is a Video SDK token (it has "app_key", "tpc", "role_type"), not a Meeting SDK token: use VerifyVideoJWT`, ""},
		{"ParseJWT, Video token", parseJWT, video, ErrMalformed, `use ParseVideoJWT`, ""},
		{"VerifyJWT, role_type without mn", verifyJWT, videoBare, ErrMalformed, `Video SDK token (it has "role_type")`, ""},
		{"VerifyVideoJWT, Meeting token", verifyVideo, meeting, ErrMalformed, `this is a Meeting SDK token (it has "appKey", "sdkKey", "mn", "role", "tokenExp"), not a Video SDK token: use VerifyJWT`, ""},
		{"ParseVideoJWT, Meeting token", parseVideo, meeting, ErrMalformed, `use ParseJWT`, ""},
		{"VerifyVideoJWT, native Meeting token", verifyVideo, native, ErrMalformed, `Meeting SDK token (it has "appKey", "tokenExp")`, ""},
		{"VerifyJWT, REST-API JWT: no kind to point to", verifyJWT, rest, ErrMalformed, `neither "sdkKey" nor "appKey"`, "use "},
		{"VerifyVideoJWT, REST-API JWT", verifyVideo, rest, ErrMalformed, `no "app_key"`, "use "},
		{"VerifyVideoJWT, a Meeting near-miss alone", verifyVideo, nearMiss, ErrMalformed, `no "app_key"`, "use "},
		{"VerifyJWT, Video token with HS512: the alg first", verifyJWT, videoHS512, ErrAlgorithm, `"HS512"`, "use "},
		{"VerifyJWT, Meeting token", verifyJWT, meeting, nil, "", ""},
		{"VerifyVideoJWT, Video token", verifyVideo, video, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(tt.token)
			if tt.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			require.Contains(t, err.Error(), tt.want)
			if tt.notWant != "" {
				require.NotContains(t, err.Error(), tt.notWant)
			}
			require.False(t, strings.Contains(err.Error(), testSecret))
		})
	}
}
