package zoomsig

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// movingClock is a Clock a test moves, safe for the cache's goroutines.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *movingClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// jwtShaped is a token shaped like a ZAK, with the given exp claim.
func jwtShaped(exp string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256"}`)) + "." + enc([]byte(`{"uid":"u1","exp":`+exp+`}`)) + ".c2ln"
}

// fetcher counts its calls and answers token (or err) after delay.
type fetcher struct {
	calls atomic.Int32
	token string
	err   error
	delay time.Duration
}

func (f *fetcher) fetch(ctx context.Context) (string, error) {
	n := f.calls.Add(1)
	time.Sleep(f.delay)
	if f.err != nil {
		return "", f.err
	}
	if f.token != "" {
		return f.token, nil
	}
	return fmt.Sprintf("token-%d", n), nil
}

// tally counts the results a cache observes.
type tally struct {
	mu sync.Mutex
	m  map[CacheResult]int
}

func (t *tally) observe(r CacheResult) { t.mu.Lock(); defer t.mu.Unlock(); t.m[r]++ }
func (t *tally) get(r CacheResult) int { t.mu.Lock(); defer t.mu.Unlock(); return t.m[r] }

func newTestCache(t *testing.T, cfg TokenCacheConfig) (*TokenCache, *tally) {
	counts := &tally{m: map[CacheResult]int{}}
	cfg.Observe = counts.observe
	c, err := NewTokenCache(cfg)
	require.NoError(t, err)
	return c, counts
}

var hostKey = JoinTokenKey{Kind: TokenZAK, User: "host@example.com"}

// getAll asks the caches for key from n goroutines, spread over them.
func getAll(t *testing.T, caches []*TokenCache, n int, key JoinTokenKey, f *fetcher) []string {
	var wg sync.WaitGroup
	tokens := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			tokens[i], err = caches[i%len(caches)].Get(context.Background(), key, f.fetch)
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	return tokens
}

func TestTokenCacheSharesOneFetch(t *testing.T) {
	c, counts := newTestCache(t, TokenCacheConfig{App: "app"})
	f := &fetcher{delay: 50 * time.Millisecond}
	tokens := getAll(t, []*TokenCache{c}, 20, hostKey, f)
	for _, tok := range tokens {
		require.Equal(t, "token-1", tok)
	}
	require.EqualValues(t, 1, f.calls.Load(), "twenty concurrent misses made one fetch")
	require.Equal(t, 1, counts.get(CacheMiss))
	require.Equal(t, 19, counts.get(CacheShared)+counts.get(CacheHit))
	tok, err := c.Get(context.Background(), hostKey, f.fetch)
	require.NoError(t, err)
	require.Equal(t, "token-1", tok)
	require.EqualValues(t, 1, f.calls.Load(), "then the cache answers")
}

// TestTokenCacheAcrossProcesses: three caches (three replicas) sharing one
// store make one fetch between them; the store's lease does it.
func TestTokenCacheAcrossProcesses(t *testing.T) {
	store := NewMemoryTokenStore(nil)
	var caches []*TokenCache
	var counts []*tally
	for range 3 {
		c, n := newTestCache(t, TokenCacheConfig{App: "app", Store: store})
		caches, counts = append(caches, c), append(counts, n)
	}
	f := &fetcher{delay: 80 * time.Millisecond}
	for _, tok := range getAll(t, caches, 30, hostKey, f) {
		require.Equal(t, "token-1", tok)
	}
	require.EqualValues(t, 1, f.calls.Load(), "three processes, thirty misses, one fetch")
	misses := 0
	for _, n := range counts {
		misses += n.get(CacheMiss)
		require.Equal(t, 10, n.get(CacheMiss)+n.get(CacheShared)+n.get(CacheHit))
	}
	require.Equal(t, 1, misses)
	// Another app shares the store, never the token.
	other, _ := newTestCache(t, TokenCacheConfig{App: "other", Store: store})
	tok, err := other.Get(context.Background(), hostKey, f.fetch)
	require.NoError(t, err)
	require.Equal(t, "token-2", tok)
}

func TestTokenCacheLifetime(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	exp := func(d time.Duration) string { return jwtShaped(fmt.Sprint(t0.Add(d).Unix())) }
	for _, tt := range []struct {
		name   string
		token  string
		maxAge time.Duration
		ttl    time.Duration
		kept   time.Duration // 0: not kept at all
	}{
		{"opaque token: MaxAge", "opaque", 10 * time.Minute, 0, 10 * time.Minute},
		{"default MaxAge", "opaque", 0, 0, DefaultTokenMaxAge},
		{"half the TTL asked", "opaque", time.Hour, 30 * time.Minute, 15 * time.Minute},
		{"half of what exp leaves", exp(10 * time.Minute), time.Hour, 0, 5 * time.Minute},
		{"a far exp is capped", exp(10 * time.Hour), time.Hour, 0, time.Hour},
		{"the shortest of the three", exp(20 * time.Minute), time.Hour, 2 * time.Hour, 10 * time.Minute},
		{"exp passed: not kept", exp(-time.Minute), time.Hour, 0, 0},
		{"exp not a number", jwtShaped(`"soon"`), 7 * time.Minute, 0, 7 * time.Minute},
		{"exp a fraction", jwtShaped("1.5"), 7 * time.Minute, 0, 7 * time.Minute},
		{"payload not JSON", "a.b.c", 7 * time.Minute, 0, 7 * time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := &movingClock{t: t0}
			c, _ := newTestCache(t, TokenCacheConfig{Clock: clock, MaxAge: tt.maxAge})
			key := hostKey
			key.TTL = tt.ttl
			f := &fetcher{token: tt.token}
			get := func() {
				_, err := c.Get(context.Background(), key, f.fetch)
				require.NoError(t, err)
			}
			get()
			if tt.kept == 0 {
				get()
				require.EqualValues(t, 2, f.calls.Load(), "not kept")
				return
			}
			clock.add(tt.kept - time.Second)
			get()
			require.EqualValues(t, 1, f.calls.Load(), "kept until just before %v", tt.kept)
			clock.add(time.Second)
			get()
			require.EqualValues(t, 2, f.calls.Load(), "fetched again at %v", tt.kept)
		})
	}
}

// zoomByBearer answers GET /v2/users/{id}/token with a token naming the
// user, the meeting and whose access token asked: what Zoom does with "me"
// is answer for the token's owner.
func zoomByBearer(t *testing.T, calls *atomic.Int32) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		owner := map[string]string{"Bearer alice-access": "alice", "Bearer bob-access": "bob", "Bearer app-access": "app"}[r.Header.Get("Authorization")]
		fmt.Fprintf(w, `{"token":"%s-%s-for-%s-%d"}`, r.URL.Query().Get("type"), strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/v2/users/"), "/token"), owner, calls.Load())
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v2"
}

// clientOf is a client that sends one access token, as an oauth2 client
// would.
func clientOf(token string) *http.Client {
	return &http.Client{Transport: bearer{token, http.DefaultTransport}}
}
