package redisstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// AccountGate is what the replicas of one Zoom account agree on: a pace of
// calls to Zoom's REST API (its rate limits count per account, every app
// and replica together) and a hold after Zoom's 429, during which no
// replica calls. Both are kept under HMACs of the account ID.
type AccountGate struct {
	s          *Store
	pace, hold string
	rl         *redis_rate.Limiter
	limit      redis_rate.Limit // zero: no pace
}

// Kinds of key of the gate.
const (
	kindPace = "p" // the account's GCRA state
	kindHold = "h" // present while the account holds back
)

// extendScript sets the hold to ARGV[1] ms unless it already lasts longer.
var extendScript = redis.NewScript(`if redis.call("PTTL", KEYS[1]) < tonumber(ARGV[1]) then redis.call("SET", KEYS[1], "1", "PX", ARGV[1]) end return 0`)

// AccountGate returns the gate of account, pacing calls at perSecond
// (0: no pace; bursts of up to ⌈perSecond⌉).
func (s *Store) AccountGate(account string, perSecond float64) (*AccountGate, error) {
	if perSecond < 0 || math.IsNaN(perSecond) || math.IsInf(perSecond, 0) {
		return nil, fmt.Errorf("redisstore: a pace of %g/s", perSecond)
	}
	g := &AccountGate{s: s, pace: s.keys.name(kindPace, account), hold: s.keys.name(kindHold, account), rl: redis_rate.NewLimiter(s.rdb)}
	if perSecond > 0 {
		g.limit = redis_rate.Limit{Rate: 1, Period: time.Duration(float64(time.Second) / perSecond), Burst: max(1, int(math.Ceil(perSecond)))}
	}
	return g, nil
}

// Hold is how long every replica must still hold back (0: not).
func (g *AccountGate) Hold(ctx context.Context) (time.Duration, error) {
	var left time.Duration
	err := g.s.do(ctx, func(ctx context.Context) error {
		var err error
		left, err = g.s.rdb.PTTL(ctx, g.hold).Result()
		return err
	})
	return max(0, left), err
}

// Extend holds every replica back for d from now, unless a hold already
// lasts longer.
func (g *AccountGate) Extend(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	return g.s.do(ctx, func(ctx context.Context) error {
		err := extendScript.Run(ctx, g.s.rdb, []string{g.hold}, max(1, d.Milliseconds())).Err()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		return err
	})
}

// Take takes one call of the account's pace: 0 when it may go now, else
// how long to wait before taking again.
func (g *AccountGate) Take(ctx context.Context) (time.Duration, error) {
	if g.limit.IsZero() {
		return 0, nil
	}
	var res *redis_rate.Result
	err := g.s.do(ctx, func(ctx context.Context) error {
		var err error
		res, err = g.rl.Allow(ctx, g.pace, g.limit)
		return err
	})
	if err != nil || res.Allowed > 0 {
		return 0, err
	}
	return max(time.Millisecond, res.RetryAfter), nil
}
