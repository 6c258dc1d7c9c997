package zoomsig

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDetectFormat(t *testing.T) {
	legacy, err := Generate(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	meeting, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	video, err := GenerateVideoJWT(testKey, testSecret, VideoToken{SessionName: "s"}, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	seg := strings.Split(meeting, ".")
	header := `{"alg":"HS256","typ":"JWT"}`
	for _, tt := range []struct {
		name string
		in   string
		want Format
	}{
		{"legacy", legacy, FormatLegacy},
		{"legacy quoted", ` "` + legacy + `" `, FormatLegacy},
		{"meeting", meeting, FormatMeetingJWT},
		{"video", video, FormatVideoJWT},
		{"rest api", signRaw(header, `{"iss":"k","exp":1}`, testSecret), FormatRESTAPIJWT},
		{"other jwt", signRaw(header, `{"sub":"x"}`, testSecret), FormatOtherJWT},
		{"one segment", seg[1], FormatJWTSegment},
		{"header and payload", seg[0] + "." + seg[1], FormatJWTSegment},
		{"response object", fmt.Sprintf(`{"signature":%q,"sdkKey":%q}`, meeting, testKey), FormatResponseObject},
		{"object without signature", `{"sdkKey":"k"}`, FormatUnknown},
		{"empty", "", FormatUnknown},
		{"spaces", "ab cd", FormatUnknown},
		{"not base64", "%%%", FormatUnknown},
		{"binary base64", base64.StdEncoding.EncodeToString([]byte{0, 1, 2}), FormatUnknown},
		{"four parts", "a.b.c.d", FormatUnknown},
		{"broken jwt", "a.b.c", FormatUnknown},
		{"too long", strings.Repeat("A", MaxDiagnoseLen+1), FormatUnknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, DetectFormat(tt.in))
		})
	}
	require.Equal(t, "meeting-jwt", FormatMeetingJWT.String())
	require.Equal(t, "format(99)", Format(99).String())
}
