package main

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// startLine runs serve in-process until it has written its start-up line
// and returns that line's members.
func startLine(t *testing.T, stdin string, args ...string) map[string]any {
	t.Helper()
	var stderr syncBuffer
	cfg, err := parseServe(append([]string{"--addr", "127.0.0.1:0"}, args...), strings.NewReader(stdin), &stderr)
	require.NoError(t, err, stderr.String())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // answer nothing: start, say so, shut down
	require.NoError(t, serve(ctx, ln, cfg))
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		if rec["msg"] == "listening" {
			require.NotContains(t, line, testSecret)
			require.NotContains(t, line, testKey, "where the key came from, never the key")
			return rec
		}
	}
	t.Fatalf("no start-up line in %s", stderr.String())
	return nil
}

func TestServeStartLine(t *testing.T) {
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(testSecret+"\n"), 0o600))
	authFile := filepath.Join(dir, "auth")
	require.NoError(t, os.WriteFile(authFile, []byte(callerAuth), 0o600))
	noMax := "no --max-expiry: callers may ask for tokens that live 48h0m0s (audit calls this long-lived); set the longest your app needs"
	for _, tt := range []struct {
		name  string
		stdin string
		args  []string
		want  map[string]any
	}{
		{"defaults from the environment", "", nil, map[string]any{
			"mode": "meeting", "key_source": "env", "secret_source": "env", "origins": []any{}, "meetings": []any{}, "sessions": []any{},
			"rate_limit": "off", "max_expiry": "48h0m0s", "metrics_addr": "off", "redis": "off", "warnings": []any{noMax}}},
		{"key flag, secret file, lists, a cap", "", []string{"--key", testKey, "--secret-file", secretFile, "--allow-origin", "https://app.example.com",
			"--meeting", "858 2327 2833", "--max-expiry", "2h", "--rate-limit", "5", "--metrics-addr", "127.0.0.1:0"}, map[string]any{"metrics_addr": "127.0.0.1:0",
			"mode": "meeting", "key_source": "flag", "secret_source": "file", "origins": []any{"https://app.example.com"}, "meetings": []any{"858 2327 2833"},
			"rate_limit": "5/s per client, burst 10, trusted proxies []", "max_expiry": "2h0m0s", "warnings": []any{}}},
		{"video from stdin, open to all", testSecret, []string{"--video", "--key", testKey, "--secret-file", "-", "--allow-origin", "*", "--allow-host", "--session", "standup", "--max-expiry", "1h"}, map[string]any{
			"mode": "video", "key_source": "flag", "secret_source": "stdin", "origins": []any{"*"}, "sessions": []any{"standup"}, "warnings": []any{
				"--allow-origin *: any web page can fetch tokens from its visitors' browsers",
				"--allow-host: every caller that reaches the endpoint gets host tokens (role 1), which start sessions, and may switch on cloud recording transcripts, billed to the account"}}},
		{"host tokens with a ZAK", "", []string{"--host-user", "h@example.com", "--meeting", "85823272833", "--auth-token-file", authFile, "--max-expiry", "1h"}, map[string]any{
			"mode": "host", "meetings": []any{"85823272833"}, "warnings": []any{}}},
		{"a deprecated flag is a warning, never refused", "", []string{"--zoom-token-index", "2", "--max-expiry", "1h"}, map[string]any{
			"mode": "meeting", "warnings": []any{(&zoomFlags{index: optInt{new(int)}}).deprecations()[0]}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
			setS2S(t)
			got := startLine(t, tt.stdin, tt.args...)
			require.NotEmpty(t, got["addr"])
			for k, v := range tt.want {
				require.Equal(t, v, got[k], k)
			}
		})
	}
}
