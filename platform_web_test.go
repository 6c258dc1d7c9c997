package zoomsig

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// matrixCase is one measured case of testdata/sdk/matrix.json.
type matrixCase struct {
	Outcome    string   `json:"outcome"`
	APIKeySent string   `json:"apiKeySent"`
	Detail     string   `json:"detail"`
	Console    []string `json:"console"`
}

type matrixFile struct {
	Versions []struct {
		Package string                           `json:"package"`
		Version string                           `json:"version"`
		Views   map[string]map[string]matrixCase `json:"views"`
	} `json:"versions"`
}

var quoted = regexp.MustCompile(`"([^"]+)"`)

// TestWebMatrixMatchesMeasurement holds webMatrix equal to what the real
// SDKs did in Chromium (testdata/sdk/matrix.json, regenerated and diffed by
// CI): every version, both views, each case's outcome, the key sent, and
// every quoted SDK message.
func TestWebMatrixMatchesMeasurement(t *testing.T) {
	b, err := os.ReadFile("testdata/sdk/matrix.json")
	require.NoError(t, err)
	var m matrixFile
	require.NoError(t, json.Unmarshal(b, &m))
	require.Len(t, m.Versions, len(webMatrix))
	for i, v := range m.Versions {
		w := webMatrix[i]
		require.Equal(t, v.Version, w.version)
		require.Equal(t, fmt.Sprintf("%d.%d.%d", w.num[0], w.num[1], w.num[2]), w.version)
		for vi, view := range []string{"client", "component"} {
			cases, ok := v.Views[view]
			if !ok {
				require.Empty(t, w.legacy[vi].outcome, "%s has no %s view", w.version, view)
				continue
			}
			for name, got := range map[string]webView{"legacy": w.legacy[vi], "appKeyOnly": w.jwt[vi], "sdkKeyOnly": w.sdkKey[vi], "joinKeyDiffers": w.joinKey[vi]} {
				want := cases[name]
				where := fmt.Sprintf("%s %s %s", w.version, view, name)
				require.Equal(t, want.Outcome, got.outcome, where)
				if want.Outcome == "sends" {
					require.Equal(t, want.APIKeySent, got.key, where)
				}
				evidence := want.Detail + strings.Join(want.Console, " ")
				for _, q := range quoted.FindAllStringSubmatch(got.says, -1) {
					require.Contains(t, evidence, q[1], where)
				}
			}
		}
		require.Equal(t, w.legacyNo, v.Views["client"]["legacy"].Outcome != "sends", w.version)
	}
}

// TestWebMessagesFollowMatrix: under --sdk web@V the messages say what the
// nearest measured version at or below V does, naming it.
func TestWebMessagesFollowMatrix(t *testing.T) {
	at := WithClock(FixedClock(inspectAt))
	legacy, err := Generate(testKey, testSecret, testMN, RoleAttendee, at)
	require.NoError(t, err)
	sdkKeyOnly := tokenOf(jwtHeader, strings.Replace(inspectPayload(""), `"appKey"`, `"sdkKey"`, 1), testSecret)
	appKeyOnly := tokenOf(jwtHeader, inspectPayload(""), testSecret)
	for _, w := range webMatrix {
		for _, v := range []string{w.version, fmt.Sprintf("%d.%d.%d", w.num[0], w.num[1], w.num[2]+1)} {
			opts := []Option{at, WithSDKVersion("web@" + v)}
			name := "judged as " + w.version
			if v == w.version {
				name = "Web SDK " + w.version + " (measured)"
			}
			fs := Diagnose(legacy, testKey, testSecret, opts...)
			i := slices.IndexFunc(fs, func(f Finding) bool { return f.Code == CodeSDKVersion })
			if w.legacyNo {
				require.GreaterOrEqual(t, i, 0, "%s: %v", v, fs)
				require.Contains(t, fs[i].Message, name)
				require.Contains(t, fs[i].Message, views(w.legacy))
			} else {
				require.Equal(t, -1, i, "%s takes legacy signatures: %v", v, fs)
				fs = Diagnose(appKeyOnly, testKey, testSecret, opts...)
				i = slices.IndexFunc(fs, func(f Finding) bool { return f.Code == CodeSDKVersion })
				require.GreaterOrEqual(t, i, 0)
				require.Contains(t, fs[i].Message, views(w.jwt))
				continue
			}
			fs = Diagnose(sdkKeyOnly, testKey, testSecret, opts...)
			i = slices.IndexFunc(fs, func(f Finding) bool { return f.Code == CodeMissingClaim })
			require.GreaterOrEqual(t, i, 0, "%s: %v", v, fs)
			require.Contains(t, fs[i].Message, views(w.sdkKey))
			require.Equal(t, w.sendsUndefined(), fs[i].Severity == SeverityError, v)
			fs = Diagnose(appKeyOnly, testKey, testSecret, append(opts, WithJoinCall(JoinCall{SDKKey: "OtherKey_0123456789abc"}))...)
			i = slices.IndexFunc(fs, func(f Finding) bool { return f.Code == CodeJoinMismatch })
			require.GreaterOrEqual(t, i, 0, "%s: %v", v, fs)
			require.Contains(t, fs[i].Message, views(w.joinKey))
			require.Equal(t, w.sendsJoinOption(), fs[i].Severity == SeverityError, v)
		}
	}
}
