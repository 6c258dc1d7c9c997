package main

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
	"golang.org/x/time/rate"
)

func zoom429(retry time.Duration) error {
	return fmt.Errorf("fetching: %w", &zoomsig.ZoomAPIError{Status: http.StatusTooManyRequests, RetryAfter: retry})
}

// retryOf is the RetryAfter of a gate's refusal (and fails on anything else).
func retryOf(t *testing.T, err error) time.Duration {
	t.Helper()
	var ze *zoomsig.ZoomAPIError
	require.ErrorAs(t, err, &ze)
	require.Equal(t, http.StatusTooManyRequests, ze.Status)
	return ze.RetryAfter
}

// TestLocalGateBackoff: a 429 without a hint backs off 1 s, doubling with
// each 429 in a row up to a minute; Zoom's hint wins; a success ends the
// doubling.
func TestLocalGateBackoff(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	g := newLocalGate(0, clock.now)
	ctx := context.Background()
	require.NoError(t, g.wait(ctx))
	want := []time.Duration{1, 2, 4, 8, 16, 32, 60, 60}
	for _, secs := range want {
		g.observe(zoom429(0))
		require.Equal(t, secs*time.Second, retryOf(t, g.wait(ctx)))
		clock.add(secs * time.Second)
		require.NoError(t, g.wait(ctx), "back-off over")
	}
	g.observe(nil)
	g.observe(zoom429(0))
	require.Equal(t, time.Second, retryOf(t, g.wait(ctx)), "a success ends the doubling")
	clock.add(time.Second)
	g.observe(zoom429(90 * time.Second))
	require.Equal(t, 90*time.Second, retryOf(t, g.wait(ctx)), "Zoom's hint wins")
	g.observe(zoom429(10 * time.Second))
	require.Equal(t, 90*time.Second, retryOf(t, g.wait(ctx)), "a shorter hint does not cut a back-off short")
	g.observe(fmt.Errorf("other: %w", &zoomsig.ZoomAPIError{Status: 404}))
	require.Equal(t, 90*time.Second, retryOf(t, g.wait(ctx)))
}

// TestLocalGatePace: with a pace, a call that would wait past its deadline
// is refused at once with the wait as its RetryAfter.
func TestLocalGatePace(t *testing.T) {
	g := newLocalGate(1, nil)
	require.NoError(t, g.wait(context.Background()), "the first call goes at once")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	d := retryOf(t, g.wait(ctx))
	require.Greater(t, d, 500*time.Millisecond)
	require.LessOrEqual(t, d, time.Second)
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, g.wait(ctx), context.Canceled)
}

// TestZoomClientAccountLimit: against Zoom's account-wide Light limit, an
// unpaced client is told 429 once and then holds every call back, calling
// Zoom no more until the back-off ends; a client paced at the limit never
// meets a 429; the daily limit holds calls until 00:00 UTC.
func TestZoomClientAccountLimit(t *testing.T) {
	ctx := context.Background()
	z := newFakeZoom(t)
	z.light = rate.NewLimiter(2, 2)
	c := testZoomClient(t, z)
	var refused []time.Duration
	for i := 0; i < 10; i++ {
		if _, err := c.zak(ctx, fmt.Sprintf("u%d@example.com", i)); err != nil {
			refused = append(refused, retryOf(t, err))
		}
	}
	_, api := z.counts()
	require.Equal(t, 3, api, "two calls, one 429, then none while backing off")
	require.Len(t, refused, 8)
	for _, d := range refused {
		require.Greater(t, d, time.Duration(0))
		require.LessOrEqual(t, d, time.Second)
	}

	// Paced below the account's rate, as the README says (a call may reach
	// Zoom later than the pace let it go, closer to the next one).
	z = newFakeZoom(t)
	z.light = rate.NewLimiter(10, 10)
	c = testZoomClient(t, z)
	c.gate = newLocalGate(6, nil)
	for i := 0; i < 20; i++ {
		_, err := c.zak(ctx, fmt.Sprintf("u%d@example.com", i))
		require.NoError(t, err)
	}
	z.mu.Lock()
	require.Zero(t, z.limited, "paced under the account's rate: no 429")
	z.mu.Unlock()

	z = newFakeZoom(t)
	z.lightDaily = 1
	c = testZoomClient(t, z)
	_, err := c.zak(ctx, "a@example.com")
	require.NoError(t, err)
	_, err = c.zak(ctx, "b@example.com")
	now := time.Now().UTC()
	midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	require.InDelta(t, time.Until(midnight).Seconds(), retryOf(t, err).Seconds(), 2, "Zoom's daily message: until 00:00 UTC")
	_, err = c.zak(ctx, "c@example.com")
	require.InDelta(t, time.Until(midnight).Seconds(), retryOf(t, err).Seconds(), 2)
	_, api = z.counts()
	require.Equal(t, 2, api)
}
