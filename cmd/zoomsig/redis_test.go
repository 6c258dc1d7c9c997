package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
	"github.com/zoomsig/zoomsig/internal/redistest"
	"github.com/zoomsig/zoomsig/redisstore"
)

func TestServeRedisFlags(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	pwFile := filepath.Join(t.TempDir(), "redis-pw")
	require.NoError(t, os.WriteFile(pwFile, []byte("pw-Sx81\n"), 0o600))
	for _, tt := range []struct {
		name     string
		redisURL string // $REDIS_URL
		args     []string
		want     string
	}{
		{"password in the flag", "", []string{"--redis", "redis://:pw-Sx81@cache:6379", "--rate-limit", "5"}, "--redis holds a password"},
		{"user and password in the flag", "", []string{"--redis", "redis://app:pw-Sx81@cache:6379/0", "--rate-limit", "5"}, "put it in REDIS_PASSWORD or --redis-password-file"},
		{"another scheme", "", []string{"--redis", "http://cache:6379", "--rate-limit", "5"}, "--redis is not a redis:// or rediss:// URL"},
		{"not a URL", "", []string{"--redis", "redis://cache:port:pw-Sx81", "--rate-limit", "5"}, "--redis is not a redis://"},
		{"no host", "", []string{"--redis", "cache:6379", "--rate-limit", "5"}, "--redis is not a redis://"},
		{"bad database", "", []string{"--redis", "redis://cache:6379/first", "--rate-limit", "5"}, "Redis's client cannot use it"},
		{"nothing to share", "", []string{"--redis", "redis://cache:6379"}, "--redis has nothing to share"},
		{"a password file alone", "", []string{"--redis-password-file", pwFile}, "--redis-password-file needs --redis"},
		{"a bad REDIS_URL", "redis://:pw-Sx81@cache:port", []string{"--rate-limit", "5"}, "REDIS_URL is not a redis://"},
		{"no timeout", "", []string{"--redis", "redis://cache:6379", "--rate-limit", "5", "--redis-timeout", "0s"}, "--redis-timeout must be positive"},
		{"a timeout alone", "", []string{"--redis-timeout", "1s"}, "--redis-timeout needs --redis"},
		{"no password file", "", []string{"--redis", "redis://cache:6379", "--rate-limit", "5", "--redis-password-file", pwFile + "x"}, "--redis-password-file: open"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("REDIS_URL", tt.redisURL)
			r := runCmd(t, "", append([]string{"serve"}, tt.args...)...)
			require.Equal(t, exitUsage, r.code, r.stderr)
			require.Contains(t, r.stderr, tt.want)
			require.NotContains(t, r.stderr, "pw-Sx81")
		})
	}
}

// redisServe parses serve's flags and returns its config and a reader of
// its log.
func redisServe(t *testing.T, args ...string) (*serveConfig, func() string) {
	var logs syncBuffer
	cfg, err := parseServe(args, strings.NewReader(""), &logs)
	require.NoError(t, err, logs.String())
	t.Cleanup(func() {
		if cfg.redis != nil {
			cfg.redis.Close()
		}
		cfg.logs.Close()
	})
	return cfg, func() string { cfg.logs.Flush(); return logs.String() }
}

