package zoomsig

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNormalizeMeetingNumber(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  error
	}{
		{"85823272833", "85823272833", nil},
		{"858 2327 2833", "85823272833", nil},
		{"858-2327-2833", "85823272833", nil},
		{" 858\t2327\u00a02833 ", "85823272833", nil},
		{"858\u20132327\u20132833", "85823272833", nil},
		{"123456789", "123456789", nil},
		{"123456789012", "123456789012", nil},
		{"12345678", "", ErrInvalidMeetingNumber},
		{"1234567890123", "", ErrInvalidMeetingNumber},
		{"858.2327.2833", "", ErrInvalidMeetingNumber},
		{"85823272833a", "", ErrInvalidMeetingNumber},
		{"", "", ErrInvalidMeetingNumber},
		{strings.Repeat("1", 65), "", ErrInvalidMeetingNumber},
		{"٣٤٥٦٧٨٩٠١٢", "", ErrInvalidMeetingNumber},   // non-ASCII digits
		{"-85823272833", "", ErrInvalidMeetingNumber}, // a sign, not a dash between groups
		{" \u2212858 2327 2833", "", ErrInvalidMeetingNumber},
		{"+85823272833", "", ErrInvalidMeetingNumber},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeMeetingNumber(tt.in)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestClipKeepsUTF8Whole(t *testing.T) {
	s := strings.Repeat("é", 30)
	c := clip(s)
	require.True(t, strings.HasSuffix(c, "…"))
	require.LessOrEqual(t, len(c), 40+len("…"))
	require.Equal(t, strings.ToValidUTF8(c, "?"), c)
	require.Equal(t, "short", clip("short"))
}

func TestCheckCredentials(t *testing.T) {
	require.NoError(t, CheckCredentials(testKey, testSecret))
	require.ErrorIs(t, CheckCredentials("a.b", testSecret), ErrInvalidKey)
	require.ErrorIs(t, CheckCredentials(testKey, "short"), ErrInvalidSecret)
}
