package zoomsig

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Join tokens kept for reuse. A ZAK serves every start of its user's
// meetings for its whole lifetime, and Zoom's REST rate limits count per
// account, every app of it together: the token call is a "Light" call,
// 4/s and 6,000/day on Free (Zoom's rate-limits page; zoom-notes §4.2).
// Zoom's own advice for several processes is one central token cache. A
// [TokenCache] keeps each token in the process and, given a shared
// [TokenStore] (the redisstore package), across replicas, where one lease
// per key lets one fetch stand for every concurrent miss.

// JoinTokenKey names one kept join token. Two requests share a token only
// when every field is equal.
type JoinTokenKey struct {
	// App is the app the token is fetched with (e.g. its OAuth client
	// ID), so that apps sharing a store never share tokens. A TokenCache
	// sets it from [TokenCacheConfig].App.
	App string
	// Kind is TokenZAK or TokenOnBehalf.
	Kind UserTokenType
	// User is the Zoom user as resolved: an email address or a user ID.
	// "me" means whoever's OAuth token the call carries: a key says it
	// only when every fetch under App is for one user (one
	// server-to-server app's own), since the cache cannot tell.
	User string
	// Meeting is the meeting an OBF token is for (required for
	// TokenOnBehalf, which is per user and meeting; empty for a ZAK).
	Meeting string
	// TTL is the lifetime asked of Zoom ([WithTokenTTL]); 0 for Zoom's
	// default.
	TTL time.Duration
}

// check refuses a key that could make two users or two meetings share a
// token, and normalizes the meeting number.
func (k *JoinTokenKey) check() error {
	switch {
	case k.Kind != TokenZAK && k.Kind != TokenOnBehalf:
		return errorf(ErrInvalidOption, "token kind %q is neither %q nor %q", clip(string(k.Kind)), TokenZAK, TokenOnBehalf)
	case k.Kind == TokenZAK && k.Meeting != "":
		return errorf(ErrInvalidOption, "a ZAK is not per meeting: leave Meeting empty")
	case k.Kind == TokenOnBehalf && k.Meeting == "":
		return errorf(ErrInvalidOption, "an OBF token is per user and meeting: Meeting is needed")
	case k.TTL < 0:
		return errorf(ErrInvalidOption, "TTL %v is negative", k.TTL)
	}
	if err := checkUserID(k.User); err != nil {
		return err
	}
	if k.Meeting != "" {
		mn, err := NormalizeMeetingNumber(k.Meeting)
		if err != nil {
			return err
		}
		k.Meeting = mn
	}
	return nil
}

// TokenStore keeps join tokens, and the leases that let one fetch stand
// for every concurrent miss of a key. [MemoryTokenStore] keeps them in the
// process; redisstore.Store across replicas. An error means the store
// could not answer: a TokenCache then goes on without it, so a store
// reports its own outages.
type TokenStore interface {
	// Load returns the token kept for key and how much longer it is
	// kept; found is false when none is (a miss, not an error).
	Load(ctx context.Context, key JoinTokenKey) (token string, left time.Duration, found bool, err error)
	// Save keeps token for key for d.
	Save(ctx context.Context, key JoinTokenKey, token string, d time.Duration) error
	// Lease takes the right to fetch key's token for at most d; taken is
	// false while another caller holds it. release gives back the lease
	// taken, and no other, before d has passed.
	Lease(ctx context.Context, key JoinTokenKey, d time.Duration) (release func(), taken bool, err error)
}

// maxKeptTokens bounds a MemoryTokenStore: past it, expired entries are
// swept, then the one that expires first is dropped.
const maxKeptTokens = 1 << 16

// MemoryTokenStore is the in-process [TokenStore]: a map of tokens and one
// of leases, each entry dropped when it expires, at most 65,536 of each.
// Safe for concurrent use. It never errs. It prints without its tokens.
type MemoryTokenStore struct {
	clock Clock
	max   int

	mu     sync.Mutex
	tokens map[JoinTokenKey]kept
	leases map[JoinTokenKey]kept // value: the lease's id
	seq    uint64
}

// kept is an entry of a MemoryTokenStore and when it expires.
type kept struct {
	value string
	until time.Time
}

// NewMemoryTokenStore returns an empty store that reads time from clock
// (nil: the system clock).
func NewMemoryTokenStore(clock Clock) *MemoryTokenStore {
	return &MemoryTokenStore{clock: clock, max: maxKeptTokens, tokens: map[JoinTokenKey]kept{}, leases: map[JoinTokenKey]kept{}}
}

// Load implements [TokenStore].
func (m *MemoryTokenStore) Load(_ context.Context, key JoinTokenKey) (string, time.Duration, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.tokens[key]
	left := e.until.Sub(now(m.clock))
	if !ok || left <= 0 {
		return "", 0, false, nil
	}
	return e.value, left, true, nil
}

// Save implements [TokenStore]; d ≤ 0 keeps nothing.
func (m *MemoryTokenStore) Save(_ context.Context, key JoinTokenKey, token string, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	at := now(m.clock)
	m.makeRoom(m.tokens, key, at)
	m.tokens[key] = kept{token, at.Add(d)}
	return nil
}

// Lease implements [TokenStore].
func (m *MemoryTokenStore) Lease(_ context.Context, key JoinTokenKey, d time.Duration) (func(), bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	at := now(m.clock)
	if l, ok := m.leases[key]; ok && at.Before(l.until) {
		return func() {}, false, nil
	}
	m.seq++
	id := fmt.Sprint(m.seq)
	m.makeRoom(m.leases, key, at)
	m.leases[key] = kept{id, at.Add(d)}
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.leases[key].value == id {
			delete(m.leases, key)
		}
	}, true, nil
}

// makeRoom keeps table under m.max entries before key is added: expired
// entries go first, then the one closest to expiry. m.mu is held.
func (m *MemoryTokenStore) makeRoom(table map[JoinTokenKey]kept, key JoinTokenKey, at time.Time) {
	if _, ok := table[key]; ok || len(table) < m.max {
		return
	}
	var first JoinTokenKey
	var until time.Time
	for k, e := range table {
		if !at.Before(e.until) {
			delete(table, k)
		} else if until.IsZero() || e.until.Before(until) {
			first, until = k, e.until
		}
	}
	if len(table) >= m.max {
		delete(table, first)
	}
}

// Len is the number of tokens kept, expired ones not yet swept included.
func (m *MemoryTokenStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.tokens)
}

// Format prints the store without its tokens, for every verb.
func (m *MemoryTokenStore) Format(f fmt.State, _ rune) {
	if m == nil {
		fmt.Fprint(f, "zoomsig.MemoryTokenStore(nil)")
		return
	}
	fmt.Fprintf(f, "zoomsig.MemoryTokenStore{tokens:%d}", m.Len())
}

// LogValue makes slog print the store without its tokens.
func (m *MemoryTokenStore) LogValue() slog.Value {
	if m == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(slog.Int("tokens", m.Len()))
}
