package redisstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig/internal/redistest"
)

// TestAccountGate: two replicas' gates of one account share one pace and
// one hold; another account has its own; no account ID is in a key.
func TestAccountGate(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	var gates []*AccountGate
	for range 2 {
		s, _ := newStore(t, srv.Addr)
		g, err := s.AccountGate("acct-9Qx2", 5)
		require.NoError(t, err)
		gates = append(gates, g)
	}
	now, later := 0, time.Duration(0)
	for i := range 7 {
		d, err := gates[i%2].Take(ctx)
		require.NoError(t, err)
		if d == 0 {
			now++
		} else {
			later = d
		}
	}
	require.Equal(t, 5, now, "a burst of ⌈5⌉ calls between both replicas")
	require.Greater(t, later, time.Duration(0))
	require.LessOrEqual(t, later, 200*time.Millisecond, "one call per 1/5 s")

	require.NoError(t, gates[0].Extend(ctx, 400*time.Millisecond))
	require.NoError(t, gates[1].Extend(ctx, 100*time.Millisecond), "a shorter hold does not shorten it")
	require.NoError(t, gates[1].Extend(ctx, 0))
	hold, err := gates[1].Hold(ctx)
	require.NoError(t, err)
	require.InDelta(t, 0.4, hold.Seconds(), 0.1, "the other replica holds back too")
	time.Sleep(hold)
	hold, err = gates[1].Hold(ctx)
	require.NoError(t, err)
	require.Zero(t, hold)

	s, _ := newStore(t, srv.Addr)
	unpaced, err := s.AccountGate("other-account", 0)
	require.NoError(t, err)
	for range 10 {
		d, err := unpaced.Take(ctx)
		require.NoError(t, err)
		require.Zero(t, d, "no pace")
	}
	keys, err := raw(t, srv).Keys(ctx, "*").Result()
	require.NoError(t, err)
	require.NotEmpty(t, keys)
	for _, k := range keys {
		require.NotContains(t, k, "acct")
	}
	_, err = s.AccountGate("a", -1)
	require.Error(t, err)

	srv.Stop()
	_, err = gates[0].Take(ctx)
	require.ErrorIs(t, err, ErrUnavailable)
	_, err = gates[0].Hold(ctx)
	require.ErrorIs(t, err, ErrUnavailable)
	require.ErrorIs(t, gates[0].Extend(ctx, time.Second), ErrUnavailable)
	require.True(t, strings.HasPrefix(gates[0].hold, DefaultPrefix+kindHold+":"))
}
