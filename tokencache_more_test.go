package zoomsig

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestTokenCacheMe: two users' clients asking for "me" each get their own
// token, every time: the cache cannot know whose "me" it is.
func TestTokenCacheMe(t *testing.T) {
	var calls atomic.Int32
	api := WithZoomAPI(zoomByBearer(t, &calls))
	c, counts := newTestCache(t, TokenCacheConfig{App: "app"})
	ctx := context.Background()
	for round := 1; round <= 2; round++ {
		alice, err := c.UserToken(ctx, clientOf("alice-access"), "me", TokenZAK, api)
		require.NoError(t, err)
		bob, err := c.UserToken(ctx, clientOf("bob-access"), "me", TokenZAK, api)
		require.NoError(t, err)
		require.Contains(t, alice, "zak-me-for-alice")
		require.Contains(t, bob, "zak-me-for-bob")
	}
	require.EqualValues(t, 4, calls.Load(), "\"me\" is never kept")
	require.Equal(t, 4, counts.get(CacheMiss))

	// A named user is kept, per TTL asked.
	for range 3 {
		tok, err := c.UserToken(ctx, clientOf("app-access"), "host@example.com", TokenZAK, api, WithTokenTTL(time.Hour))
		require.NoError(t, err)
		require.Equal(t, "zak-host@example.com-for-app-5", tok)
	}
	_, err := c.UserToken(ctx, clientOf("app-access"), "host@example.com", TokenZAK, api)
	require.NoError(t, err)
	require.EqualValues(t, 6, calls.Load(), "another TTL is another key")

	// OBF tokens are kept per user and meeting, never without a meeting.
	for _, mn := range []string{"", "", "858 2327 2833", "85823272833", "11111111111"} {
		opts := []Option{api}
		if mn != "" {
			opts = append(opts, WithMeetingNumber(mn))
		}
		_, err := c.UserToken(ctx, clientOf("app-access"), "u1", TokenOnBehalf, opts...)
		require.NoError(t, err)
	}
	require.EqualValues(t, 10, calls.Load(), "two without a meeting, one per meeting")

	_, err = c.UserToken(ctx, clientOf("app-access"), "host@example.com", TokenZAK, WithZoomAPI("http://api.example.com"))
	require.ErrorIs(t, err, ErrInvalidOption)
}

func TestTokenCacheKeys(t *testing.T) {
	c, _ := newTestCache(t, TokenCacheConfig{})
	f := &fetcher{}
	for _, tt := range []struct {
		name    string
		key     JoinTokenKey
		wantErr error
	}{
		{"no kind", JoinTokenKey{User: "u1"}, nil},
		{"unknown kind", JoinTokenKey{Kind: "token", User: "u1"}, nil},
		{"no user", JoinTokenKey{Kind: TokenZAK}, nil},
		{"a path", JoinTokenKey{Kind: TokenZAK, User: "../admin"}, nil},
		{"ZAK per meeting", JoinTokenKey{Kind: TokenZAK, User: "u1", Meeting: "85823272833"}, nil},
		{"OBF without meeting", JoinTokenKey{Kind: TokenOnBehalf, User: "u1"}, nil},
		{"OBF bad meeting", JoinTokenKey{Kind: TokenOnBehalf, User: "u1", Meeting: "12ab"}, ErrInvalidMeetingNumber},
		{"negative TTL", JoinTokenKey{Kind: TokenZAK, User: "u1", TTL: -time.Second}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Get(context.Background(), tt.key, f.fetch)
			require.ErrorIs(t, err, cmp.Or(tt.wantErr, ErrInvalidOption))
		})
	}
	require.Zero(t, f.calls.Load())
	_, err := NewTokenCache(TokenCacheConfig{MaxAge: -time.Second})
	require.ErrorIs(t, err, ErrInvalidOption)
}

// brokenStore fails the calls named in fail.
type brokenStore struct {
	TokenStore
	fail string
}

var errStoreDown = errors.New("store down")

func (b brokenStore) Load(ctx context.Context, k JoinTokenKey) (string, time.Duration, bool, error) {
	if b.fail == "load" {
		return "", 0, false, errStoreDown
	}
	return b.TokenStore.Load(ctx, k)
}

func (b brokenStore) Lease(ctx context.Context, k JoinTokenKey, d time.Duration) (func(), bool, error) {
	if b.fail == "lease" {
		return nil, false, errStoreDown
	}
	return b.TokenStore.Lease(ctx, k, d)
}

// TestTokenCacheStoreFails: a store that errs costs the caller nothing:
// the cache fetches and keeps the token in the process.
func TestTokenCacheStoreFails(t *testing.T) {
	for _, fail := range []string{"load", "lease"} {
		t.Run(fail, func(t *testing.T) {
			c, counts := newTestCache(t, TokenCacheConfig{Store: brokenStore{NewMemoryTokenStore(nil), fail}})
			f := &fetcher{}
			for range 3 {
				tok, err := c.Get(context.Background(), hostKey, f.fetch)
				require.NoError(t, err)
				require.Equal(t, "token-1", tok)
			}
			require.EqualValues(t, 1, f.calls.Load())
			require.Equal(t, 2, counts.get(CacheHit))
		})
	}
}

