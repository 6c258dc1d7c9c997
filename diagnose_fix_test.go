package zoomsig

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFixesPointAtTheCause: where a code's usual fix would point at the
// token, but the cause is elsewhere (a join() parameter, the wrong
// product), the finding's fix names what to change.
func TestFixesPointAtTheCause(t *testing.T) {
	s, err := NewSigner(testKey, testSecret, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	video, err := s.SignVideoJWT(VideoToken{SessionName: "standup"})
	require.NoError(t, err)
	meeting, err := s.SignJWT("85823272833", RoleAttendee)
	require.NoError(t, err)
	at := WithClock(FixedClock(testAt))
	for _, tt := range []struct {
		name, token, code, fix string
		opts                   []Option
	}{
		{"password too long", video, CodeJoinMismatch, "session password of at most 10 printable ASCII", []Option{WithJoinCall(JoinCall{Topic: "standup", Password: "12345678901"})}},
		{"password not ASCII", video, CodeJoinMismatch, "session password of at most 10 printable ASCII", []Option{WithJoinCall(JoinCall{Topic: "standup", Password: "pässwort"})}},
		{"topic too long", video, CodeJoinMismatch, "session name of at most 200 characters", []Option{WithJoinCall(JoinCall{Topic: strings.Repeat("s", 201)})}},
		{"a Meeting token for the Video SDK", meeting, CodeSDKVersion, "SignVideoJWT", []Option{WithSDKVersion("video-web@2.5.0")}},
		{"a Meeting token for a native Video SDK", meeting, CodeSDKVersion, "zoomsig sign --video", []Option{WithSDKVersion("video-ios")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs := Diagnose(tt.token, testKey, testSecret, append(tt.opts, at)...)
			i := findingIndex(fs, tt.code)
			require.GreaterOrEqual(t, i, 0, "%v", fs)
			require.Contains(t, fs[i].Fix, tt.fix)
			require.NotContains(t, fs[i].Fix, "Web SDK 2.3 and later", "not the Meeting SDK's fix")
		})
	}
}

func findingIndex(fs []Finding, code string) int {
	for i, f := range fs {
		if f.Code == code {
			return i
		}
	}
	return -1
}

// TestPasswordNeverShown: a passcode pasted into another field of the join
// call never comes back in a message.
func TestPasswordNeverShown(t *testing.T) {
	s, err := NewSigner(testKey, testSecret, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	meeting, err := s.SignJWT("85823272833", RoleAttendee)
	require.NoError(t, err)
	fs := Diagnose(meeting, testKey, testSecret, WithClock(FixedClock(testAt)),
		WithJoinCall(JoinCall{MeetingNumber: "PassCodeXYZ123", Password: "PassCodeXYZ123"}))
	require.GreaterOrEqual(t, findingIndex(fs, CodeJoinMismatch), 0, "%v", fs)
	for _, f := range fs {
		require.NotContains(t, f.Message, "PassCodeXYZ123")
	}
}
