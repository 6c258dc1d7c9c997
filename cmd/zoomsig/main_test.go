package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

const (
	testKey    = "BdrX5jD_Rsagb902E7I15A"
	testSecret = "Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi"
	// rubySig is the forum thread's Ruby sample's output for the test
	// credentials at 2020-07-25T00:20:26Z (testdata/gen/legacy.rb).
	rubySig = "QmRyWDVqRF9Sc2FnYjkwMkU3STE1QS44NTgyMzI3MjgzMy4xNTk1NjM2Mzk2MDAwLjEubWtYTFVTUGQwVHRUTi1pc3FiaEJUdGpOelhtMnJCRzc2TFA5djBSeFo5VT0"
)

type result struct {
	code           int
	stdout, stderr string
}

// runCmd runs the command in-process with the given stdin.
func runCmd(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	r := result{code, out.String(), errOut.String()}
	for _, s := range []string{r.stdout, r.stderr} {
		require.NotContains(t, s, testSecret, "output holds the secret")
	}
	return r
}

// clearEnv removes every credential variable for the test, and Redis's.
func clearEnv(t *testing.T) {
	for _, v := range []string{"ZOOM_SDK_KEY", "ZOOM_SDK_SECRET", "ZOOM_MEETING_SDK_KEY", "ZOOM_MEETING_SDK_SECRET", "ZOOM_VIDEO_SDK_KEY", "ZOOM_VIDEO_SDK_SECRET",
		"REDIS_URL", "REDIS_PASSWORD"} {
		t.Setenv(v, "")
	}
}

func setCreds(t *testing.T, keyVar, secretVar string) {
	clearEnv(t)
	t.Setenv(keyVar, testKey)
	t.Setenv(secretVar, testSecret)
}

func TestUsageExits(t *testing.T) {
	clearEnv(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"no args", nil, exitUsage, "usage: zoomsig COMMAND"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"help", []string{"help"}, exitOK, "commands:"},
		{"--help", []string{"--help"}, exitOK, "commands:"},
		{"help sign", []string{"help", "sign"}, exitOK, "usage: zoomsig sign"},
		{"sign --help", []string{"sign", "--help"}, exitOK, "-dialect"},
		{"inspect --help", []string{"inspect", "-h"}, exitOK, "usage: zoomsig inspect"},
		{"version", []string{"version"}, exitOK, "zoomsig (devel)"},
		{"unknown flag", []string{"sign", "--frob", "123456789"}, exitUsage, "sign: there is no --frob flag\nRun \"zoomsig sign --help\" for usage."},
		{"bad number", []string{"sign", "--role", "x", "123456789"}, exitUsage, `sign: --role "x": not a whole number`},
		{"bad duration", []string{"sign", "--expiry", "2", "123456789"}, exitUsage, `sign: --expiry "2": not a duration such as 90s, 30m or 2h`},
		{"bad --at", []string{"sign", "--at", "2026-01-01", "123456789"}, exitUsage, `--at "2026-01-01" is not an RFC 3339 instant such as 2026-11-30T09:00:00Z`},
		{"unquoted meeting", []string{"sign", "858", "2327", "2833"}, exitUsage, `sign: 3 arguments given; quote a meeting number with spaces: "858 2327 2833"`},
		{"sign without meeting", []string{"sign", "--legacy"}, exitUsage, "sign: a meeting number is needed"},
		{"sign two meetings", []string{"sign", "--legacy", "123456789", "987654321"}, exitUsage, "sign: 2 arguments given"},
		{"sign bad meeting", []string{"sign", "--legacy", "12345"}, exitUsage, "9 to 12 digits"},
		{"sign bad dialect", []string{"sign", "--legacy", "--dialect", "cobol", "123456789"}, exitUsage, "unknown dialect"},
		{"sign bad at", []string{"sign", "--legacy", "--at", "yesterday", "123456789"}, exitUsage, "--at"},
		{"inspect bad at", []string{"inspect", "--at", "yesterday", rubySig}, exitUsage, "--at"},
		{"inspect two args", []string{"inspect", rubySig, rubySig}, exitUsage, "inspect: 2 arguments given, at most 1 taken"},
		{"inspect secret and signature on stdin", []string{"inspect", "--secret-file", "-"}, exitUsage, "both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, "", tt.args...)
			require.Equal(t, tt.wantCode, r.code, "stdout %q stderr %q", r.stdout, r.stderr)
			require.Contains(t, r.stdout+r.stderr, tt.wantOut)
		})
	}
}

