package main

import (
	"context"
	"errors"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/zoomsig/zoomsig"
	"golang.org/x/time/rate"
)

// Zoom's REST rate limits are per account, shared by every app and every
// replica on it: fetching a user's token is a "Light" call, 4/s and 6,000
// a day on Free, 30/s on Pro, 80/s on Business and above (Zoom's
// rate-limits page; zoom-notes §4.2). The gate paces serve's calls to
// --zoom-api-rate and, after a 429, holds every call back until Zoom takes
// calls again, answering callers 503 with Retry-After meanwhile.

// Back-off after a 429 that says nothing of when to retry: 1 s, doubling
// with each 429 in a row, at most a minute.
const (
	firstBackoff = time.Second
	maxBackoff   = time.Minute
)

// zoomGate is the account's pace and back-off. The local one serves one
// process; one kept in Redis serves every replica (redisstore).
type zoomGate interface {
	// wait returns when a call may go out, or a *zoomsig.ZoomAPIError of
	// status 429 with RetryAfter while backing off or when the pace would
	// make the call wait past ctx's deadline.
	wait(ctx context.Context) error
	// observe records the call's outcome: a 429 from Zoom starts (or
	// doubles) the back-off, which it returns; a success ends the doubling.
	observe(err error) time.Duration
}

// localGate is the gate of one process.
type localGate struct {
	pace *rate.Limiter // nil: no pace
	now  func() time.Time

	mu    sync.Mutex
	until time.Time     // no call before this instant
	step  time.Duration // the next back-off without a hint from Zoom
}

// newLocalGate paces calls to perSecond (0: no pace).
func newLocalGate(perSecond float64, now func() time.Time) *localGate {
	g := &localGate{now: now, step: firstBackoff}
	if g.now == nil {
		g.now = time.Now
	}
	if perSecond > 0 {
		g.pace = rate.NewLimiter(rate.Limit(perSecond), max(1, int(math.Ceil(perSecond))))
	}
	return g
}

func (g *localGate) wait(ctx context.Context) error {
	g.mu.Lock()
	left := g.until.Sub(g.now())
	g.mu.Unlock()
	if left > 0 {
		return backingOff(left)
	}
	if g.pace == nil {
		return nil
	}
	r := g.pace.Reserve()
	delay := r.Delay()
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
		r.Cancel()
		return backingOff(delay)
	}
	select {
	case <-time.After(delay):
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}

func (g *localGate) observe(err error) time.Duration {
	var ze *zoomsig.ZoomAPIError
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case errors.As(err, &ze) && ze.Status == http.StatusTooManyRequests:
		d := ze.RetryAfter
		if d <= 0 {
			d, g.step = g.step, min(2*g.step, maxBackoff)
		}
		now := g.now()
		if until := now.Add(d); until.After(g.until) {
			g.until = until
		}
		return g.until.Sub(now)
	case err == nil:
		g.step = firstBackoff
	}
	return 0
}

// backingOff is what a caller gets while the account backs off: Zoom's
// 429, as the handler answers it (503 with Retry-After).
func backingOff(d time.Duration) error {
	return &zoomsig.ZoomAPIError{Status: http.StatusTooManyRequests, Message: "backing off: Zoom's rate limit for the account was reached", RetryAfter: d}
}