func TestServeRedisStart(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	srv := redistest.Start(t, "--requirepass", "pw-Sx81")
	pwFile := filepath.Join(t.TempDir(), "redis-pw")
	require.NoError(t, os.WriteFile(pwFile, []byte("pw-Sx81\n"), 0o600))
	for _, tt := range []struct {
		name     string
		redisURL string
		password string // $REDIS_PASSWORD
		args     []string
		up       bool
	}{
		{"REDIS_URL with the password", "redis://:pw-Sx81@" + srv.Addr, "", nil, true},
		{"REDIS_PASSWORD", srv.URL(), "pw-Sx81", nil, true},
		{"--redis-password-file", "", "", []string{"--redis", srv.URL(), "--redis-password-file", pwFile}, true},
		{"the file before REDIS_PASSWORD", "", "wrong", []string{"--redis", srv.URL(), "--redis-password-file", pwFile}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("REDIS_URL", tt.redisURL)
			t.Setenv("REDIS_PASSWORD", tt.password)
			args := append([]string{"--rate-limit", "5"}, tt.args...)
			require.Equal(t, srv.Addr, startLine(t, "", args...)["redis"], "host and port only")
			cfg, logs := redisServe(t, args...)
			require.Equal(t, tt.up, cfg.redis.Up())
			require.Equal(t, !tt.up, strings.Contains(logs(), "redis unavailable"), logs())
			require.NotContains(t, logs(), "pw-Sx81")
		})
	}
	t.Setenv("REDIS_URL", "")
	t.Setenv("REDIS_PASSWORD", "")
	cfg, logs := redisServe(t, "--rate-limit", "5", "--redis", "redis://127.0.0.1:1")
	require.False(t, cfg.redis.Up(), "unreachable at start-up: started, failing over")
	require.Contains(t, logs(), `"msg":"redis unavailable`)
	require.Equal(t, http.StatusUnsupportedMediaType, limitedRequest(cfg.handler, "POST", "192.0.2.1:4000").Code, "through the local limit to the handler (no body: 415)")

	t.Setenv("REDIS_URL", srv.URL())
	got := startLine(t, "")
	require.Equal(t, "off", got["redis"], "REDIS_URL with nothing to share is not used")
	require.Contains(t, got["warnings"], "REDIS_URL is set, but neither --host-user nor --rate-limit is, so there is nothing to share: Redis is not used")
}

// TestServeRedisRateLimit: two replicas hold --rate-limit per client
// between them; with Redis stopped each limits alone, with one warning;
// restarted, they share again.
func TestServeRedisRateLimit(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	srv := redistest.Start(t)
	// 1 s per call: this test is about sharing, not about a loaded
	// machine's slow answers (TestStoreSlowRedis is).
	args := []string{"--redis", srv.URL(), "--rate-limit", "0.2", "--burst", "3", "--redis-timeout", "1s"}
	var replicas []*serveConfig
	var logs []func() string
	for range 2 {
		cfg, l := redisServe(t, args...)
		replicas, logs = append(replicas, cfg), append(logs, l)
	}
	statuses := func(client string, n int) (ok, limited int) {
		for i := range n {
			if limitedRequest(replicas[i%2].handler, "POST", client+":40000").Code == http.StatusTooManyRequests {
				limited++
			} else {
				ok++ // past the limit: 400 for the empty body
			}
		}
		return ok, limited
	}
	ok, limited := statuses("192.0.2.1", 8)
	require.Equal(t, []int{3, 5}, []int{ok, limited}, "one burst across both replicas: %s", logs[0]())
	ok, _ = statuses("192.0.2.2", 8)
	require.Equal(t, 3, ok, "another client, another burst")

	srv.Stop()
	ok, limited = statuses("192.0.2.3", 8)
	require.Equal(t, []int{6, 2}, []int{ok, limited}, "each replica's own burst while Redis is down")
	for _, l := range logs {
		require.Equal(t, 1, strings.Count(l(), "redis unavailable"), l())
	}
	srv.Restart()
	for _, cfg := range replicas {
		require.Eventually(t, cfg.redis.Up, 5*time.Second, 10*time.Millisecond)
	}
	ok, _ = statuses("192.0.2.4", 8)
	require.Equal(t, 3, ok, "shared again")
	var line map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.Split(strings.TrimSpace(logs[0]()), "\n")[1]), &line))
	require.Equal(t, "redis is back: the rate limit and join tokens are shared again", line["msg"])
}

