package main

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

func TestSignVideo(t *testing.T) {
	setCreds(t, "ZOOM_VIDEO_SDK_KEY", "ZOOM_VIDEO_SDK_SECRET")
	at := "2026-11-27T12:00:00Z"
	r := runCmd(t, "", "sign", "--video", "--session", "daily standup", "--role", "1", "--expiry", "1h", "--backdate", "0",
		"--at", at, "--user-identity", "u-1", "--session-key", "k-1", "--geo-regions", "US,DE",
		"--cloud-recording-option", "1", "--cloud-recording-election", "0", "--telemetry-tracking-id", "trace-1",
		"--video-webrtc-mode", "1", "--audio-webrtc-mode", "0")
	require.Equal(t, exitOK, r.code, r.stderr)
	when, err := time.Parse(time.RFC3339, at)
	require.NoError(t, err)
	c, err := zoomsig.VerifyVideoJWT(strings.TrimSpace(r.stdout), testKey, testSecret, zoomsig.WithClock(zoomsig.FixedClock(when)))
	require.NoError(t, err)
	one, zero := 1, 0
	require.Equal(t, zoomsig.VideoToken{Role: zoomsig.RoleHost, SessionName: "daily standup", UserIdentity: "u-1", SessionKey: "k-1",
		GeoRegions: []string{"US", "DE"}, CloudRecordingOption: &one, CloudRecordingElection: &zero, TelemetryTrackingID: "trace-1",
		VideoWebRTCMode: &one, AudioWebRTCMode: &zero}, c.VideoToken)
	require.Equal(t, when.Unix(), c.IssuedAt.Unix())
	require.Equal(t, time.Hour, c.ExpiresAt.Sub(c.IssuedAt))

	// The same token as the library makes, byte for byte.
	want, err := zoomsig.GenerateVideoJWT(testKey, testSecret, c.VideoToken, zoomsig.WithClock(zoomsig.FixedClock(when)),
		zoomsig.WithBackdate(0), zoomsig.WithExpiry(time.Hour))
	require.NoError(t, err)
	require.Equal(t, want, strings.TrimSpace(r.stdout))
}

// TestSignVideo2026: the claims of Zoom's 2026 spec, as the library
// writes them.
func TestSignVideo2026(t *testing.T) {
	setCreds(t, "ZOOM_VIDEO_SDK_KEY", "ZOOM_VIDEO_SDK_SECRET")
	at := "2026-11-27T12:00:00Z"
	r := runCmd(t, "", "sign", "--video", "--session", "s", "--at", at, "--user-key", "customer-acme-001",
		"--cloud-recording-transcript-option", "2")
	require.Equal(t, exitOK, r.code, r.stderr)
	when, err := time.Parse(time.RFC3339, at)
	require.NoError(t, err)
	c, err := zoomsig.VerifyVideoJWT(strings.TrimSpace(r.stdout), testKey, testSecret, zoomsig.WithClock(zoomsig.FixedClock(when)))
	require.NoError(t, err)
	two := 2
	require.Equal(t, zoomsig.VideoToken{SessionName: "s", UserKey: "customer-acme-001", CloudRecordingTranscriptOption: &two}, c.VideoToken)
}

