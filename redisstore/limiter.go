package redisstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/go-redis/redis_rate/v10"
)

// Limiter is a rate limit per client that every replica shares: GCRA
// (a token bucket by another name) kept in Redis by
// github.com/go-redis/redis_rate/v10, one Lua script per request, under a
// key that is an HMAC of the client (no address in clear).
type Limiter struct {
	s     *Store
	rl    *redis_rate.Limiter
	limit redis_rate.Limit
}

// Limiter returns a limit of perSecond requests a second per client, with
// bursts of burst; both must be positive.
func (s *Store) Limiter(perSecond float64, burst int) (*Limiter, error) {
	if !(perSecond > 0) || math.IsInf(perSecond, 0) || burst < 1 {
		return nil, fmt.Errorf("redisstore: a rate of %g/s with burst %d limits nothing", perSecond, burst)
	}
	// One request per 1/perSecond: redis_rate's emission interval is
	// Period/Rate, so a fractional rate needs no rounding.
	period := time.Duration(float64(time.Second) / perSecond)
	return &Limiter{s: s, rl: redis_rate.NewLimiter(s.rdb), limit: redis_rate.Limit{Rate: 1, Period: period, Burst: burst}}, nil
}

// Allow takes one request of client's allowance: 0 when it may go on,
// else how long the client must wait. An error (wrapping ErrUnavailable)
// means Redis did not answer: the caller limits locally.
func (l *Limiter) Allow(ctx context.Context, client string) (time.Duration, error) {
	name := l.s.keys.name(kindRate, client)
	var res *redis_rate.Result
	err := l.s.do(ctx, func(ctx context.Context) error {
		var err error
		res, err = l.rl.Allow(ctx, name, l.limit)
		return err
	})
	if err != nil {
		return 0, err
	}
	if res.Allowed > 0 {
		return 0, nil
	}
	if res.RetryAfter <= 0 {
		return 0, errors.New("redisstore: the limit refused with no time to wait")
	}
	return res.RetryAfter, nil
}