// TestSecretFlagRefused: no form of --secret is accepted, and the refusal
// never repeats the value.
func TestSecretFlagRefused(t *testing.T) {
	clearEnv(t)
	for _, args := range [][]string{
		{"sign", "--secret", testSecret, "123456789"},
		{"sign", "--secret=" + testSecret, "123456789"},
		{"sign", "123456789", "-secret", testSecret},
		{"inspect", "-secret=" + testSecret, rubySig},
	} {
		r := runCmd(t, "", args...)
		require.Equal(t, exitUsage, r.code)
		require.Contains(t, r.stderr, "there is no --secret flag")
		require.Contains(t, r.stderr, "--secret-file")
	}
}

func TestSignLegacy(t *testing.T) {
	at := time.Date(2020, 7, 25, 0, 20, 26, 0, time.UTC)
	for _, vars := range [][2]string{{"ZOOM_SDK_KEY", "ZOOM_SDK_SECRET"}, {"ZOOM_MEETING_SDK_KEY", "ZOOM_MEETING_SDK_SECRET"}} {
		setCreds(t, vars[0], vars[1])
		r := runCmd(t, "", "sign", "--legacy", "--dialect", "ruby-urlsafe", "--at", at.Format(time.RFC3339), "858 2327 2833", "--role", "1")
		require.Equal(t, exitOK, r.code, r.stderr)
		require.Equal(t, rubySig+"\n", r.stdout, "the real Ruby sample's output")
	}
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	r := runCmd(t, "", "sign", "--legacy", "--role", "1", "85823272833")
	require.Equal(t, exitOK, r.code, r.stderr)
	_, err := zoomsig.Verify(strings.TrimSpace(r.stdout), testKey, testSecret)
	require.NoError(t, err)
	// Still made, with one line on stderr saying Zoom refuses it now.
	require.Equal(t, 1, strings.Count(r.stderr, "\n"), r.stderr)
	require.Contains(t, r.stderr, "warning: Zoom ended JWT apps")
	r = runCmd(t, "", "sign", "85823272833")
	require.Empty(t, r.stderr)
	r = runCmd(t, "", "sign", "--legacy", "--at", "2023-01-01T00:00:00Z", "85823272833")
	require.Empty(t, r.stderr, "before JWT apps ended, no warning")

	r = runCmd(t, "", "sign", "--legacy", "--role", "3", "85823272833")
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "invalid role")
}

func TestSignCredentialSources(t *testing.T) {
	clearEnv(t)
	r := runCmd(t, "", "sign", "--legacy", "123456789")
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "no credentials")

	// --secret-file PATH, with a trailing newline as editors write it.
	path := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(path, []byte(testSecret+"\n"), 0o600))
	r = runCmd(t, "", "sign", "--legacy", "--key", testKey, "--secret-file", path, "123456789")
	require.Equal(t, exitOK, r.code, r.stderr)
	_, err := zoomsig.Verify(strings.TrimSpace(r.stdout), testKey, testSecret)
	require.NoError(t, err)

	// --secret-file - reads stdin.
	r = runCmd(t, testSecret+"\r\n", "sign", "--legacy", "--key", testKey, "--secret-file", "-", "123456789")
	require.Equal(t, exitOK, r.code, r.stderr)
	_, err = zoomsig.Verify(strings.TrimSpace(r.stdout), testKey, testSecret)
	require.NoError(t, err)

	r = runCmd(t, "", "sign", "--legacy", "--key", testKey, "--secret-file", "-", "123456789")
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "the secret is empty")

	r = runCmd(t, "", "sign", "--legacy", "--key", testKey, "--secret-file", filepath.Join(t.TempDir(), "missing"), "123456789")
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "reading the secret")

	// A short secret is refused by the library, without echoing it.
	t.Setenv("ZOOM_SDK_KEY", testKey)
	t.Setenv("ZOOM_SDK_SECRET", "tiny")
	r = runCmd(t, "", "sign", "--legacy", "123456789")
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "invalid secret")
	require.NotContains(t, r.stderr, "tiny")
}

