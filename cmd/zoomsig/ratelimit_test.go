package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeClock is a settable clock for the limiter.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func testLimiter(t *testing.T, r float64, burst int, trusted ...string) (*limiter, *fakeClock) {
	clock := &fakeClock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	f := limitFlags{rate: r, burst: burst}
	for _, p := range trusted {
		require.NoError(t, f.trusted.Set(p))
	}
	return f.limiter(clock.now), clock
}

func limitedRequest(h http.Handler, method, peer string, xff ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/", nil)
	r.RemoteAddr = peer
	for _, v := range xff {
		r.Header.Add("X-Forwarded-For", v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestRateLimit(t *testing.T) {
	l, clock := testLimiter(t, 1, 2)
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	h := l.limitRequests(ok)
	require.Equal(t, 200, limitedRequest(h, "POST", "192.0.2.1:1000").Code)
	require.Equal(t, 200, limitedRequest(h, "POST", "192.0.2.1:1001").Code, "the burst")
	w := limitedRequest(h, "POST", "192.0.2.1:1002")
	require.Equal(t, http.StatusTooManyRequests, w.Code)
	require.Equal(t, "1", w.Header().Get("Retry-After"))
	var body struct {
		Errors []struct{ Property, Reason string }
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
	require.Equal(t, "rate", body.Errors[0].Property)
	require.Equal(t, 200, limitedRequest(h, "OPTIONS", "192.0.2.1:1003").Code, "preflights are never limited")
	require.Equal(t, 200, limitedRequest(h, "POST", "192.0.2.2:1000").Code, "another client has its own bucket")
	clock.add(time.Second)
	require.Equal(t, 200, limitedRequest(h, "POST", "192.0.2.1:1004").Code, "a second later, one more")
	require.Equal(t, http.StatusTooManyRequests, limitedRequest(h, "POST", "192.0.2.1:1005").Code)
}

func TestClientAddr(t *testing.T) {
	l, _ := testLimiter(t, 1, 1, "10.0.0.0/8", "fd00::/8")
	for _, tt := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"direct client", "198.51.100.7:5000", nil, "198.51.100.7"},
		{"spoofed header from an untrusted peer", "198.51.100.7:5000", []string{"1.2.3.4"}, "198.51.100.7"},
		{"through the proxy", "10.0.0.2:5000", []string{"203.0.113.9"}, "203.0.113.9"},
		{"the right-most untrusted hop", "10.0.0.2:5000", []string{"6.6.6.6, 203.0.113.9, 10.1.1.1"}, "203.0.113.9"},
		{"repeated header lines are one list", "10.0.0.2:5000", []string{"6.6.6.6", "203.0.113.9", "10.1.1.1"}, "203.0.113.9"},
		{"only proxies", "10.0.0.2:5000", []string{"10.3.3.3, 10.4.4.4"}, "10.3.3.3"},
		{"a hop the proxy did not write", "10.0.0.2:5000", []string{"203.0.113.9, junk, 10.1.1.1"}, "10.1.1.1"},
		{"no header from the proxy", "10.0.0.2:5000", nil, "10.0.0.2"},
		{"IPv6 by /64", "[2001:db8:1:2:aaaa::1]:443", nil, "2001:db8:1:2::"},
		{"IPv6 proxy", "[fd00::1]:443", []string{"2001:db8:1:2:bbbb::9"}, "2001:db8:1:2::"},
		{"IPv4-mapped", "[::ffff:198.51.100.7]:5000", nil, "198.51.100.7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			got, ok := l.clientAddr(r)
			require.True(t, ok)
			require.Equal(t, netip.MustParseAddr(tt.want), got)
		})
	}
}

// TestLimiterBounded: 100,000 distinct addresses cannot grow the table
// past its cap; active clients keep their buckets, idle ones make room,
// and past the cap new clients share the overflow bucket.
func TestLimiterBounded(t *testing.T) {
	l, clock := testLimiter(t, 1, 5)
	first := netip.MustParseAddr("192.0.2.1")
	for i := 0; i < 5; i++ {
		require.Zero(t, l.wait(first), "the burst of an early client")
	}
	for i := 0; i < 100_000; i++ {
		a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		l.wait(a)
	}
	require.LessOrEqual(t, len(l.clients), maxClients)
	require.Contains(t, l.clients, first, "an active client is never evicted")
	require.NotZero(t, l.wait(first), "and keeps its empty bucket")
	newcomer := netip.MustParseAddr("198.51.100.1")
	l.wait(newcomer)
	require.NotContains(t, l.clients, newcomer, "past the cap, newcomers share the overflow bucket")

	clock.add(time.Hour) // every bucket is full again: all idle
	l.wait(newcomer)
	require.Contains(t, l.clients, newcomer, "idle entries made room")
	require.Less(t, len(l.clients), 10)
}

func TestServeRateLimitFlags(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	for _, args := range [][]string{{"--burst", "3"}, {"--rate-limit", "-1"}, {"--rate-limit", "1", "--trust-proxy", "nonsense"}} {
		var stderr syncBuffer
		_, err := parseServe(args, strings.NewReader(""), &stderr)
		require.Equal(t, exitUsage, exitCode(err, &strings.Builder{}), args)
	}
	var stderr syncBuffer
	cfg, err := parseServe([]string{"--rate-limit", "2", "--trust-proxy", "127.0.0.0/8"}, strings.NewReader(""), &stderr)
	require.NoError(t, err)
	defer cfg.logs.Close()
	require.Equal(t, "2/s per client, burst 4, trusted proxies [127.0.0.0/8]", cfg.rateLimit)
	var logs syncBuffer
	h := logRequests(routes(cfg.handler), &logs, cfg.proxies, nil)
	codes := map[int]int{}
	for i := 0; i < 6; i++ {
		r := httptest.NewRequest("POST", "/", strings.NewReader(fmt.Sprintf(`{"meetingNumber":"85823272833","role":%d}`, 0)))
		r.Header.Set("Content-Type", "application/json")
		r.RemoteAddr = "127.0.0.1:9"
		r.Header.Set("X-Forwarded-For", "203.0.113.5")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		codes[w.Code]++
	}
	require.Equal(t, map[int]int{200: 4, 429: 2}, codes)
	require.Equal(t, 6, strings.Count(logs.String(), `"client":"203.0.113.5"`), "the log names the client the trusted proxy named")
	for i := 0; i < 10; i++ {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
		require.Equal(t, 200, w.Code, "/healthz is never limited")
	}
}

// TestTrustProxyWithoutRateLimit: --trust-proxy alone names the client in
// the log; an untrusted peer's X-Forwarded-For is not believed.
func TestTrustProxyWithoutRateLimit(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	var stderr syncBuffer
	cfg, err := parseServe([]string{"--trust-proxy", "10.0.0.0/8"}, strings.NewReader(""), &stderr)
	require.NoError(t, err)
	defer cfg.logs.Close()
	var logs syncBuffer
	h := logRequests(routes(cfg.handler), &logs, cfg.proxies, nil)
	for _, peer := range []string{"10.1.2.3:9", "198.51.100.7:9"} {
		r := httptest.NewRequest("GET", "/healthz", nil)
		r.RemoteAddr = peer
		r.Header.Set("X-Forwarded-For", "203.0.113.5")
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	require.Contains(t, logs.String(), `"client":"203.0.113.5"`)
	require.Contains(t, logs.String(), `"client":"198.51.100.7"`)
}
