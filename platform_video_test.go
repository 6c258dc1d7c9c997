package zoomsig

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// videoResult is one case of testdata/sdk/video-results.json, written by
// testdata/sdk/video.js from a run of the real Video SDK for web.
type videoResult struct {
	Name            string  `json:"name"`
	SDK             string  `json:"sdk"`
	Token           string  `json:"token"`
	Topic           string  `json:"topic"`
	Password        *string `json:"password"`
	At              string  `json:"at"`
	Expect          string  `json:"expect"`
	JoinSettled     bool    `json:"joinSettled"`
	ErrorCode       *int    `json:"errorCode"`
	Reason          string  `json:"reason"`
	SDKDid          string  `json:"sdkDid"`
	TokenUnchanged  bool    `json:"tokenUnchanged"`
	TopicSent       string  `json:"topicSent"`
	TopicLowerCased bool    `json:"topicLowerCased"`
	DiagnoseNamed   string  `json:"diagnoseNamed"`
}

// TestVideoWebMatchesMeasurement holds videoWebMatrix equal to what the
// Video SDK for web did in Chromium (testdata/sdk/video-results.json,
// regenerated and diffed by CI), and replays every case through Diagnose
// without a browser: what the SDK reported, code and message, stands in
// the finding the run recorded; a token the SDK sent has no error.
func TestVideoWebMatchesMeasurement(t *testing.T) {
	b, err := os.ReadFile("testdata/sdk/video-results.json")
	require.NoError(t, err)
	var file struct{ Cases []videoResult }
	require.NoError(t, json.Unmarshal(b, &file))
	require.Len(t, file.Cases, 9*len(videoWebMatrix), "nine cases per measured version")
	for _, c := range file.Cases {
		t.Run(c.SDK+" "+c.Name, func(t *testing.T) {
			m := measuredOf(t, c.SDK)
			switch c.Expect {
			case "local":
				require.Equal(t, "refused before asking Zoom", c.SDKDid)
				require.Equal(t, m.localCode != 0, c.ErrorCode != nil)
				if c.ErrorCode != nil {
					require.Equal(t, m.localCode, *c.ErrorCode)
				}
			default:
				require.True(t, c.TokenUnchanged)
				require.Equal(t, m.lowerCases, c.TopicLowerCased)
				require.Equal(t, m.settles, c.JoinSettled)
			}
			fs := replayVideo(t, c)
			errs := slices.DeleteFunc(slices.Clone(fs), func(f Finding) bool { return f.Severity != SeverityError })
			switch c.Expect {
			case "sent":
				require.Empty(t, errs, "%v", fs)
				return
			case "other-product":
				i := slices.IndexFunc(errs, func(f Finding) bool {
					return f.Code == c.DiagnoseNamed && strings.Contains(f.Message, "This is a Meeting SDK token")
				})
				require.GreaterOrEqual(t, i, 0, "%v", errs)
				return
			}
			words := fmt.Sprintf("%q", c.Reason)
			if c.ErrorCode != nil {
				words = fmt.Sprintf("%d %s", *c.ErrorCode, words)
			}
			i := slices.IndexFunc(errs, func(f Finding) bool { return f.Code == c.DiagnoseNamed && strings.Contains(f.Message, words) })
			require.GreaterOrEqual(t, i, 0, "no %s error names %s: %v", c.DiagnoseNamed, words, errs)
		})
	}
}

// measuredOf returns the table's entry for "video-web@V".
func measuredOf(t *testing.T, sdk string) *videoWebMeasured {
	v, ok := parsePlatformVersion(sdk)
	require.True(t, ok, sdk)
	m, name := measuredVideoWeb(v)
	require.Equal(t, strings.TrimPrefix(sdk, "video-web@"), name, "a measured version is named as itself")
	return m
}

// replayVideo asks Diagnose about a recorded case as the runner asked
// zoomsig inspect.
func replayVideo(t *testing.T, c videoResult) []Finding {
	at, err := time.Parse(time.RFC3339, c.At)
	require.NoError(t, err)
	join := JoinCall{Topic: c.Topic}
	if c.Password != nil {
		join.Password = *c.Password
	}
	fs := Diagnose(c.Token, testKey, testSecret, WithClock(FixedClock(at)), WithSDKVersion(c.SDK), WithJoinCall(join))
	checkFindings(t, fs, testSecret)
	return fs
}