func TestInspectLegacy(t *testing.T) {
	clearEnv(t)
	at := "2020-07-25T00:30:00Z"
	good, err := zoomsig.Generate(testKey, testSecret, "85823272833", zoomsig.RoleAttendee,
		zoomsig.WithClock(zoomsig.FixedClock(time.Date(2020, 7, 25, 0, 20, 26, 0, time.UTC))))
	require.NoError(t, err)

	// Without credentials: the fields, and the URL-safe hash seen at sight.
	r := runCmd(t, "", "inspect", "--at", at, rubySig)
	require.Equal(t, exitFailed, r.code)
	for _, want := range []string{"format     legacy Web SDK 1.x signature", "meeting    85823272833", "role       1 (host)",
		"2020-07-25T00:19:56.000Z (10m ago)", "(URL-safe alphabet)", "error   url-safe-hash:", "fix: Encode the HMAC with standard base64",
		"info    host-role:", "info    unverified:"} {
		require.Contains(t, r.stdout, want)
	}

	r = runCmd(t, "", "inspect", "--at", at, good)
	require.Equal(t, exitOK, r.code, r.stdout)
	require.Contains(t, r.stdout, "standard alphabet")
	require.Contains(t, r.stdout, "no error: Zoom would accept")

	// From stdin, with stray whitespace and quotes.
	r = runCmd(t, "  \""+good+"\"\n", "inspect", "--at", at, "-")
	require.Equal(t, exitOK, r.code, r.stdout)
	require.Contains(t, r.stdout, "key        "+testKey)
	r = runCmd(t, good, "inspect", "--at", at)
	require.Equal(t, exitOK, r.code, r.stdout)

	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	r = runCmd(t, "", "inspect", "--at", at, good)
	require.Equal(t, exitOK, r.code, r.stdout)
	require.NotContains(t, r.stdout, "unverified")

	r = runCmd(t, "", "inspect", "--at", at, rubySig)
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "(the HMAC itself is right)")

	r = runCmd(t, "", "inspect", "--at", "2020-07-27T00:00:00Z", good)
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "error   expired: The signature expired")

	r = runCmd(t, "", "inspect", "not a signature")
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "format  unrecognised")
	require.Contains(t, r.stdout, "error   malformed:")

	// Unusable or missing credentials: the diagnosis goes on and says so.
	t.Setenv("ZOOM_SDK_SECRET", "tiny-secret")
	r = runCmd(t, "", "inspect", "--at", at, good)
	require.Equal(t, exitOK, r.code, r.stdout)
	require.Contains(t, r.stdout, "warning invalid-credentials:")
	require.NotContains(t, r.stdout+r.stderr, "tiny-secret")
	t.Setenv("ZOOM_SDK_SECRET", "")
	r = runCmd(t, "", "inspect", "--at", at, good)
	require.Equal(t, exitUsage, r.code, "half an environment pair: %s", r.stdout)
	require.Contains(t, r.stderr, "ZOOM_SDK_KEY is set but ZOOM_SDK_SECRET is not")
	t.Setenv("ZOOM_SDK_KEY", "")
	r = runCmd(t, "", "inspect", "--key", testKey, "--at", at, good)
	require.Equal(t, exitOK, r.code, "--key alone: %s", r.stderr)
	require.Contains(t, r.stdout, "info    unverified:")
	r = runCmd(t, "", "inspect", "--secret-file", filepath.Join(t.TempDir(), "absent"), good)
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "--secret-file")
}

