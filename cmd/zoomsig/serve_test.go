package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func post(t *testing.T, url, body string, header ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, string(b)
}

func TestServeInProcess(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	var stderr syncBuffer
	cfg, err := parseServe([]string{"--addr", "127.0.0.1:0", "--allow-origin", "https://app.example.com", "--meeting", "858 2327 2833", "--expiry", "1h"}, strings.NewReader(""), &stderr)
	require.NoError(t, err, stderr.String())
	cfg.logger, cfg.logs, cfg.logOut = slog.New(slog.NewJSONHandler(&stderr, nil)), nil, &stderr
	ln, err := net.Listen("tcp", cfg.addr)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, cfg) }()
	base := "http://" + ln.Addr().String()

	status, hdr, body := post(t, base+"/", `{"meetingNumber":"85823272833","role":0}`, "Origin", "https://app.example.com")
	require.Equal(t, 200, status, body)
	require.Equal(t, "https://app.example.com", hdr.Get("Access-Control-Allow-Origin"))
	var got map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	c, err := zoomsig.VerifyJWT(got["signature"], testKey, testSecret)
	require.NoError(t, err)
	require.Equal(t, time.Hour, c.ExpiresAt.Sub(c.IssuedAt))

	status, _, _ = post(t, base+"/", `{"meetingNumber":"123456789","role":0}`)
	require.Equal(t, 403, status, "outside --meeting")
	status, _, _ = post(t, base+"/", `{"meetingNumber":"85823272833","role":1}`)
	require.Equal(t, 403, status, "no --allow-host")
	status, _, _ = post(t, base+"/elsewhere", `{"meetingNumber":"85823272833","role":0}`)
	require.Equal(t, 404, status)

	resp, err := http.Get(base + "/healthz")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, "ok\n", string(b))
	req, _ := http.NewRequest("DELETE", base+"/healthz", nil)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 405, resp.StatusCode)

	cancel()
	require.NoError(t, <-done)

	// One JSON line per request, with method, status, latency_ms, client and origin,
	// and never the token or the secret.
	logs := stderr.String()
	require.NotContains(t, logs, got["signature"])
	require.NotContains(t, logs, testSecret)
	var requests int
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		if rec["msg"] == "request" {
			requests++
			for _, k := range []string{"method", "path", "status", "latency_ms", "client", "origin"} {
				require.Contains(t, rec, k)
			}
		}
	}
	require.Equal(t, 6, requests)
	require.Contains(t, logs, `"origin":"https://app.example.com"`)
	require.Contains(t, logs, `"status":403`)
	require.Contains(t, logs, `"client":"127.0.0.1"`)
}

func TestServeFlags(t *testing.T) {
	clearEnv(t)
	var stderr bytes.Buffer
	_, err := parseServe(nil, strings.NewReader(""), &stderr)
	require.Equal(t, exitUsage, exitCode(err, &stderr))
	require.Contains(t, stderr.String(), "no credentials")

	setCreds(t, "ZOOM_MEETING_SDK_KEY", "ZOOM_MEETING_SDK_SECRET")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--allow-origin", "app.example.com"}, exitUsage, "not an origin"},
		{[]string{"--meeting", "12"}, exitUsage, "meeting allowlist"},
		{[]string{"--expiry", "1m"}, exitUsage, "outside"},
		{[]string{"extra"}, exitUsage, `serve: takes no argument, 1 given ("extra")`},
		{[]string{"--secret", "x"}, exitUsage, "there is no --secret flag"},
	} {
		stderr.Reset()
		_, err := parseServe(tt.args, strings.NewReader(""), &stderr)
		require.Equal(t, tt.code, exitCode(err, &stderr), tt.args)
		require.Contains(t, stderr.String(), tt.want)
	}

	stderr.Reset()
	cfg, err := parseServe(nil, strings.NewReader(""), &stderr)
	require.NoError(t, err, stderr.String())
	require.Equal(t, "127.0.0.1:4000", cfg.addr, "loopback by default")
	t.Setenv("PORT", "8123")
	cfg, err = parseServe(nil, strings.NewReader(""), &stderr)
	require.NoError(t, err)
	require.Equal(t, ":8123", cfg.addr, "PORT as Zoom's sample reads it")

	// An address that cannot be bound fails with exit 3.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	r := runCmd(t, "", "serve", "--addr", ln.Addr().String())
	require.Equal(t, exitUnavailable, r.code)
	require.Contains(t, r.stderr, "address already in use")
}

// buildBinary builds the real command. The tests that run it are
// process-level: skipped under -short, and under -race, since the binary
// is built without it (they run once, in the plain go test).
func buildBinary(t *testing.T) string {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if raceEnabled {
		t.Skip("process-level: run once, in the go test without -race")
	}
	bin := filepath.Join(t.TempDir(), "zoomsig")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	return bin
}

// served is a running zoomsig serve.
type served struct {
	cmd       *exec.Cmd
	addr      string
	listening string // the startup log line
	scanErr   error
	logs      bytes.Buffer
	copied    chan struct{}
}

