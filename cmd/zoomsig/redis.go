package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/url"
	"os"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/zoomsig/zoomsig/redisstore"
)

// serve --redis: what replicas share through Redis (the redisstore
// package): host mode's ZAKs, so that one fetch from Zoom serves them all,
// and --rate-limit, so that it holds per client across them. Redis failing
// never stops signing: each replica goes on alone until it answers.

// redisFlags are serve's Redis flags.
type redisFlags struct {
	url, passwordFile string
	timeout           time.Duration
	fromEnv           bool // the URL is $REDIS_URL's
	unused            bool // $REDIS_URL is set, with nothing to share
}

func (r *redisFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.url, "redis", "", "share ZAKs (--host-user) and --rate-limit with the other replicas through Redis at `URL`, redis:// or rediss:// (default $REDIS_URL); its password from $REDIS_PASSWORD or --redis-password-file, never this flag")
	fs.StringVar(&r.passwordFile, "redis-password-file", "", "read Redis's password from `PATH`")
	fs.DurationVar(&r.timeout, "redis-timeout", redisstore.DefaultTimeout, "bound on each call to Redis: past it, the request goes on without Redis")
}

// check reads the URL from the flag or $REDIS_URL, and refuses what
// cannot work or would show the password. Nothing but the host is ever
// quoted: the URL may hold the password.
func (r *redisFlags) check(f *serveFlags) error {
	if !isSet(f.fs, "redis") {
		r.url, r.fromEnv = os.Getenv("REDIS_URL"), true
	}
	shares := f.host.user != "" || f.limit.rate > 0
	switch {
	case r.timeout <= 0:
		return usageOf(f.fs, "--redis-timeout must be positive")
	case r.url == "" && r.passwordFile != "":
		return usageOf(f.fs, "--redis-password-file needs --redis (or REDIS_URL)")
	case r.url == "" && isSet(f.fs, "redis-timeout"):
		return usageOf(f.fs, "--redis-timeout needs --redis (or REDIS_URL)")
	case r.url == "":
		return nil
	case r.fromEnv && !shares:
		r.url, r.unused = "", true // a platform's REDIS_URL, say: serve has nothing to share
		return nil
	case !shares:
		return usageOf(f.fs, "--redis has nothing to share: it shares --host-user's ZAKs and --rate-limit, and neither is set")
	}
	from := "--redis"
	if r.fromEnv {
		from = "REDIS_URL"
	}
	u, err := url.Parse(r.url)
	if err != nil || u.Host == "" || (u.Scheme != "redis" && u.Scheme != "rediss") {
		return usageOf(f.fs, "%s is not a redis:// or rediss:// URL such as redis://redis.internal:6379/0", from)
	}
	if _, hasPassword := u.User.Password(); hasPassword && !r.fromEnv {
		return usageOf(f.fs, "--redis holds a password, which every user of the machine would see (ps): put it in REDIS_PASSWORD or --redis-password-file")
	}
	if _, err := redis.ParseURL(r.url); err != nil {
		return usageOf(f.fs, "%s: Redis's client cannot use it (its database number or options)", from)
	}
	return nil
}

// host is what the start-up line says of Redis: host and port only.
func (r *redisFlags) host() string {
	if r.url == "" {
		return "off"
	}
	u, _ := url.Parse(r.url)
	return u.Host
}

// password is the password file's, else $REDIS_PASSWORD, else the URL's.
func (r *redisFlags) password(stdin io.Reader) (string, error) {
	if r.passwordFile != "" {
		pw, err := readSecretFile(r.passwordFile, stdin)
		if err != nil {
			return "", usageError("--redis-password-file: %v", err)
		}
		return pw, nil
	}
	if pw := os.Getenv("REDIS_PASSWORD"); pw != "" {
		return pw, nil
	}
	opts, _ := redis.ParseURL(r.url)
	return opts.Password, nil
}

// open connects the store (nil without --redis), with its keys derived
// from secret (--redis-password-file - reads stdin), and routes go-redis's log into logger. A Redis that does not
// answer is not an error: the store starts failing over, and says so.
func (r *redisFlags) open(logger *slog.Logger, secret string, stdin io.Reader) (*redisstore.Store, error) {
	if r.url == "" {
		return nil, nil
	}
	pw, err := r.password(stdin)
	if err != nil {
		return nil, err
	}
	opts, _ := redis.ParseURL(r.url) // checked
	opts.Password = pw
	if err := refusedSettings(opts, r.timeout); err != nil {
		return nil, err
	}
	redisstore.RouteLogs(logger, pw)
	store, err := redisstore.New(context.Background(), redisstore.Config{Options: opts, Secret: []byte(secret), Logger: logger, Timeout: r.timeout})
	if err != nil {
		return nil, usageError("--redis: %v", err)
	}
	return store, nil
}

// refusedSettings is a usage error when Redis answers but refuses the
// connection's settings (WRONGPASS, NOAUTH, a database out of range): a
// mistake of the command line, not an outage to ride out. A Redis that
// does not answer is no error here: the store fails over.
func refusedSettings(opts *redis.Options, timeout time.Duration) error {
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), max(timeout, time.Second))
	defer cancel()
	err := rdb.Ping(ctx).Err()
	var reply redis.Error
	if errors.As(err, &reply) && !errors.Is(err, context.DeadlineExceeded) {
		return usageError("--redis: Redis refused this connection's settings (%v): check the password (REDIS_PASSWORD, --redis-password-file or the URL) and the database number", reply)
	}
	return nil
}

// sharedGate is the account's gate kept in Redis: one pace and one hold
// after Zoom's 429 for every replica. The local gate sees every outcome
// too, and stands in while Redis fails.
type sharedGate struct {
	local  *localGate
	shared *redisstore.AccountGate
}

func (g *sharedGate) wait(ctx context.Context) error {
	hold, err := g.shared.Hold(ctx)
	if err != nil {
		return g.local.wait(ctx)
	}
	if hold = max(hold, g.local.held()); hold > 0 {
		return backingOff(hold)
	}
	for {
		d, err := g.shared.Take(ctx)
		switch {
		case err != nil:
			return g.local.wait(ctx)
		case d == 0:
			return nil
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
			return backingOff(d)
		}
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (g *sharedGate) observe(err error) time.Duration {
	d := g.local.observe(err)
	if d > 0 {
		_ = g.shared.Extend(context.Background(), d) // failing: the local hold holds
	}
	return d
}

// held is how long the local gate still holds back: a 429 seen while
// Redis failed holds this replica back after Redis is back.
func (g *localGate) held() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return max(0, g.until.Sub(g.now()))
}

// accountGate is host mode's gate: shared through store when there is one.
func accountGate(store *redisstore.Store, account string, perSecond float64) (zoomGate, error) {
	local := newLocalGate(perSecond, nil)
	if store == nil {
		return local, nil
	}
	shared, err := store.AccountGate(account, perSecond)
	if err != nil {
		return nil, err
	}
	return &sharedGate{local: local, shared: shared}, nil
}