func TestSignVideoRefuses(t *testing.T) {
	setCreds(t, "ZOOM_VIDEO_SDK_KEY", "ZOOM_VIDEO_SDK_SECRET")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--video"}, exitUsage, "--video needs --session"},
		{[]string{"--video", "--session", "s", "--legacy"}, exitUsage, "--video cannot be used with"},
		{[]string{"--video", "--session", "s", "--dialect", "php"}, exitUsage, "--video cannot be used with"},
		{[]string{"--video", "--session", "s", "85823272833"}, exitUsage, "--native and --video take no meeting number"},
		{[]string{"--session", "s", "85823272833"}, exitUsage, "--session applies to --video tokens only"},
		{[]string{"--geo-regions", "US", "85823272833"}, exitUsage, "--geo-regions applies to --video tokens only"},
		{[]string{"--video", "--session", "s", "--geo-regions", "XX"}, exitUsage, "geo region"},
		{[]string{"--video", "--session", "s", "--audio-webrtc-mode", "2"}, exitUsage, "neither 0 nor 1"},
		{[]string{"--video", "--session", "s", "--cloud-recording-option", "x"}, exitUsage, `--cloud-recording-option "x": not a whole number`},
		{[]string{"--video", "--session", strings.Repeat("s", zoomsig.MaxSessionNameLen+1)}, exitUsage, "more than"},
		{[]string{"--video", "--session", "s", "--user-key", "a", "--user-identity", "b"}, exitUsage, "give one"},
		{[]string{"--video", "--session", "s", "--user-key", strings.Repeat("k", zoomsig.MaxUserKeyLen+1)}, exitUsage, "user key is 37"},
		{[]string{"--video", "--session", "s", "--cloud-recording-transcript-option", "3"}, exitUsage, "not from 0 to 2"},
		{[]string{"--user-key", "a", "85823272833"}, exitUsage, "--user-key applies to --video tokens only"},
		{[]string{"--cloud-recording-transcript-option", "1", "85823272833"}, exitUsage, "--cloud-recording-transcript-option applies to --video tokens only"},
	} {
		r := runCmd(t, "", append([]string{"sign"}, tt.args...)...)
		require.Equal(t, tt.code, r.code, "%v: %s", tt.args, r.stderr)
		require.Contains(t, r.stderr, tt.want, tt.args)
	}
}

// TestVideoCredentials: the Video SDK sample's pair first, then zoomsig's
// own; a key and a secret never come from different pairs, and half a
// pair names the missing variable.
func TestVideoCredentials(t *testing.T) {
	sign := func() result { return runCmd(t, "", "sign", "--video", "--session", "s") }
	verifies := func(r result, key string) {
		t.Helper()
		require.Equal(t, exitOK, r.code, r.stderr)
		_, err := zoomsig.VerifyVideoJWT(strings.TrimSpace(r.stdout), key, testSecret)
		require.NoError(t, err)
	}
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	verifies(sign(), testKey)

	t.Setenv("ZOOM_VIDEO_SDK_KEY", "VideoKey0123456789abcd")
	t.Setenv("ZOOM_VIDEO_SDK_SECRET", testSecret)
	verifies(sign(), "VideoKey0123456789abcd")

	t.Setenv("ZOOM_VIDEO_SDK_SECRET", "")
	r := sign()
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "ZOOM_VIDEO_SDK_KEY is set but ZOOM_VIDEO_SDK_SECRET is not")

	clearEnv(t)
	t.Setenv("ZOOM_VIDEO_SDK_SECRET", testSecret)
	t.Setenv("ZOOM_SDK_KEY", testKey)
	r = sign()
	require.Equal(t, exitUsage, r.code, "no key from another pair")
	require.Contains(t, r.stderr, "ZOOM_VIDEO_SDK_SECRET is set but ZOOM_VIDEO_SDK_KEY is not")

	// --key with --secret-file first.
	r = runCmd(t, testSecret+"\n", "sign", "--video", "--session", "s", "--key", "FlagKey0123456789abcde", "--secret-file", "-")
	verifies(r, "FlagKey0123456789abcde")

	clearEnv(t)
	r = sign()
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "no credentials: set ZOOM_VIDEO_SDK_KEY and ZOOM_VIDEO_SDK_SECRET (or ZOOM_SDK_KEY and ZOOM_SDK_SECRET)")
}

