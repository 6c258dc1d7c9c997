package inspectjson

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

const (
	testKey    = "BdrX5jD_Rsagb902E7I15A"
	testSecret = "Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi"
	// rubySig is the seed thread's Ruby signature (README's first command).
	rubySig = "QmRyWDVqRF9Sc2FnYjkwMkU3STE1QS44NTgyMzI3MjgzMy4xNTk1NjM2Mzk2MDAwLjEubWtYTFVTUGQwVHRUTi1pc3FiaEJUdGpOelhtMnJCRzc2TFA5djBSeFo5VT0"
)

var testAt = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func body(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestAnswer(t *testing.T) {
	tok, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleAttendee, zoomsig.WithClock(zoomsig.FixedClock(testAt)))
	require.NoError(t, err)
	// What inspect --json prints for the same inputs, built here the way
	// the command builds it.
	var want bytes.Buffer
	opts, err := Options(testAt, "web@6.2.0", zoomsig.JoinCall{MeetingNumber: "85823272833"})
	require.NoError(t, err)
	require.NoError(t, New(zoomsig.Inspect(tok, testKey, testSecret, opts...), testAt).Encode(&want))

	for _, tt := range []struct {
		name       string
		body       string
		wantStatus int
		want       string // the whole answer, or a part of it
	}{
		{"a fresh token, verified", string(body(t, map[string]string{"signature": tok, "key": testKey, "secret": testSecret, "meetingNumber": "85823272833", "sdk": "web@6.2.0", "at": testAt.Format(time.RFC3339)})), 200, want.String()},
		{"at defaults to now", string(body(t, map[string]string{"signature": rubySig})), 200, `"timestamp": "2020-07-25T00:19:56.000Z (2319 days ago)"`},
		{"empty signature is a finding", `{"signature":""}`, 200, `"code": "malformed"`},
		{"not JSON", `{"signature":`, 400, `{"errors":[{"property":"body","reason":"the body is not a JSON object"}]}`},
		{"an array", `["x"]`, 400, `"property":"body"`},
		{"null", `null`, 400, `"property":"body"`},
		{"no signature", `{"key":"k"}`, 400, `{"errors":[{"property":"signature","reason":"is required`},
		{"a number", `{"signature":"x","meetingNumber":85823272833}`, 400, `{"errors":[{"property":"meetingNumber","reason":"must be a string"}]}`},
		{"null member", `{"signature":null}`, 400, `"property":"signature","reason":"must be a string"`},
		{"unknown member", `{"signature":"x","meeting":"1"}`, 400, `{"errors":[{"property":"meeting","reason":"is not an input of inspect`},
		{"bad at", `{"signature":"x","at":"yesterday"}`, 400, `{"errors":[{"property":"at","reason":"must be an RFC 3339 instant`},
		{"bad sdk", `{"signature":"x","sdk":"web@banana"}`, 400, `{"errors":[{"property":"sdk","reason":`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, got := Answer([]byte(tt.body), testAt)
			require.Equal(t, tt.wantStatus, status, string(got))
			require.True(t, json.Valid(got), string(got))
			require.Contains(t, string(got), tt.want)
			if status == http.StatusOK {
				var obj map[string]json.RawMessage
				require.NoError(t, json.Unmarshal(got, &obj))
				for _, member := range []string{"format", "kind", "verified", "header", "claims", "fields", "findings"} {
					require.Contains(t, obj, member)
				}
			}
		})
	}
}

// Neither the secret nor the password is in any answer, whatever else
// the request holds.
func TestAnswerNeverHoldsTheSecret(t *testing.T) {
	const password = "s3cr3t-pass-12"
	tok, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleAttendee)
	require.NoError(t, err)
	for _, tt := range []struct {
		name string
		req  map[string]any
	}{
		{"verified", map[string]any{"signature": tok, "key": testKey, "secret": testSecret, "password": password}},
		{"the secret pasted as the signature", map[string]any{"signature": testSecret, "secret": testSecret}},
		{"a bad member beside it", map[string]any{"signature": tok, "secret": testSecret, "at": 5}},
		{"the secret as the sdk", map[string]any{"signature": tok, "secret": testSecret, "sdk": testSecret}},
		{"the password as the sdk", map[string]any{"signature": tok, "password": password, "sdk": "web@" + password}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, got := Answer(body(t, tt.req), testAt)
			require.NotContains(t, string(got), testSecret)
			require.NotContains(t, string(got), password)
		})
	}
}

func TestRelative(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{0, "now"},
		{-30 * time.Second, "30s ago"},
		{5 * time.Minute, "5m from now"},
		{-(26*time.Hour + 3*time.Minute), "26h03m ago"},
		{-72 * time.Hour, "3 days ago"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			require.Equal(t, tt.want, relative(now.Add(tt.d), now))
		})
	}
	// Far beyond what a Duration holds: counted, not clipped.
	require.Equal(t, "20766709 days from now", relative(time.Unix(1796039726000, 0), time.Unix(1796039726, 0)))
	require.Equal(t, "739616 days ago", relative(time.Time{}, now))
}

func TestFieldsKeepTheirOrder(t *testing.T) {
	r := &Report{Fields: Fields{}}
	r.Add("z", "1")
	r.Add("a", `"2"`)
	b, err := json.Marshal(r.Fields)
	require.NoError(t, err)
	require.Equal(t, `{"z":"1","a":"\"2\""}`, string(b))
	require.False(t, r.HasError())
	r.Findings = []zoomsig.Finding{{Code: "x", Severity: zoomsig.SeverityError}}
	require.True(t, r.HasError())
	require.False(t, strings.Contains(string(b), "Findings"))
}

// TestLifetimeBeyondADuration: a lifetime past what a time.Duration holds
// is said in years, not as a saturated duration.
func TestLifetimeBeyondADuration(t *testing.T) {
	iat := time.Unix(0, 0)
	require.Equal(t, "2h0m0s", lifetime(iat, iat.Add(2*time.Hour)))
	require.Equal(t, "31688 years", lifetime(iat, time.Unix(1e12, 0)))
	require.Equal(t, "-316 years", lifetime(time.Unix(1e10, 0), time.Unix(-5, 0)))
}
