package redisstore

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig/internal/redistest"
)

// TestLimiterShared: two replicas' limiters on one Redis hold one client
// to one burst between them; another client has its own; no address is
// in a key.
func TestLimiterShared(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	var limiters []*Limiter
	for range 2 {
		s, _ := newStore(t, srv.Addr)
		l, err := s.Limiter(10, 5)
		require.NoError(t, err)
		limiters = append(limiters, l)
	}
	allowed := 0
	var wait time.Duration
	for i := range 8 {
		d, err := limiters[i%2].Allow(ctx, "203.0.113.9")
		require.NoError(t, err)
		if d == 0 {
			allowed++
		} else {
			wait = d
		}
	}
	require.Equal(t, 5, allowed, "the burst, across both replicas")
	require.Greater(t, wait, time.Duration(0))
	require.LessOrEqual(t, wait, 100*time.Millisecond, "one request per 1/10 s")
	d, err := limiters[0].Allow(ctx, "203.0.113.10")
	require.NoError(t, err)
	require.Zero(t, d, "another client")
	time.Sleep(wait)
	d, err = limiters[1].Allow(ctx, "203.0.113.9")
	require.NoError(t, err)
	require.Zero(t, d, "after the wait")

	keys, err := raw(t, srv).Keys(ctx, "*").Result()
	require.NoError(t, err)
	require.Len(t, keys, 2)
	for _, k := range keys {
		require.True(t, strings.HasPrefix(k, "rate:zoomsig:r:"), k)
		require.NotContains(t, k, "203.0.113")
	}
}

func TestLimiterFailsOver(t *testing.T) {
	srv := redistest.Start(t)
	s, _ := newStore(t, srv.Addr)
	l, err := s.Limiter(0.5, 1)
	require.NoError(t, err)
	ctx := context.Background()
	d, err := l.Allow(ctx, "c")
	require.NoError(t, err)
	require.Zero(t, d)
	d, err = l.Allow(ctx, "c")
	require.NoError(t, err)
	require.InDelta(t, 2, d.Seconds(), 0.1, "a fractional rate: one per 2 s")
	srv.Stop()
	_, err = l.Allow(ctx, "c")
	require.ErrorIs(t, err, ErrUnavailable)

	for _, bad := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}} {
		_, err := s.Limiter(bad.rate, bad.burst)
		require.ErrorContains(t, err, "limits nothing", bad)
	}
}

// TestRouteLogs: go-redis's own lines land in the JSON log, as warnings,
// without the password.
func TestRouteLogs(t *testing.T) {
	var buf bytes.Buffer
	RouteLogs(slog.New(slog.NewJSONHandler(&buf, nil)), "pw-Sx81", "")
	t.Cleanup(func() { RouteLogs(slog.Default()) })
	srv := redistest.Start(t, "--requirepass", "pw-Sx81")
	c := redis.NewClient(&redis.Options{Addr: srv.Addr, Password: "pw-Sx81"})
	defer c.Close()
	require.NoError(t, c.Ping(context.Background()).Err())
	l := &redisLog{logger: slog.New(slog.NewJSONHandler(&buf, nil)), redact: []string{"pw-Sx81"}}
	for range 3 {
		l.Printf(context.Background(), "auth %s failed", "pw-Sx81")
	}
	l.Printf(context.Background(), "another")
	require.Equal(t, 1, strings.Count(buf.String(), `"level":"WARN","msg":"redis client","detail":"auth REDACTED failed"`), "a repeat within a minute is dropped")
	require.Contains(t, buf.String(), `"detail":"another"`)
	require.NotContains(t, buf.String(), "pw-Sx81")
}

// TestStorePassword: a password-protected Redis, with the password and
// without it (an outage whose warning does not hold the password).
func TestStorePassword(t *testing.T) {
	srv := redistest.Start(t, "--requirepass", "pw-Sx81")
	s, logs := newStore(t, srv.Addr, func(c *Config) { c.Options.Password = "pw-Sx81" })
	require.True(t, s.Up(), logs.String())
	require.NoError(t, s.Save(context.Background(), hostKey, "zak-1", time.Minute))
	wrong, logs := newStore(t, srv.Addr, func(c *Config) { c.Options.Password = "wrong-pw" })
	require.False(t, wrong.Up())
	require.Contains(t, logs.String(), "redis unavailable")
	require.NotContains(t, logs.String(), "wrong-pw")
}

func TestStoreConfigAndPrinting(t *testing.T) {
	_, err := New(context.Background(), Config{Secret: []byte(testSecret)})
	require.ErrorContains(t, err, "Options is nil")
	_, err = New(context.Background(), Config{Options: &redis.Options{Addr: "127.0.0.1:1"}, Secret: []byte("short")})
	require.ErrorContains(t, err, "shorter than 16 bytes")

	s, _ := newStore(t, "127.0.0.1:1", func(c *Config) { c.Prefix = "app1:" })
	var nilStore *Store
	for _, v := range []any{s, nilStore} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x"} {
			out := fmt.Sprintf(verb, v)
			require.NotContains(t, out, testSecret)
			require.NotContains(t, out, fmt.Sprintf("%x", s.keys.names))
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "store", v)
		require.NotContains(t, buf.String(), testSecret)
	}
	require.Equal(t, `redisstore.Store{addr:"127.0.0.1:1" prefix:"app1:" up:false keys:REDACTED}`, fmt.Sprint(s))
	require.Equal(t, "app1:t:", s.keys.name(kindToken)[:7])
}
