package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/zoomsig/zoomsig"
)

// Defaults of Config.
const (
	// DefaultPrefix starts every key the Store writes.
	DefaultPrefix = "zoomsig:"
	// DefaultTimeout bounds every call to Redis, so that a slow Redis
	// costs a request at most this much before the fallback answers.
	DefaultTimeout = 100 * time.Millisecond
	// DefaultProbeEvery is how often a Redis that failed is tried again.
	DefaultProbeEvery = 250 * time.Millisecond
)

// ErrUnavailable is returned while Redis is failing: the caller goes on
// without it (the token cache in its process, the rate limit locally).
var ErrUnavailable = errors.New("redisstore: Redis is unavailable")

// Config configures [New].
type Config struct {
	// Options say where Redis is (redis.ParseURL makes them). New copies
	// them and bounds the copy's dial, read, write and pool waits by
	// Timeout, without retries: a slow Redis is a failing one.
	Options *redis.Options
	// Secret is what the keys are derived from: the server-to-server
	// OAuth app's client secret (the SDK secret where there is none).
	// Every replica must have the same. At least 16 bytes.
	Secret []byte
	// Prefix starts every key; empty: DefaultPrefix.
	Prefix string
	// Timeout bounds each call; zero: DefaultTimeout.
	Timeout time.Duration
	// ProbeEvery is how often a failed Redis is pinged; zero:
	// DefaultProbeEvery.
	ProbeEvery time.Duration
	// Logger gets one warning when Redis starts failing and one line
	// when it is back; nil: slog.Default().
	Logger *slog.Logger
	// Rand makes nonces and lease IDs; nil: crypto/rand.
	Rand io.Reader
}

// Store is a [zoomsig.TokenStore] in Redis, shared by every replica, and
// the home of its rate limits ([Store.Limiter]). Keys are HMACs, values
// sealed; a value that does not open is a miss. Calls are bounded by
// Timeout; while Redis fails, calls return [ErrUnavailable] at once and a
// probe pings it until it answers, logging once each way. Safe for
// concurrent use. It prints without its keys.
type Store struct {
	rdb     *redis.Client
	keys    *keyring
	timeout time.Duration
	health  *health
}

// releaseScript deletes a lease only if it still holds the caller's ID.
var releaseScript = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)

// New derives the keys, connects, and pings Redis once: a Redis that does
// not answer is not an error (the Store starts failing over, with its
// warning). Only a config that cannot work is. Close releases it.
func New(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Options == nil {
		return nil, errors.New("redisstore: Config.Options is nil")
	}
	if cfg.Prefix == "" {
		cfg.Prefix = DefaultPrefix
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.ProbeEvery <= 0 {
		cfg.ProbeEvery = DefaultProbeEvery
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	keys, err := newKeyring(cfg.Secret, cfg.Prefix, cfg.Rand)
	if err != nil {
		return nil, err
	}
	rdb := redis.NewClient(bounded(cfg.Options, cfg.Timeout))
	s := &Store{rdb: rdb, keys: keys, timeout: cfg.Timeout}
	s.health = newHealth(rdb, cfg.Logger, cfg.Timeout, cfg.ProbeEvery)
	s.health.check(ctx)
	return s, nil
}

// bounded copies o with every wait at most d and no retries.
func bounded(o *redis.Options, d time.Duration) *redis.Options {
	c := *o
	c.DialTimeout, c.ReadTimeout, c.WriteTimeout, c.PoolTimeout = d, d, d, d
	c.ContextTimeoutEnabled = true
	c.MaxRetries = -1
	c.DialerRetries, c.DialerRetryTimeout = 1, time.Millisecond
	return &c
}

// Close stops the probe and closes the connections.
func (s *Store) Close() error {
	s.health.close()
	return s.rdb.Close()
}

// Up reports whether Redis answered the last call.
func (s *Store) Up() bool { return !s.health.isDown() }

// do runs f with the call's bound, unless Redis is failing; a failure
// that is Redis's (not redis.Nil, not the caller going away) starts an
// outage.
func (s *Store) do(ctx context.Context, f func(context.Context) error) error {
	if s.health.isDown() {
		return ErrUnavailable
	}
	cctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	err := f(cctx)
	if err != nil && !errors.Is(err, redis.Nil) && !wrongType(err) && ctx.Err() == nil {
		s.health.fail(err)
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}

// wrongType is Redis's answer for a key holding another type than the
// command's: someone else's write, not an outage.
func wrongType(err error) bool {
	var re redis.Error
	return errors.As(err, &re) && strings.HasPrefix(re.Error(), "WRONGTYPE")
}

// Load implements [zoomsig.TokenStore]: a value that does not open, whose
// sealed expiry has passed, or that is not a string, is a miss.
func (s *Store) Load(ctx context.Context, key zoomsig.JoinTokenKey) (string, time.Duration, bool, error) {
	name := s.keys.name(kindToken, tokenParts(key)...)
	var sealed []byte
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		sealed, err = s.rdb.Get(ctx, name).Bytes()
		return err
	})
	if errors.Is(err, redis.Nil) || wrongType(err) {
		return "", 0, false, nil
	} else if err != nil {
		return "", 0, false, err
	}
	token, until, ok := s.keys.open(name, sealed)
	left := time.Until(until)
	if !ok || left <= 0 {
		return "", 0, false, nil
	}
	return token, left, true, nil
}

// Save implements [zoomsig.TokenStore]: SET with PX d, the value sealed
// with its expiry.
func (s *Store) Save(ctx context.Context, key zoomsig.JoinTokenKey, token string, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	name := s.keys.name(kindToken, tokenParts(key)...)
	sealed, err := s.keys.seal(name, token, time.Now().Add(d))
	if err != nil {
		return err
	}
	return s.do(ctx, func(ctx context.Context) error {
		return s.rdb.Do(ctx, "SET", name, sealed, "PX", max(1, d.Milliseconds())).Err()
	})
}

// Lease implements [zoomsig.TokenStore] with SET NX PX and a random ID;
// release deletes the lease only while it still holds that ID.
func (s *Store) Lease(ctx context.Context, key zoomsig.JoinTokenKey, d time.Duration) (func(), bool, error) {
	name := s.keys.name(kindLease, tokenParts(key)...)
	var raw [16]byte
	if _, err := io.ReadFull(s.keys.rand, raw[:]); err != nil {
		return nil, false, err
	}
	id := base64.RawURLEncoding.EncodeToString(raw[:])
	err := s.do(ctx, func(ctx context.Context) error {
		return s.rdb.Do(ctx, "SET", name, id, "NX", "PX", max(1, d.Milliseconds())).Err()
	})
	if errors.Is(err, redis.Nil) {
		return func() {}, false, nil // another holds it
	} else if err != nil {
		return func() {}, false, err
	}
	return func() {
		_ = s.do(context.Background(), func(ctx context.Context) error {
			return releaseScript.Run(ctx, s.rdb, []string{name}, id).Err()
		})
	}, true, nil
}

// Format prints the Store without its keys, for every verb.
func (s *Store) Format(f fmt.State, _ rune) {
	if s == nil {
		fmt.Fprint(f, "redisstore.Store(nil)")
		return
	}
	fmt.Fprintf(f, "redisstore.Store{addr:%q prefix:%q up:%t keys:REDACTED}", s.rdb.Options().Addr, s.keys.prefix, s.Up())
}

// LogValue makes slog print the Store without its keys.
func (s *Store) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(slog.String("addr", s.rdb.Options().Addr), slog.String("prefix", s.keys.prefix), slog.Bool("up", s.Up()))
}

var _ zoomsig.TokenStore = (*Store)(nil)
