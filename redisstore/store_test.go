package redisstore

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
	"github.com/zoomsig/zoomsig/internal/redistest"
)

// syncBuffer is a log the store's goroutines write safely.
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

// newStore opens a Store on srv's address, logging into the returned
// buffer.
func newStore(t *testing.T, addr string, mod ...func(*Config)) (*Store, *syncBuffer) {
	logs := &syncBuffer{}
	cfg := Config{Options: &redis.Options{Addr: addr}, Secret: []byte(testSecret),
		Logger: slog.New(slog.NewJSONHandler(logs, nil)), ProbeEvery: 20 * time.Millisecond,
		Timeout: time.Second} // not DefaultTimeout: a loaded machine's slow answer is not what these test

	for _, m := range mod {
		m(&cfg)
	}
	s, err := New(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s, logs
}

// raw is a plain client on srv, to look at and tamper with what the
// store wrote.
func raw(t *testing.T, srv *redistest.Server) *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestStoreSaveLoad(t *testing.T) {
	srv := redistest.Start(t)
	s, _ := newStore(t, srv.Addr)
	ctx := context.Background()
	_, _, found, err := s.Load(ctx, hostKey)
	require.NoError(t, err)
	require.False(t, found)
	require.NoError(t, s.Save(ctx, hostKey, "zak-SECRET-1", time.Minute))
	require.NoError(t, s.Save(ctx, hostKey, "never", 0), "d ≤ 0 keeps nothing")
	token, left, found, err := s.Load(ctx, hostKey)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, "zak-SECRET-1", token)
	require.InDelta(t, time.Minute.Seconds(), left.Seconds(), 1)

	keys, err := raw(t, srv).Keys(ctx, "*").Result()
	require.NoError(t, err)
	require.Len(t, keys, 1)
	require.True(t, strings.HasPrefix(keys[0], "zoomsig:t:"))
	value, err := raw(t, srv).Get(ctx, keys[0]).Bytes()
	require.NoError(t, err)
	require.NotContains(t, string(value), "SECRET", "values are sealed")
	pttl, err := raw(t, srv).PTTL(ctx, keys[0]).Result()
	require.NoError(t, err)
	require.InDelta(t, time.Minute.Seconds(), pttl.Seconds(), 1, "PX d")
}

// TestStoreTamperedIsMiss: whatever else a key holds, Load misses without
// an error.
func TestStoreTamperedIsMiss(t *testing.T) {
	srv := redistest.Start(t)
	s, _ := newStore(t, srv.Addr)
	ctx := context.Background()
	rc := raw(t, srv)
	other := hostKey
	other.User = "other@example.com"
	require.NoError(t, s.Save(ctx, other, "zak-other", time.Minute))
	require.NoError(t, s.Save(ctx, hostKey, "zak-host", time.Minute))
	name := s.keys.name(kindToken, tokenParts(hostKey)...)
	good, err := rc.Get(ctx, name).Bytes()
	require.NoError(t, err)
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x80
	moved, err := rc.Get(ctx, s.keys.name(kindToken, tokenParts(other)...)).Bytes()
	require.NoError(t, err)
	expired, err := s.keys.seal(name, "zak-old", time.Now().Add(-time.Second))
	require.NoError(t, err)
	for label, value := range map[string][]byte{"flipped": flipped, "moved": moved, "garbage": []byte("zak-in-clear"),
		"empty": {}, "expired seal": expired} {
		t.Run(label, func(t *testing.T) {
			require.NoError(t, rc.Set(ctx, name, value, time.Minute).Err())
			token, _, found, err := s.Load(ctx, hostKey)
			require.NoError(t, err)
			require.False(t, found)
			require.Empty(t, token)
		})
	}
	require.NoError(t, rc.Del(ctx, name).Err())
	require.NoError(t, rc.HSet(ctx, name, "f", "v").Err())
	_, _, found, err := s.Load(ctx, hostKey)
	require.NoError(t, err)
	require.False(t, found, "a key of another type is a miss")
	require.True(t, s.Up(), "and no outage")
}