// startServe starts the binary's serve on a loopback port, with env added
// to this process's environment, and waits until it says where it listens.
func startServe(t *testing.T, bin string, env []string, args ...string) *served {
	s := &served{cmd: exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...), copied: make(chan struct{})}
	s.cmd.Env = append(append(os.Environ(), "PORT="), env...)
	stderr, err := s.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, s.cmd.Start())
	t.Cleanup(func() { _ = s.cmd.Process.Kill() })
	lines := bufio.NewScanner(stderr)
	for s.addr == "" && lines.Scan() {
		var rec map[string]any
		if json.Unmarshal(lines.Bytes(), &rec) == nil && rec["msg"] == "listening" {
			s.addr, _ = rec["addr"].(string)
			s.listening = lines.Text()
		}
	}
	require.NotEmpty(t, s.addr, "the server never said where it listens")
	go func() {
		for lines.Scan() {
			s.logs.Write(append(lines.Bytes(), '\n'))
		}
		s.scanErr = lines.Err()
		close(s.copied)
	}()
	return s
}

// stop sends SIGTERM, expects a graceful exit 0, and returns the log.
func (s *served) stop(t *testing.T) string {
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	<-s.copied // all read before Wait, which closes the pipe
	require.NoError(t, s.cmd.Wait(), "graceful shutdown exits 0")
	require.Contains(t, s.logs.String(), `"msg":"shutting down"`, "scanner: %v", s.scanErr)
	return s.logs.String()
}

// TestServeBinary builds the real command, starts it on a loopback port,
// talks HTTP to it, and stops it with SIGTERM.
func TestServeBinary(t *testing.T) {
	srv := startServe(t, buildBinary(t), []string{"ZOOM_SDK_KEY=" + testKey, "ZOOM_SDK_SECRET=" + testSecret})
	require.Contains(t, srv.listening, `"rate_limit":"off"`, "the startup line says whether limiting is on")
	status, _, body := post(t, "http://"+srv.addr+"/", `{"meetingNumber":"858 2327 2833","role":"0","expirationSeconds":"1800"}`)
	require.Equal(t, 200, status, body)
	var got map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	c, err := zoomsig.VerifyJWT(got["signature"], testKey, testSecret)
	require.NoError(t, err)
	require.Equal(t, 30*time.Minute, c.ExpiresAt.Sub(c.IssuedAt))
	status, _, _ = post(t, "http://"+srv.addr+"/", `{"meetingNumber":"85823272833","role":0}`, "Content-Type", "text/plain")
	require.Equal(t, 415, status)

	logs := srv.stop(t)
	require.Contains(t, logs, `"status":415`)
	require.NotContains(t, logs, got["signature"])
	require.NotContains(t, logs, testSecret)
}

// TestServeVideoBinary: zoomsig serve --video through the built binary,
// with the Video SDK sample's credential names.
func TestServeVideoBinary(t *testing.T) {
	env := []string{"ZOOM_SDK_KEY=", "ZOOM_SDK_SECRET=", "ZOOM_VIDEO_SDK_KEY=" + testKey, "ZOOM_VIDEO_SDK_SECRET=" + testSecret}
	srv := startServe(t, buildBinary(t), env, "--video", "--session", "daily standup", "--backdate", "0", "--allow-origin", "https://app.example.com",
		"--rate-limit", "50")
	require.Contains(t, srv.listening, `"rate_limit":"50/s per client, burst 100`)
	url := "http://" + srv.addr + "/"
	status, hdr, body := post(t, url, `{"role":"0","sessionName":"daily standup","geoRegions":"US, DE","telemetryTrackingId":"trace-1"}`, "Origin", "https://app.example.com")
	require.Equal(t, 200, status, body)
	require.Equal(t, "https://app.example.com", hdr.Get("Access-Control-Allow-Origin"))
	var got map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Len(t, got, 1)
	c, err := zoomsig.VerifyVideoJWT(got["signature"], testKey, testSecret)
	require.NoError(t, err)
	require.Equal(t, []string{"US", "DE"}, c.GeoRegions)
	require.Equal(t, "trace-1", c.TelemetryTrackingID)
	require.WithinDuration(t, time.Now(), c.IssuedAt, 5*time.Second, "--backdate 0 dates it now")
	for _, tt := range []struct {
		body   string
		status int
	}{
		{`{"role":0,"sessionName":"other"}`, 403},
		{`{"role":1,"sessionName":"daily standup"}`, 403},
		{`{"role":0}`, 400},
	} {
		status, _, body := post(t, url, tt.body)
		require.Equal(t, tt.status, status, body)
	}
	resp, err := http.Get("http://" + srv.addr + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	logs := srv.stop(t)
	require.Contains(t, logs, `"status":403`)
	require.NotContains(t, logs, got["signature"])
	require.NotContains(t, logs, testSecret)
}

func TestServeMaxExpiry(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	var stderr strings.Builder
	cfg, err := parseServe([]string{"--max-expiry", "1h"}, strings.NewReader(""), &stderr)
	require.NoError(t, err)
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"meetingNumber":"85823272833","role":0,"expirationSeconds":7200}`))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	cfg.handler.ServeHTTP(w, r)
	require.Equal(t, 400, w.Code)
	require.Contains(t, w.Body.String(), `"property":"expirationSeconds"`)
	for _, args := range [][]string{{"--max-expiry", "1h", "--expiry", "2h"}, {"--max-expiry", "72h"}, {"--max-expiry", "10m"}} {
		_, err = parseServe(args, strings.NewReader(""), &stderr)
		require.Equal(t, exitUsage, exitCode(err, &strings.Builder{}), args)
	}
}
