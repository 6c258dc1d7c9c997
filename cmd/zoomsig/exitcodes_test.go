package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

// TestExitCodes holds the one exit-code convention (main.go, README, help)
// over every command: a row for each cell of the table that applies.
func TestExitCodes(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	good, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleAttendee, zoomsig.WithClock(zoomsig.FixedClock(at)))
	require.NoError(t, err)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, tt := range []struct {
		name string
		args []string
		code int
	}{
		{"sign: printed", []string{"sign", "85823272833"}, exitOK},
		{"sign: bad role", []string{"sign", "--role", "2", "85823272833"}, exitUsage},
		{"sign: bad expiry", []string{"sign", "--expiry", "10m", "85823272833"}, exitUsage},
		{"sign: bad meeting", []string{"sign", "123"}, exitUsage},
		{"sign: bad dialect", []string{"sign", "--legacy", "--dialect", "cobol", "85823272833"}, exitUsage},
		{"inspect: accepted", []string{"inspect", "--at", at.Format(time.RFC3339), good}, exitOK},
		{"inspect: refused", []string{"inspect", "--at", at.Add(3 * time.Hour).Format(time.RFC3339), good}, exitFailed},
		{"inspect: bad --sdk", []string{"inspect", "--sdk", "v6", good}, exitUsage},
		{"inspect: bad --at", []string{"inspect", "--at", "2026-01-01", good}, exitUsage},
		{"inspect --web: not loopback", []string{"inspect", "--web", "--addr", "0.0.0.0:0"}, exitUsage},
		{"inspect --web: cannot listen", []string{"inspect", "--web", "--addr", busy.Addr().String()}, exitUnavailable},
		{"serve: bad expiry", []string{"serve", "--expiry", "72h"}, exitUsage},
		{"serve: cannot listen", []string{"serve", "--addr", busy.Addr().String()}, exitUnavailable},
		{"serve: --addr not HOST:PORT", []string{"serve", "--addr", "bogus"}, exitUsage},
		{"serve: --addr port out of range", []string{"serve", "--addr", "127.0.0.1:99999"}, exitUsage},
		{"serve: --addr empty", []string{"serve", "--addr", ""}, exitUsage},
		{"serve: --burst 0", []string{"serve", "--rate-limit", "5", "--burst", "0"}, exitUsage},
		{"serve: --expiry above --max-expiry", []string{"serve", "--expiry", "3h", "--max-expiry", "2h"}, exitUsage},
		{"audit: usage", []string{"audit"}, exitUsage},
		{"audit: unreachable", []string{"audit", "--probe-requests", "0", closed.URL + "/"}, exitUnavailable},
		{"token: usage", []string{"token", "zak"}, exitUsage},
		{"token: credentials", []string{"token", "zak", "--user", "me"}, exitUsage},
		{"version", []string{"version"}, exitOK},
		{"help", []string{"help"}, exitOK},
		{"unknown command", []string{"frobnicate"}, exitUsage},
	} {
		r := runCmd(t, "", tt.args...)
		require.Equal(t, tt.code, r.code, "%s: %s%s", tt.name, r.stdout, r.stderr)
	}
}

// TestMissingHalfSaysWhich: with one half of the credentials given by
// flag, the error names the other half, not "no credentials".
func TestMissingHalfSaysWhich(t *testing.T) {
	clearEnv(t)
	secretFile := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(testSecret+"\n"), 0o600))
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sign", "--secret-file", secretFile, "85823272833"}, "no key: set ZOOM_SDK_KEY or pass --key (the secret was given)"},
		{[]string{"sign", "--key", testKey, "85823272833"}, "no secret: set ZOOM_SDK_SECRET or pass --secret-file PATH (the key was given)"},
		{[]string{"sign", "85823272833"}, "no credentials: set ZOOM_SDK_KEY and ZOOM_SDK_SECRET"},
		{[]string{"sign", "--native", "85823272833"}, "a native Meeting SDK JWT names none"},
	} {
		r := runCmd(t, "", tt.args...)
		require.Equal(t, exitUsage, r.code, tt.args)
		require.Contains(t, r.stderr, tt.want, tt.args)
	}
}