// TestInspectJoinFlags: the join call from flags, compared; the passcode
// never printed.
func TestInspectJoinFlags(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	video, err := zoomsig.GenerateVideoJWT(testKey, testSecret, zoomsig.VideoToken{SessionName: "Weekly Standup"}, zoomsig.WithClock(zoomsig.FixedClock(at)))
	require.NoError(t, err)
	atFlag := at.Format(time.RFC3339)
	r := runCmd(t, "", "inspect", "--at", atFlag, "--session", "weekly standup", video)
	require.Equal(t, exitOK, r.code, r.stdout)
	r = runCmd(t, "", "inspect", "--at", atFlag, "--session", "Weekly Standuq", "--password", "s3cr3t-pass-12", video)
	require.Equal(t, exitFailed, r.code, r.stdout)
	require.Contains(t, r.stdout, "error   join-mismatch: The token's \"tpc\" and the session name passed to join() differ at character 14")
	require.Contains(t, r.stdout, "14 characters, more than 10")
	require.NotContains(t, r.stdout+r.stderr, "s3cr3t-pass-12")
	r = runCmd(t, "", "inspect", "--json", "--at", atFlag, "--password", "s3cr3t-pass-12", video)
	require.NotContains(t, r.stdout, "s3cr3t-pass-12")

	meeting, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleAttendee, zoomsig.WithClock(zoomsig.FixedClock(at)))
	require.NoError(t, err)
	r = runCmd(t, "", "inspect", "--at", atFlag, "--meeting", "858 2327 2833", meeting)
	require.Equal(t, exitOK, r.code, r.stdout)
	r = runCmd(t, "", "inspect", "--at", atFlag, "--meeting", "85823272834", "--join-key", "X", meeting)
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "differ at character 11")

	// A claim that is not UTF-8: a finding, and the JSON output stays JSON.
	bad := strings.Split(meeting, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(bad[1])
	payload = append(payload[:len(payload)-1], []byte(`,"n":"a`+"\x92"+`b"}`)...)
	tok := bad[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + bad[2]
	r = runCmd(t, "", "inspect", "--json", "--at", atFlag, tok)
	require.True(t, json.Valid([]byte(r.stdout)), r.stdout)
	require.Contains(t, r.stdout, "not UTF-8")
}

// TestInspectJSON pins the JSON shape scripts rely on.
func TestInspectJSON(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	r := runCmd(t, "", "inspect", "--json", "--at", "2020-07-25T00:30:00Z", rubySig)
	require.Equal(t, exitFailed, r.code)
	var got struct {
		Format   string            `json:"format"`
		Fields   map[string]string `json:"fields"`
		Findings []map[string]string
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got), r.stdout)
	require.Equal(t, "legacy Web SDK 1.x signature", got.Format)
	require.Equal(t, "85823272833", got.Fields["meeting"])
	require.Equal(t, testKey, got.Fields["key"])
	require.NotEmpty(t, got.Findings)
	require.Equal(t, map[string]string{"code": "url-safe-hash", "severity": "error",
		"message": got.Findings[0]["message"], "fix": got.Findings[0]["fix"]}, got.Findings[0])
	require.Contains(t, got.Findings[0]["message"], "3712")
	// The fields keep their order in the JSON text.
	require.Less(t, strings.Index(r.stdout, `"key"`), strings.Index(r.stdout, `"hash"`))

	// A good signature: exit 0 and an empty findings array, not null. (With
	// sdkKey, an sdk-key-claim info would be there: SDK 5.0+ warns.)
	// (Judged before 2 March 2026, when outside-account begins.)
	jan := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	good, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleAttendee, zoomsig.WithSDKKeyClaim(false), zoomsig.WithClock(zoomsig.FixedClock(jan)))
	require.NoError(t, err)
	r = runCmd(t, "", "inspect", "--json", "--at", jan.Format(time.RFC3339), good)
	require.Equal(t, exitOK, r.code, r.stdout)
	require.Contains(t, r.stdout, `"findings": []`)
	var full struct {
		Kind     string                     `json:"kind"`
		Verified bool                       `json:"verified"`
		Header   map[string]json.RawMessage `json:"header"`
		Claims   map[string]json.RawMessage `json:"claims"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &full))
	require.Equal(t, "meeting-jwt", full.Kind)
	require.True(t, full.Verified)
	require.Equal(t, `"HS256"`, string(full.Header["alg"]))
	require.Equal(t, `0`, string(full.Claims["role"]), "numbers stay numbers")
	require.Equal(t, `"85823272833"`, string(full.Claims["mn"]))
	r = runCmd(t, "", "inspect", "--at", jan.Format(time.RFC3339), good)
	require.Contains(t, r.stdout, "hash      verified with the given secret")

	r = runCmd(t, "", "inspect", "--json", "garbage!")
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, `"format": "unrecognised"`)
	require.Contains(t, r.stdout, `"fields": {}`)
}

func TestSignJWT(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	clock := zoomsig.WithClock(zoomsig.FixedClock(at))

	// The default is a Meeting SDK JWT; with --backdate 0 it is what Zoom's
	// sample (jsrsasign) printed for these inputs.
	r := runCmd(t, "", "sign", "--at", at.Format(time.RFC3339), "--backdate", "0", "858-2327-2833")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBLZXkiOiJCZHJYNWpEX1JzYWdiOTAyRTdJMTVBIiwic2RrS2V5IjoiQmRyWDVqRF9Sc2FnYjkwMkU3STE1QSIsIm1uIjoiODU4MjMyNzI4MzMiLCJyb2xlIjowLCJpYXQiOjE3OTU3NzAwMDAsImV4cCI6MTc5NTc3NzIwMCwidG9rZW5FeHAiOjE3OTU3NzcyMDB9.2msPXKc8ZoT3n11AXNI3if9je_28dZ2HmHAbHzmw7mY\n", r.stdout)

	r = runCmd(t, "", "sign", "--at", at.Format(time.RFC3339), "--role", "1", "--expiry", "48h", "--video-webrtc-mode", "1", "85823272833")
	require.Equal(t, exitOK, r.code, r.stderr)
	c, err := zoomsig.VerifyJWT(strings.TrimSpace(r.stdout), testKey, testSecret, clock)
	require.NoError(t, err)
	require.Equal(t, zoomsig.RoleHost, c.Role)
	require.Equal(t, 48*time.Hour, c.ExpiresAt.Sub(c.IssuedAt))
	require.Equal(t, at.Add(-30*time.Second), c.IssuedAt)
	require.Equal(t, 1, *c.VideoWebRTCMode)

	r = runCmd(t, "", "sign", "--native", "--at", at.Format(time.RFC3339))
	require.Equal(t, exitOK, r.code, r.stderr)
	c, err = zoomsig.VerifyJWT(strings.TrimSpace(r.stdout), testKey, testSecret, clock)
	require.NoError(t, err)
	require.True(t, c.Native)

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sign", "--expiry", "10m", "123456789"}, "outside 30m0s..48h0m0s"},
		{[]string{"sign", "--video-webrtc-mode", "2", "123456789"}, "neither 0 nor 1"},
		{[]string{"sign", "--backdate", "1500ms", "123456789"}, "whole seconds"},
	} {
		r = runCmd(t, "", tt.args...)
		require.Equal(t, exitUsage, r.code)
		require.Contains(t, r.stderr, tt.want)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sign", "--native", "--legacy"}, "--native cannot be used with --legacy"},
		{[]string{"sign", "--dialect", "php", "123456789"}, "--dialect applies to --legacy"},
		{[]string{"sign", "--legacy", "--expiry", "1h", "123456789"}, "--expiry applies to JWTs only"},
		{[]string{"sign", "--legacy", "--video-webrtc-mode", "1", "123456789"}, "--video-webrtc-mode applies to JWTs only"},
		{[]string{"sign", "--native", "--role", "1"}, "--role does not apply"},
		{[]string{"sign", "--native", "123456789"}, "--native and --video take no meeting number"},
	} {
		r = runCmd(t, "", tt.args...)
		require.Equal(t, exitUsage, r.code, tt.args)
		require.Contains(t, r.stderr, tt.want)
	}
}

func TestInspectJWT(t *testing.T) {
	clearEnv(t)
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	atFlag := at.Format(time.RFC3339)
	clock := zoomsig.WithClock(zoomsig.FixedClock(at))
	meeting, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleHost, clock, zoomsig.WithVideoWebRTCMode(1))
	require.NoError(t, err)
	native, err := zoomsig.GenerateNativeJWT(testKey, testSecret, clock)
	require.NoError(t, err)
	video, err := zoomsig.GenerateVideoJWT(testKey, testSecret, zoomsig.VideoToken{SessionName: "standup", UserIdentity: "u1", SessionKey: "s1", GeoRegions: []string{"US"}}, clock)
	require.NoError(t, err)

	r := runCmd(t, "", "inspect", "--at", atFlag, meeting)
	require.Equal(t, exitOK, r.code, r.stdout)
	for _, want := range []string{"Meeting SDK JWT (HS256)", "sdkKey", "meeting            85823272833", "1 (host)",
		"2026-11-27T08:59:30.000Z (30s ago)", "lifetime 2h0m0s", "video_webrtc_mode  1", "info    unverified:"} {
		require.Contains(t, r.stdout, want)
	}
	r = runCmd(t, "", "inspect", "--at", atFlag, native)
	require.Equal(t, exitOK, r.code, r.stdout)
	require.Contains(t, r.stdout, "native")
	require.NotContains(t, r.stdout, "missing-claim", "judged for the native SDKs by default")
	require.NotContains(t, r.stdout, "\nmeeting")
	r = runCmd(t, "", "inspect", "--sdk", "web", "--at", atFlag, native)
	require.Equal(t, exitOK, r.code, r.stdout)
	require.Contains(t, r.stdout, "warning missing-claim:")
	r = runCmd(t, "", "inspect", "--at", atFlag, video)
	require.Equal(t, exitOK, r.code, r.stdout)
	for _, want := range []string{"Video SDK JWT (HS256)", `"standup"`, "user_identity", "session_key", "geo_regions"} {
		require.Contains(t, r.stdout, want)
	}

	setCreds(t, "ZOOM_MEETING_SDK_KEY", "ZOOM_MEETING_SDK_SECRET")
	for _, tok := range []string{meeting, native, video} {
		r = runCmd(t, "", "inspect", "--at", atFlag, tok)
		require.Equal(t, exitOK, r.code, r.stdout)
		require.Contains(t, r.stdout, "no error: Zoom would accept")
		r = runCmd(t, "", "inspect", "--at", at.Add(3*time.Hour).Format(time.RFC3339), tok)
		require.Equal(t, exitFailed, r.code, r.stdout)
		require.Contains(t, r.stdout, "error   expired: The token expired 1h0m30s ago")
	}
	r = runCmd(t, "", "inspect", "--at", atFlag, meeting[:len(meeting)-3]+"AAA")
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "error   hash-mismatch:")
	r = runCmd(t, "", "inspect", "a.b.c")
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "error   malformed:")

	// The endpoint's whole response, pasted: the fields of the token inside.
	resp := `{"signature":"` + meeting + `","sdkKey":"` + testKey + `"}`
	r = runCmd(t, "", "inspect", "--at", atFlag, resp)
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "meeting            85823272833")
	require.Contains(t, r.stdout, "error   response-object:")
}

// TestSecretHygieneCommand: the signing commands refuse a secret with
// stray whitespace and a key equal to the secret, saying which rule and
// never the value; inspect reports instead.
func TestSecretHygieneCommand(t *testing.T) {
	clearEnv(t)
	t.Setenv("ZOOM_SDK_KEY", testKey)
	t.Setenv("ZOOM_SDK_SECRET", testSecret+"\n")
	r := runCmd(t, "", "sign", "85823272833")
	require.NotEqual(t, exitOK, r.code)
	require.Contains(t, r.stderr, "whitespace")
	require.NotContains(t, r.stdout+r.stderr, testSecret)
	path := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(path, []byte(testSecret+"  \r\n"), 0o600))
	clearEnv(t)
	r = runCmd(t, "", "sign", "--key", testKey, "--secret-file", path, "85823272833")
	require.NotEqual(t, exitOK, r.code)
	require.Contains(t, r.stderr, "whitespace")
	r = runCmd(t, "", "serve", "--key", testSecret, "--secret-file", writeSecret(t, testSecret))
	require.NotEqual(t, exitOK, r.code)
	require.Contains(t, r.stderr, "key equals the secret")
	require.NotContains(t, r.stdout+r.stderr, testSecret)
	tok, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleAttendee)
	require.NoError(t, err)
	r = runCmd(t, "", "inspect", "--key", testKey, "--secret-file", path, tok)
	require.Contains(t, r.stdout, "secret-whitespace")
}

func writeSecret(t *testing.T, s string) string {
	path := filepath.Join(t.TempDir(), "s")
	require.NoError(t, os.WriteFile(path, []byte(s+"\n"), 0o600))
	return path
}
