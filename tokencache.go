package zoomsig

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// CacheResult is how a [TokenCache] answered one request.
type CacheResult string

const (
	// CacheHit: a token the process or the shared store kept.
	CacheHit CacheResult = "hit"
	// CacheShared: the token of a fetch another request had started, in
	// this process or, through the store's lease, in another.
	CacheShared CacheResult = "shared"
	// CacheMiss: this request fetched the token itself.
	CacheMiss CacheResult = "miss"
)

// Defaults of [TokenCacheConfig].
const (
	// DefaultTokenMaxAge is half Zoom's default ZAK lifetime of 2 h.
	DefaultTokenMaxAge = time.Hour
	// DefaultTokenLease outlasts a fetch bounded at a few seconds.
	DefaultTokenLease = 10 * time.Second
)

// Polling the shared store while another process holds a key's lease:
// from firstPoll, doubling, up to maxPoll.
const (
	firstPoll = 20 * time.Millisecond
	maxPoll   = 250 * time.Millisecond
)

// TokenCacheConfig configures [NewTokenCache]; the zero value is an
// in-process cache for an app named "".
type TokenCacheConfig struct {
	// App names the app the tokens are fetched with (e.g. its OAuth client
	// ID, never its secret); it is part of every key.
	App string
	// Store is shared with other processes; nil: this process alone. When
	// it errs the cache goes on as if it had none, for that request.
	Store TokenStore
	// MaxAge is the longest a token is kept; zero: DefaultTokenMaxAge.
	MaxAge time.Duration
	// LeaseTime is how long one fetch holds its key's lease in Store, and
	// how long others wait for it before fetching themselves; zero:
	// DefaultTokenLease. It should outlast the fetch's own deadline.
	LeaseTime time.Duration
	// Clock reads the time; nil: the system clock.
	Clock Clock
	// Observe, when set, is told how each request was answered.
	Observe func(CacheResult)
}

// TokenCache keeps join tokens so that each is fetched once while it is
// good, and lets concurrent misses of one key share one fetch: in the
// process always, and across processes through a shared [TokenStore]'s
// lease. A token is kept for at most MaxAge, half the TTL asked, and half
// of what is left of its life by its own exp claim when it is JWT-shaped
// (ZAKs are; the claim is read for this alone, never trusted further), so
// every token handed out has at least half its life left. Safe for
// concurrent use; it prints without its tokens.
type TokenCache struct {
	cfg   TokenCacheConfig
	local *MemoryTokenStore

	mu       sync.Mutex
	inflight map[JoinTokenKey]*tokenCall
}

type tokenCall struct {
	done   chan struct{}
	token  string
	result CacheResult
	err    error
}

// NewTokenCache checks cfg and returns an empty cache.
func NewTokenCache(cfg TokenCacheConfig) (*TokenCache, error) {
	if cfg.MaxAge < 0 || cfg.LeaseTime < 0 {
		return nil, errorf(ErrInvalidOption, "MaxAge and LeaseTime must not be negative")
	}
	if cfg.MaxAge == 0 {
		cfg.MaxAge = DefaultTokenMaxAge
	}
	if cfg.LeaseTime == 0 {
		cfg.LeaseTime = DefaultTokenLease
	}
	return &TokenCache{cfg: cfg, local: NewMemoryTokenStore(cfg.Clock), inflight: map[JoinTokenKey]*tokenCall{}}, nil
}