func TestServeVideoFlags(t *testing.T) {
	setCreds(t, "ZOOM_VIDEO_SDK_KEY", "ZOOM_VIDEO_SDK_SECRET")
	var stderr syncBuffer
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--video", "--meeting", "85823272833"}, exitUsage, "--meeting does not apply to --video"},
		{[]string{"--session", "s"}, exitUsage, "--session applies to --video only"},
		{[]string{"--video", "--session", ""}, exitUsage, "session allowlist"},
		{[]string{"--video", "--backdate", "2h"}, exitUsage, "backdate"},
	} {
		_, err := parseServe(tt.args, strings.NewReader(""), &stderr)
		var out strings.Builder
		require.Equal(t, tt.code, exitCode(err, &out), tt.args)
		require.Contains(t, out.String(), tt.want)
	}
	cfg, err := parseServe([]string{"--video", "--session", "s"}, strings.NewReader(""), &stderr)
	require.NoError(t, err)
	require.IsType(t, &zoomsig.VideoHandler{}, cfg.handler)
}

func TestInspectVideo(t *testing.T) {
	setCreds(t, "ZOOM_VIDEO_SDK_KEY", "ZOOM_VIDEO_SDK_SECRET")
	at := "2026-11-27T12:00:00Z"
	r := runCmd(t, "", "sign", "--video", "--session", "daily standup", "--at", at, "--geo-regions", "US", "--telemetry-tracking-id", "trace-1")
	require.Equal(t, exitOK, r.code, r.stderr)
	r = runCmd(t, "", "inspect", "--at", at, strings.TrimSpace(r.stdout))
	require.Equal(t, exitOK, r.code, r.stdout)
	for _, want := range []string{"Video SDK JWT (HS256)", `session                "daily standup"`, "geo_regions            US", "telemetry_tracking_id  trace-1", "version                1"} {
		require.Contains(t, r.stdout, want)
	}
}

// TestServeVideo2026: serve --video passes userKey and
// cloudRecordingTranscriptOption through; a transcript option other than 0
// needs --allow-host (zoomsig's policy: transcripts are billed).
func TestServeVideo2026(t *testing.T) {
	setCreds(t, "ZOOM_VIDEO_SDK_KEY", "ZOOM_VIDEO_SDK_SECRET")
	body := `{"role":0,"sessionName":"Daily Standup","userKey":"customer-acme-001","cloudRecordingTranscriptOption":1}`
	for _, tt := range []struct {
		args   []string
		status int
	}{
		{[]string{"--video", "--session", "daily standup"}, 403},
		{[]string{"--video", "--session", "daily standup", "--allow-host"}, 200},
		{[]string{"--video", "--session", "other", "--allow-host"}, 403},
	} {
		cfg, err := parseServe(tt.args, strings.NewReader(""), &strings.Builder{})
		require.NoError(t, err)
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		cfg.handler.ServeHTTP(w, r)
		require.Equal(t, tt.status, w.Code, "%v: %s", tt.args, w.Body)
		if tt.status != 200 {
			continue
		}
		var got map[string]string
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got))
		c, err := zoomsig.ParseVideoJWT(got["signature"])
		require.NoError(t, err)
		require.Equal(t, "customer-acme-001", c.UserKey)
		require.Equal(t, 1, *c.CloudRecordingTranscriptOption)
	}
}

// TestInspectVideoCredentials: a Video SDK token is verified with the
// Video SDK's variables, as sign --video makes it; a Meeting token still
// with ZOOM_SDK_*.
func TestInspectVideoCredentials(t *testing.T) {
	clearEnv(t)
	t.Setenv("ZOOM_VIDEO_SDK_KEY", testKey)
	t.Setenv("ZOOM_VIDEO_SDK_SECRET", testSecret)
	r := runCmd(t, "", "sign", "--video", "--session", "standup")
	require.Equal(t, exitOK, r.code, r.stderr)
	tok := strings.TrimSpace(r.stdout)
	r = runCmd(t, "", "inspect", "--json", tok)
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	require.Contains(t, r.stdout, `"verified": true`)
	require.NotContains(t, r.stdout, `"unverified"`)
}