// TestServeRedisHostUser: two replicas share one ZAK through Redis, which
// holds neither the user nor the ZAK in clear; with Redis stopped, both go
// on with the ZAK each kept.
func TestServeRedisHostUser(t *testing.T) {
	z := newFakeZoom(t)
	z.delay = 50 * time.Millisecond
	srv := redistest.Start(t)
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	setS2S(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(callerAuth+"\n"), 0o600))
	args := append([]string{"--host-user", "host@example.com", "--meeting", "85823272833", "--auth-token-file", tokenFile,
		"--redis", srv.URL(), "--redis-timeout", "1s"}, z.flags()...)
	var replicas []http.Handler
	for range 2 {
		cfg, _ := redisServe(t, args...)
		replicas = append(replicas, cfg.handler)
	}
	var zaks []string
	for i := range 10 {
		rec := hostRequest(replicas[i%2], 1, callerAuth)
		require.Equal(t, 200, rec.Code, rec.Body.String())
		var got map[string]string
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
		zaks = append(zaks, got["zak"])
	}
	require.Equal(t, "zak-host@example.com-1-Qm9", zaks[0])
	require.Equal(t, zaks[0], zaks[9], "the second replica got the first one's ZAK")
	oauth, api := z.counts()
	require.Equal(t, []int{1, 1}, []int{oauth, api}, "one OAuth call, one ZAK call for both replicas")

	rc := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rc.Close()
	keys, err := rc.Keys(context.Background(), "*").Result()
	require.NoError(t, err)
	require.Len(t, keys, 1, "the ZAK; the lease was given back")
	require.NotContains(t, keys[0], "host")
	value, err := rc.Get(context.Background(), keys[0]).Result()
	require.NoError(t, err)
	require.NotContains(t, value, "zak-host")

	srv.Stop()
	for i := range 4 {
		require.Equal(t, 200, hostRequest(replicas[i%2], 1, callerAuth).Code)
	}
	_, api = z.counts()
	require.Equal(t, 1, api, "each replica kept the ZAK in its process")
}

// TestServeRedisAccountGate: the replicas of one account share its pace
// (--zoom-api-rate) and the hold after Zoom's 429; with Redis stopped each
// keeps its own.
func TestServeRedisAccountGate(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	var gates []zoomGate
	for range 2 {
		store, err := redisstore.New(ctx, redisstore.Config{Options: &redis.Options{Addr: srv.Addr}, Secret: []byte(s2sSecret),
			Timeout: time.Second, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
		require.NoError(t, err)
		t.Cleanup(func() { store.Close() })
		g, err := accountGate(store, s2sAccount, 5)
		require.NoError(t, err)
		gates = append(gates, g)
	}
	start := time.Now()
	for i := range 8 {
		require.NoError(t, gates[i%2].wait(ctx))
	}
	require.GreaterOrEqual(t, time.Since(start), 500*time.Millisecond, "5 at once, then one per 200 ms, between both")
	short, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	var ze *zoomsig.ZoomAPIError
	require.ErrorAs(t, gates[0].wait(short), &ze, "the pace would outlast the call's deadline")
	require.Equal(t, http.StatusTooManyRequests, ze.Status)

	require.Equal(t, time.Second, gates[0].observe(&zoomsig.ZoomAPIError{Status: http.StatusTooManyRequests}))
	require.ErrorAs(t, gates[1].wait(ctx), &ze, "the other replica holds back too")
	require.InDelta(t, 1, ze.RetryAfter.Seconds(), 0.2)

	srv.Stop()
	require.ErrorAs(t, gates[0].wait(ctx), &ze, "its own hold, without Redis")
	require.NoError(t, gates[1].wait(ctx), "its own pace, without Redis")
	local, err := accountGate(nil, s2sAccount, 0)
	require.NoError(t, err)
	require.IsType(t, &localGate{}, local)
}

// TestServeRedisRefusedSettings: a Redis that answers but refuses the
// password or the database is the command line's mistake (exit 2), never
// an outage to ride out; the password is never printed.
func TestServeRedisRefusedSettings(t *testing.T) {
	srv := redistest.Start(t, "--requirepass", "pw-Right1")
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	for _, tt := range []struct {
		name, url, password string
	}{
		{"wrong password", srv.URL(), "pw-Wrong2"},
		{"no password", srv.URL(), ""},
		{"database out of range", srv.URL() + "/99", "pw-Right1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("REDIS_PASSWORD", tt.password)
			r := runCmd(t, "", "serve", "--addr", "127.0.0.1:0", "--rate-limit", "5", "--redis", tt.url)
			require.Equal(t, exitUsage, r.code, r.stderr)
			require.Contains(t, r.stderr, "Redis refused this connection's settings")
			require.NotContains(t, r.stderr, "pw-Right1")
			require.NotContains(t, r.stderr, "pw-Wrong2")
		})
	}
}