// Get returns key's token: kept, from a fetch under way, or from fetch,
// which runs to its own end even when the caller that started it goes
// away (a caller stops waiting when its ctx is done). key.App is set from
// the cache's App. A key that could mix meetings (an OBF token without
// Meeting) is an error matching [ErrInvalidOption] (a
// malformed meeting number [ErrInvalidMeetingNumber]);
// fetch's errors come back as they are, and are never kept.
func (c *TokenCache) Get(ctx context.Context, key JoinTokenKey, fetch func(context.Context) (string, error)) (string, error) {
	key.App = c.cfg.App
	if err := key.check(); err != nil {
		return "", err
	}
	if token, _, ok, _ := c.local.Load(ctx, key); ok {
		c.observe(CacheHit)
		return token, nil
	}
	c.mu.Lock()
	call, joined := c.inflight[key]
	if !joined {
		call = &tokenCall{done: make(chan struct{})}
		c.inflight[key] = call
		go c.run(context.WithoutCancel(ctx), key, fetch, call)
	}
	c.mu.Unlock()
	if joined {
		c.observe(CacheShared)
	}
	select {
	case <-call.done:
		return call.token, call.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// UserToken is [FetchUserToken] through the cache: userID's token of kind
// t, with the same options ([WithZoomAPI], [WithTokenTTL],
// [WithMeetingNumber]), kept under the key they make. A fetch for "me" is
// never kept (the cache cannot know whose token c carries: name the key
// with Get instead), nor is an OBF token without WithMeetingNumber.
func (c *TokenCache) UserToken(ctx context.Context, client *http.Client, userID string, t UserTokenType, opts ...Option) (string, error) {
	cfg, _, err := configure(defaultSettings(), "UserToken", forFetchUserToken, opts)
	if err != nil {
		return "", err
	}
	fetch := func(ctx context.Context) (string, error) { return FetchUserToken(ctx, client, userID, t, opts...) }
	if userID == "me" || t == TokenOnBehalf && cfg.meetingID == "" {
		c.observe(CacheMiss)
		return fetch(ctx)
	}
	key := JoinTokenKey{Kind: t, User: userID, TTL: cfg.tokenTTL}
	if t == TokenOnBehalf {
		key.Meeting = cfg.meetingID
	}
	return c.Get(ctx, key, fetch)
}

func (c *TokenCache) run(ctx context.Context, key JoinTokenKey, fetch func(context.Context) (string, error), call *tokenCall) {
	call.token, call.result, call.err = c.resolve(ctx, key, fetch)
	c.observe(call.result)
	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
	close(call.done)
}

// resolve finds key's token in the process, then in the shared store;
// else it takes the store's lease and fetches, or waits for the process
// that holds it. A store that errs, or a holder slower than LeaseTime,
// leaves the fetch to this process alone.
func (c *TokenCache) resolve(ctx context.Context, key JoinTokenKey, fetch func(context.Context) (string, error)) (string, CacheResult, error) {
	if token, _, ok, _ := c.local.Load(ctx, key); ok {
		return token, CacheHit, nil
	}
	store := c.cfg.Store
	if store == nil {
		return c.fetch(ctx, key, fetch, nil)
	}
	result, waited := CacheHit, time.Duration(0)
	for wait := firstPoll; ; wait = min(2*wait, maxPoll) {
		token, left, found, err := store.Load(ctx, key)
		if err != nil {
			break
		}
		if found {
			_ = c.local.Save(ctx, key, token, left)
			return token, result, nil
		}
		release, taken, err := store.Lease(ctx, key, c.cfg.LeaseTime)
		if err != nil {
			break
		}
		if taken {
			defer release()
			return c.fetch(ctx, key, fetch, store)
		}
		if waited >= c.cfg.LeaseTime {
			break
		}
		// Real time, not the Clock's: this is a wait, and ctx carries no
		// deadline (the fetch outlives its callers).
		result, waited = CacheShared, waited+wait
		time.Sleep(wait)
	}
	return c.fetch(ctx, key, fetch, nil)
}

// fetch calls f and keeps its token, in store too when it is not nil.
func (c *TokenCache) fetch(ctx context.Context, key JoinTokenKey, f func(context.Context) (string, error), store TokenStore) (string, CacheResult, error) {
	token, err := f(ctx)
	if err != nil {
		return "", CacheMiss, err
	}
	if d := c.keep(key, token); d > 0 {
		_ = c.local.Save(ctx, key, token, d)
		if store != nil {
			_ = store.Save(ctx, key, token, d)
		}
	}
	return token, CacheMiss, nil
}

// keep is how long token is kept: MaxAge, at most half the TTL asked and
// half of what its exp claim leaves.
func (c *TokenCache) keep(key JoinTokenKey, token string) time.Duration {
	d := c.cfg.MaxAge
	if key.TTL > 0 {
		d = min(d, key.TTL/2)
	}
	if exp, ok := tokenExpiry(token); ok {
		d = min(d, exp.Sub(now(c.cfg.Clock))/2)
	}
	return d
}

// maxJoinToken caps what tokenExpiry decodes: Zoom's tokens are at most
// 512 characters (its API spec, zoom-notes §4.2).
const maxJoinToken = 4096

// tokenExpiry reads the exp claim of a JWT-shaped token, for the cache's
// lifetime only: the token is Zoom's, and nothing else is read from it.
func tokenExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(token) > maxJoinToken || len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if err != nil || json.Unmarshal(payload, &claims) != nil {
		return time.Time{}, false
	}
	exp, err := claims.Exp.Int64()
	if err != nil || exp <= 0 {
		return time.Time{}, false
	}
	return time.Unix(exp, 0), true
}

func (c *TokenCache) observe(r CacheResult) {
	if c.cfg.Observe != nil {
		c.cfg.Observe(r)
	}
}

// Format prints the cache without its tokens, for every verb.
func (c *TokenCache) Format(f fmt.State, _ rune) {
	if c == nil {
		fmt.Fprint(f, "zoomsig.TokenCache(nil)")
		return
	}
	fmt.Fprintf(f, "zoomsig.TokenCache{app:%q tokens:%d shared:%t}", c.cfg.App, c.local.Len(), c.cfg.Store != nil)
}

// LogValue makes slog print the cache without its tokens.
func (c *TokenCache) LogValue() slog.Value {
	if c == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(slog.String("app", c.cfg.App), slog.Int("tokens", c.local.Len()), slog.Bool("shared", c.cfg.Store != nil))
}