// TestTokenCacheLeaseHolders: a process waits for the one that holds the
// key's lease, and fetches itself when that one takes longer than
// LeaseTime.
func TestTokenCacheLeaseHolders(t *testing.T) {
	store := NewMemoryTokenStore(nil)
	key := hostKey
	key.App = "app"
	_, taken, err := store.Lease(context.Background(), key, time.Hour) // another process, fetching
	require.NoError(t, err)
	require.True(t, taken)
	c, counts := newTestCache(t, TokenCacheConfig{App: "app", Store: store, LeaseTime: 5 * time.Second})
	go func() {
		time.Sleep(60 * time.Millisecond)
		_ = store.Save(context.Background(), key, "theirs", time.Minute)
	}()
	f := &fetcher{}
	tok, err := c.Get(context.Background(), hostKey, f.fetch)
	require.NoError(t, err)
	require.Equal(t, "theirs", tok)
	require.Zero(t, f.calls.Load())
	require.Equal(t, 1, counts.get(CacheShared))

	slow, counts := newTestCache(t, TokenCacheConfig{App: "app", Store: store, LeaseTime: 100 * time.Millisecond})
	key.User = "late@example.com"
	_, taken, _ = store.Lease(context.Background(), key, time.Hour)
	require.True(t, taken)
	start := time.Now()
	tok, err = slow.Get(context.Background(), JoinTokenKey{Kind: TokenZAK, User: key.User}, f.fetch)
	require.NoError(t, err)
	require.Equal(t, "token-1", tok)
	require.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)
	require.Equal(t, 1, counts.get(CacheMiss))
}

func TestTokenCacheFailuresAndCallers(t *testing.T) {
	c, _ := newTestCache(t, TokenCacheConfig{})
	zoomDown := &fetcher{err: fmt.Errorf("%w: Zoom could not be reached", ErrZoomAPI)}
	for range 2 {
		_, err := c.Get(context.Background(), hostKey, zoomDown.fetch)
		require.ErrorIs(t, err, ErrZoomAPI)
	}
	require.EqualValues(t, 2, zoomDown.calls.Load(), "an error is never kept")

	slow := &fetcher{delay: 100 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Get(ctx, hostKey, slow.fetch)
	require.ErrorIs(t, err, context.Canceled, "a caller that goes away stops waiting")
	require.Eventually(t, func() bool {
		tok, err := c.Get(context.Background(), hostKey, slow.fetch)
		return err == nil && tok == "token-1"
	}, 2*time.Second, 10*time.Millisecond, "the fetch it started ran on and was kept")
	require.EqualValues(t, 1, slow.calls.Load())
}

func TestMemoryTokenStore(t *testing.T) {
	clock := &movingClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	m := NewMemoryTokenStore(clock)
	ctx := context.Background()
	release, taken, _ := m.Lease(ctx, hostKey, time.Minute)
	require.True(t, taken)
	_, again, _ := m.Lease(ctx, hostKey, time.Minute)
	require.False(t, again, "held")
	clock.add(time.Minute)
	release2, again, _ := m.Lease(ctx, hostKey, time.Minute)
	require.True(t, again, "expired leases are taken again")
	release() // the first holder's late release leaves the second's lease
	_, again, _ = m.Lease(ctx, hostKey, time.Minute)
	require.False(t, again)
	release2()
	_, again, _ = m.Lease(ctx, hostKey, time.Minute)
	require.True(t, again)

	m.max = 3
	for i, d := range []time.Duration{time.Minute, time.Second, time.Hour, 2 * time.Hour} {
		require.NoError(t, m.Save(ctx, JoinTokenKey{Kind: TokenZAK, User: fmt.Sprint("u", i)}, "t", d))
	}
	require.Equal(t, 3, m.Len())
	_, _, found, _ := m.Load(ctx, JoinTokenKey{Kind: TokenZAK, User: "u1"})
	require.False(t, found, "the one closest to expiry made room")
	clock.add(90 * time.Second)
	require.NoError(t, m.Save(ctx, JoinTokenKey{Kind: TokenZAK, User: "u9"}, "t", time.Hour))
	require.Equal(t, 3, m.Len(), "u0 had expired and was swept")
	_, left, found, _ := m.Load(ctx, JoinTokenKey{Kind: TokenZAK, User: "u2"})
	require.True(t, found)
	require.Equal(t, time.Hour-90*time.Second, left)
	require.NoError(t, m.Save(ctx, hostKey, "t", 0))
	_, _, found, _ = m.Load(ctx, hostKey)
	require.False(t, found, "d ≤ 0 keeps nothing")
}

func TestTokenCachePrintsNoToken(t *testing.T) {
	const secret = "zak-SECRET-Qm9"
	c, _ := newTestCache(t, TokenCacheConfig{App: "app"})
	_, err := c.Get(context.Background(), hostKey, (&fetcher{token: secret}).fetch)
	require.NoError(t, err)
	store := NewMemoryTokenStore(nil)
	require.NoError(t, store.Save(context.Background(), hostKey, secret, time.Hour))
	var nilCache *TokenCache
	var nilStore *MemoryTokenStore
	for _, v := range []any{c, store, nilCache, nilStore} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x"} {
			require.NotContains(t, fmt.Sprintf(verb, v), "SECRET", verb)
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
		require.NotContains(t, buf.String(), "SECRET")
	}
	require.Equal(t, `zoomsig.TokenCache{app:"app" tokens:1 shared:false}`, fmt.Sprint(c))
}
