package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zoomsig/zoomsig/redisstore"
	"golang.org/x/time/rate"
)

// Rate limiting for serve: a token bucket per client address, so that
// anyone who can reach the endpoint cannot mint tokens as fast as the
// machine allows.

// maxClients bounds the table of buckets: past it, new clients share one
// overflow bucket, and active entries are never evicted to make room.
const maxClients = 1 << 16

// limitFlags are serve's rate-limit flags.
type limitFlags struct {
	rate    float64
	burst   int
	trusted prefixList
}

func (l *limitFlags) register(fs *flag.FlagSet) {
	fs.Float64Var(&l.rate, "rate-limit", 0, "requests per second allowed per client address; 0 turns limiting off (behind a reverse proxy, set --trust-proxy too)")
	fs.IntVar(&l.burst, "burst", 0, "requests a client may make at once (default 2 x --rate-limit)")
	fs.Var(&l.trusted, "trust-proxy", "read the client address (for --rate-limit and the log's \"client\") from X-Forwarded-For when the peer is in `CIDR` (repeatable)")
}

func (l *limitFlags) check() error {
	switch {
	case l.rate < 0 || math.IsNaN(l.rate) || math.IsInf(l.rate, 0):
		return usageError("--rate-limit must be 0 (off) or a positive number of requests per second")
	case l.burst < 0:
		return usageError("--burst must not be negative")
	case l.rate == 0 && l.burst > 0:
		return usageError("--burst needs --rate-limit")
	}
	return nil
}

// describe says, for the startup log, whether limiting is on.
func (l *limitFlags) describe() string {
	if l.rate == 0 {
		return "off"
	}
	return fmt.Sprintf("%g/s per client, burst %d, trusted proxies %v", l.rate, l.limiter(nil).burst, []netip.Prefix(l.trusted))
}

// prefixList collects a repeatable CIDR flag.
type prefixList []netip.Prefix

func (p *prefixList) String() string { return fmt.Sprint([]netip.Prefix(*p)) }

func (p *prefixList) Set(v string) error {
	pr, err := netip.ParsePrefix(v)
	if err != nil {
		return err
	}
	*p = append(*p, pr.Masked())
	return nil
}

func (p prefixList) contains(a netip.Addr) bool {
	for _, pr := range p {
		if pr.Contains(a) {
			return true
		}
	}
	return false
}

// limiter holds the buckets.
type limiter struct {
	limit   rate.Limit
	burst   int
	trusted prefixList
	now     func() time.Time
	metrics *metrics // counts the refusals; nil: none
	// shared, with --redis, holds the limit across the replicas; while
	// Redis fails, the buckets below do, per replica.
	shared *redisstore.Limiter

	mu       sync.Mutex
	clients  map[netip.Addr]*rate.Limiter
	overflow *rate.Limiter
	swept    time.Time
}

// limiter returns the flags' limiter (nil when limiting is off); now may
// be nil for the system clock.
func (l *limitFlags) limiter(now func() time.Time) *limiter {
	if now == nil {
		now = time.Now
	}
	burst := l.burst
	if burst == 0 {
		burst = max(1, int(math.Ceil(2*l.rate)))
	}
	return &limiter{limit: rate.Limit(l.rate), burst: burst, trusted: l.trusted, now: now,
		clients: map[netip.Addr]*rate.Limiter{}, overflow: rate.NewLimiter(rate.Limit(l.rate), burst)}
}

// wait returns 0 when the request may go on, else how long its client
// must wait.
func (l *limiter) wait(client netip.Addr) time.Duration {
	now := l.now()
	l.mu.Lock()
	b := l.bucket(client, now)
	res := b.ReserveN(now, 1)
	delay := res.DelayFrom(now)
	if delay > 0 {
		res.CancelAt(now)
	}
	l.mu.Unlock()
	return delay
}

// delay is how long client must wait: by the shared limit, or, without
// one or while Redis fails, by this replica's.
func (l *limiter) delay(ctx context.Context, client netip.Addr) time.Duration {
	if l.shared != nil {
		if d, err := l.shared.Allow(ctx, client.String()); err == nil {
			return d
		}
	}
	return l.wait(client)
}

// bucket finds or makes client's bucket; l.mu is held.
func (l *limiter) bucket(client netip.Addr, now time.Time) *rate.Limiter {
	if b, ok := l.clients[client]; ok {
		return b
	}
	if len(l.clients) >= maxClients {
		l.sweep(now)
	}
	if len(l.clients) >= maxClients {
		return l.overflow
	}
	b := rate.NewLimiter(l.limit, l.burst)
	l.clients[client] = b
	return b
}

// sweep drops the buckets that are full again (their clients idle: a
// full bucket is the same as a new one), at most once a second.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Second {
		return
	}
	l.swept = now
	for a, b := range l.clients {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.clients, a)
		}
	}
}

// clientKey is the address a client is counted by: an IPv4 address, or
// the /64 of an IPv6 one (one host's share of a network).
func clientKey(a netip.Addr) netip.Addr {
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.Addr()
	}
	return a
}

// clientAddr is the address the request's client is counted by.
func (l *limiter) clientAddr(r *http.Request) (netip.Addr, bool) {
	client, ok := l.trusted.client(r)
	return clientKey(client), ok
}

// client is the request's client: the peer, or, when the peer is a
// trusted proxy, the right-most address of X-Forwarded-For (all its lines
// read as one list) that is not a trusted proxy itself.
func (p prefixList) client(r *http.Request) (netip.Addr, bool) {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, false
	}
	client := peer.Addr().Unmap()
	if !p.contains(client) {
		return client, true
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a hop the proxies did not write: trust no further
		}
		client = hop.Unmap()
		if !p.contains(client) {
			break
		}
	}
	return client, true
}

// limitRequests answers 429 with Retry-After to a client over its rate.
// Preflights (OPTIONS) are never limited.
func (l *limiter) limitRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		client, ok := l.clientAddr(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if delay := l.delay(r.Context(), client); delay > 0 {
			l.metrics.limited()
			secs := int(math.Ceil(delay.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			refuseJSON(w, http.StatusTooManyRequests, "rate", "too many requests from this address; retry after "+strconv.Itoa(secs)+" s")
			return
		}
		next.ServeHTTP(w, r)
	})
}
