package redisstore

import (
	"context"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// health tracks Redis outages: the first failure logs one warning and
// starts a probe; the probe's first PING answered logs that Redis is back
// and lets calls through again. In between, calls fail at once: a Redis
// that is down costs requests nothing, one that is slow costs the first
// ones its Timeout.
type health struct {
	rdb     *redis.Client
	logger  *slog.Logger
	timeout time.Duration
	every   time.Duration

	down    atomic.Bool
	mu      sync.Mutex
	stop    chan struct{}
	stopped bool
	probing sync.WaitGroup
}

func newHealth(rdb *redis.Client, logger *slog.Logger, timeout, every time.Duration) *health {
	if logger == nil {
		logger = slog.Default()
	}
	return &health{rdb: rdb, logger: logger, timeout: timeout, every: every, stop: make(chan struct{})}
}

func (h *health) isDown() bool { return h.down.Load() }

// check pings Redis once, at start-up.
func (h *health) check(ctx context.Context) {
	if err := h.ping(ctx); err != nil {
		h.fail(err)
	}
}

func (h *health) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	return h.rdb.Ping(ctx).Err()
}

// fail starts an outage, unless one is on: one warning, one probe.
func (h *health) fail(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped || !h.down.CompareAndSwap(false, true) {
		return
	}
	h.logger.Warn("redis unavailable: the rate limit is kept by each replica and join tokens in each process until it answers",
		"redis", h.rdb.Options().Addr, "error", err.Error())
	h.probing.Add(1)
	go h.probe()
}

// probe pings Redis every h.every until it answers or the Store closes.
func (h *health) probe() {
	defer h.probing.Done()
	tick := time.NewTicker(h.every)
	defer tick.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-tick.C:
		}
		if h.reachable() && h.ping(context.Background()) == nil {
			h.mu.Lock()
			h.down.Store(false)
			h.mu.Unlock()
			h.logger.Info("redis is back: the rate limit and join tokens are shared again", "redis", h.rdb.Options().Addr)
			return
		}
	}
}

// reachable dials Redis's address alone, so that a Redis that refuses
// connections costs the probe no pool dial (whose failure go-redis logs,
// which would be one log line per probe for the whole outage).
func (h *health) reachable() bool {
	o := h.rdb.Options()
	c, err := net.DialTimeout(o.Network, o.Addr, h.timeout)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// close stops a probe under way and any later one.
func (h *health) close() {
	h.mu.Lock()
	if !h.stopped {
		h.stopped = true
		close(h.stop)
	}
	h.mu.Unlock()
	h.probing.Wait()
}