func TestStoreLease(t *testing.T) {
	srv := redistest.Start(t)
	s, _ := newStore(t, srv.Addr)
	ctx := context.Background()
	release, taken, err := s.Lease(ctx, hostKey, 150*time.Millisecond)
	require.NoError(t, err)
	require.True(t, taken)
	_, again, err := s.Lease(ctx, hostKey, time.Minute)
	require.NoError(t, err)
	require.False(t, again, "held")
	time.Sleep(200 * time.Millisecond)
	release2, again, err := s.Lease(ctx, hostKey, time.Minute)
	require.NoError(t, err)
	require.True(t, again, "PX: the lease expired")
	release() // the first holder, late: the second's lease stays
	_, again, _ = s.Lease(ctx, hostKey, time.Minute)
	require.False(t, again)
	release2()
	_, again, _ = s.Lease(ctx, hostKey, time.Minute)
	require.True(t, again)
	keys, _ := raw(t, srv).Keys(ctx, "zoomsig:l:*").Result()
	require.Len(t, keys, 1)
}

// TestStoreSharedByReplicas: three token caches, each with its own Store
// on one Redis, as three replicas: thirty concurrent misses, one fetch.
func TestStoreSharedByReplicas(t *testing.T) {
	srv := redistest.Start(t)
	var fetches atomic.Int32
	fetch := func(context.Context) (string, error) {
		n := fetches.Add(1)
		time.Sleep(100 * time.Millisecond)
		return fmt.Sprint("zak-", n), nil
	}
	var caches []*zoomsig.TokenCache
	for range 3 {
		s, _ := newStore(t, srv.Addr)
		c, err := zoomsig.NewTokenCache(zoomsig.TokenCacheConfig{App: hostKey.App, Store: s})
		require.NoError(t, err)
		caches = append(caches, c)
	}
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := caches[i%3].Get(context.Background(), zoomsig.JoinTokenKey{Kind: zoomsig.TokenZAK, User: hostKey.User}, fetch)
			require.NoError(t, err)
			require.Equal(t, "zak-1", tok)
		}()
	}
	wg.Wait()
	require.EqualValues(t, 1, fetches.Load())
}

// TestStoreOutage: Redis stopped: calls fail at once with ErrUnavailable
// and one warning; restarted (empty): one line, and calls go through.
func TestStoreOutage(t *testing.T) {
	srv := redistest.Start(t)
	s, logs := newStore(t, srv.Addr)
	ctx := context.Background()
	require.NoError(t, s.Save(ctx, hostKey, "zak-1", time.Minute))
	srv.Stop()
	for range 50 {
		_, _, _, err := s.Load(ctx, hostKey)
		require.ErrorIs(t, err, ErrUnavailable)
	}
	require.False(t, s.Up())
	require.Equal(t, 1, strings.Count(logs.String(), "redis unavailable"), logs.String())
	start := time.Now()
	_, _, err := s.Lease(ctx, hostKey, time.Second)
	require.ErrorIs(t, err, ErrUnavailable)
	require.Less(t, time.Since(start), 10*time.Millisecond, "no call while Redis is down")

	srv.Restart()
	require.Eventually(t, s.Up, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, 1, strings.Count(logs.String(), "redis is back"))
	_, _, found, err := s.Load(ctx, hostKey)
	require.NoError(t, err)
	require.False(t, found, "restarted empty")
	require.NoError(t, s.Save(ctx, hostKey, "zak-2", time.Minute))
	srv.Stop()
	_, _, _, err = s.Load(ctx, hostKey)
	require.ErrorIs(t, err, ErrUnavailable)
	require.Equal(t, 2, strings.Count(logs.String(), "redis unavailable"), "one warning per outage")
}

// TestStoreSlowRedis: a Redis that accepts and never answers costs a call
// its Timeout, not more, and starts an outage.
func TestStoreSlowRedis(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // held open, never answered
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	s, logs := newStore(t, ln.Addr().String(), func(c *Config) { c.ProbeEvery, c.Timeout = time.Hour, 0 })
	require.False(t, s.Up(), "the start-up ping timed out")
	require.Contains(t, logs.String(), "redis unavailable")
	s.health.down.Store(false) // as if it had answered once
	start := time.Now()
	_, _, _, err = s.Load(context.Background(), hostKey)
	require.ErrorIs(t, err, ErrUnavailable)
	require.Less(t, time.Since(start), DefaultTimeout+150*time.Millisecond)
}
