package zoomsig

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// reportCase is one public report rebuilt under testdata/reports: what its
// recipe made (input.txt, made by testdata/gen/reports.sh and diffed in
// CI), the credentials, SDK and join call that go with it (case.json), and
// what Inspect must say (expected.json).
type reportCase struct {
	URL     string    `json:"url"`
	Summary string    `json:"summary"`
	Key     string    `json:"key"`
	Secret  string    `json:"secret"`
	SDK     string    `json:"sdk"`
	Join    *JoinCall `json:"join"`
}

type reportExpected struct {
	At      time.Time `json:"at"`
	First   string    `json:"first"`
	Present []string  `json:"present"`
	Absent  []string  `json:"absent"`
}

func readJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), path)
}

// TestReportsCorpus runs every rebuilt report through Inspect: the first
// finding, the codes that must be there and those that must not.
func TestReportsCorpus(t *testing.T) {
	dirs, err := filepath.Glob("testdata/reports/*/expected.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(dirs), 15, "the corpus holds at least 15 reports")
	for _, exp := range dirs {
		dir := filepath.Dir(exp)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var c reportCase
			var want reportExpected
			readJSONFile(t, filepath.Join(dir, "case.json"), &c)
			readJSONFile(t, exp, &want)
			require.NotEmpty(t, c.URL)
			require.False(t, want.At.IsZero(), "expected.json needs at")
			input, err := os.ReadFile(filepath.Join(dir, "input.txt"))
			require.NoError(t, err)
			opts := []Option{WithClock(FixedClock(want.At))}
			if c.SDK != "" {
				opts = append(opts, WithSDKVersion(c.SDK))
			}
			if c.Join != nil {
				opts = append(opts, WithJoinCall(*c.Join))
			}
			rep := Inspect(string(input), c.Key, c.Secret, opts...)
			checkFindings(t, rep.Findings, c.Secret)
			got := codes(rep.Findings)
			require.NotEmpty(t, got)
			require.Equal(t, want.First, got[0], "%s: %v", c.Summary, rep.Findings)
			for _, code := range want.Present {
				require.Contains(t, got, code, "%v", rep.Findings)
			}
			for _, code := range want.Absent {
				require.NotContains(t, got, code, "%v", rep.Findings)
			}
			if rep.Format != FormatUnknown && rep.Format != FormatJWTSegment {
				require.NotEmpty(t, rep.Claims, "a decodable token keeps its decoded view")
			}
		})
	}
}
