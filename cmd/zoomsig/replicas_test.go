package main

import (
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig/internal/redistest"
)

// The replicas end to end: three zoomsig serve processes sharing one
// redis-server, against the fake Zoom. Each run prints one line of
// figures (go test -v -run TestReplicas ./cmd/zoomsig). Process-level:
// skipped under -short and -race, run once by .ci/run.

// replicaSet is three serve processes started with the same flags.
type replicaSet struct {
	urls []string
	srvs []*served
}

func startReplicas(t *testing.T, bin string, args ...string) *replicaSet {
	env := []string{"ZOOM_SDK_KEY=" + testKey, "ZOOM_SDK_SECRET=" + testSecret, "REDIS_URL=", "REDIS_PASSWORD=",
		"ZOOM_ACCOUNT_ID=" + s2sAccount, "ZOOM_CLIENT_ID=" + s2sClient, "ZOOM_CLIENT_SECRET=" + s2sSecret}
	rs := &replicaSet{}
	for range 3 {
		s := startServe(t, bin, env, args...)
		rs.srvs, rs.urls = append(rs.srvs, s), append(rs.urls, "http://"+s.addr+"/")
	}
	return rs
}

// stop ends the three and returns their logs. client's idle connections
// are closed first: one the transport dialed and never used is a new
// connection to the server, which Shutdown waits 5 s for.
func (rs *replicaSet) stop(t *testing.T, client *http.Client) []string {
	client.CloseIdleConnections()
	var logs []string
	for _, s := range rs.srvs {
		logs = append(logs, s.stop(t))
	}
	return logs
}

// load counts the answers of a run, by status.
type load struct {
	mu     sync.Mutex
	counts map[int]int
	n      atomic.Int64
}

func (l *load) count(status int) { l.mu.Lock(); defer l.mu.Unlock(); l.counts[status]++ }

func (l *load) get(status int) int { l.mu.Lock(); defer l.mu.Unlock(); return l.counts[status] }

// other is the count of answers neither 2xx nor 429 (0: no answer).
func (l *load) other() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for status, c := range l.counts {
		if (status < 200 || status > 299) && status != http.StatusTooManyRequests {
			n += c
		}
	}
	return n
}

// fire runs workers that post body until next says to stop; next gives
// each request's URL, or "" to stop. A request that gets no answer counts
// as status 0.
func fire(client *http.Client, workers int, body, auth string, next func(i int64) string) *load {
	l := &load{counts: map[int]int{}}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for url := next(l.n.Add(1) - 1); url != ""; url = next(l.n.Add(1) - 1) {
				req, _ := http.NewRequest("POST", url, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if auth != "" {
					req.Header.Set("Authorization", "Bearer "+auth)
				}
				resp, err := client.Do(req)
				if err != nil {
					l.count(0)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				l.count(resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	return l
}

func TestReplicas(t *testing.T) {
	bin := buildBinary(t) // skips under -short and -race
	client := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	t.Run("a: host requests", func(t *testing.T) { replicasHost(t, bin, client) })
	t.Run("b: shared rate limit", func(t *testing.T) { replicasRateLimit(t, bin, client) })
	t.Run("c: redis outage", func(t *testing.T) { replicasOutage(t, bin, client) })
}

// hostArgs are serve --host-user's flags against z, with Redis at url.
// One deployment serves one host user: --host-user names one.
func hostArgs(t *testing.T, z *fakeZoom, url string) []string {
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(callerAuth+"\n"), 0o600))
	return append([]string{"--host-user", "host@example.com", "--meeting", "85823272833", "--auth-token-file", tokenFile,
		"--redis", url, "--redis-timeout", e2eRedisTimeout}, z.flags()...)
}

// e2eRedisTimeout replaces the 100 ms default: on a loaded test machine
// (load averages of 20 on 2 cores were seen) a slow answer would be taken
// for an outage and a replica would fetch its own ZAK. TestStoreSlowRedis
// holds the default to its bound; run (c) stops Redis, which refuses at
// once whatever the bound.
const e2eRedisTimeout = "3s"

// redisLines are the lines of logs about Redis, for a failure's message.
func redisLines(logs []string) string {
	var out []string
	for _, log := range logs {
		for _, line := range strings.Split(log, "\n") {
			if strings.Contains(line, "redis") {
				out = append(out, line)
			}
		}
	}
	return strings.Join(out, "\n")
}

const hostBody = `{"meetingNumber":"85823272833","role":1}`

// replicasHost, run (a): 1,000 host requests over the three replicas, for
// the one host user a deployment serves: one ZAK call, at most 3 OAuth.
func replicasHost(t *testing.T, bin string, client *http.Client) {
	srv := redistest.Start(t)
	z := newFakeZoom(t)
	z.delay = 100 * time.Millisecond // a ZAK takes Zoom a while: the misses overlap
	rs := startReplicas(t, bin, hostArgs(t, z, srv.URL())...)
	start := time.Now()
	l := fire(client, 30, hostBody, callerAuth, func(i int64) string {
		if i >= 1000 {
			return ""
		}
		return rs.urls[i%3]
	})
	secs := time.Since(start).Seconds()
	logs := rs.stop(t, client)
	oauth, zak := z.counts()
	t.Logf("replicas (a) 1000 host requests, 1 host user, 3 replicas: ZAK calls %d, OAuth calls %d, 200s %d, 429s %d, other non-2xx %d, %.2f s",
		zak, oauth, l.get(200), l.get(429), l.other(), secs)
	require.Equal(t, 1000, l.get(200))
	require.Zero(t, l.other())
	require.Equal(t, 1, zak, "at most one ZAK call per user; the replicas said:\n%s", redisLines(logs))
	require.LessOrEqual(t, oauth, 3)
}

// replicasRateLimit, run (b): --rate-limit 10 --burst 20, 60 quick
// requests from one client over the three: the limit holds across them.
func replicasRateLimit(t *testing.T, bin string, client *http.Client) {
	srv := redistest.Start(t)
	rs := startReplicas(t, bin, "--rate-limit", "10", "--burst", "20", "--redis", srv.URL(), "--redis-timeout", e2eRedisTimeout)
	start := time.Now()
	l := fire(client, 6, `{"meetingNumber":"85823272833","role":0}`, "", func(i int64) string {
		if i >= 60 {
			return ""
		}
		return rs.urls[i%3]
	})
	secs := time.Since(start).Seconds()
	logs := rs.stop(t, client)
	t.Logf("replicas (b) 60 requests from one client, --rate-limit 10 --burst 20, 3 replicas: ZAK calls 0, OAuth calls 0, 200s %d, 429s %d, other non-2xx %d, %.2f s",
		l.get(200), l.get(429), l.other(), secs)
	require.Equal(t, 60, l.get(200)+l.get(429))
	require.GreaterOrEqual(t, l.get(200), 20)
	require.LessOrEqual(t, l.get(200), 20+int(math.Ceil(10*secs))+1, "one limit for the three, not three")
	require.NotContains(t, redisLines(logs), "redis unavailable")
}

// replicasOutage, run (c): host requests while Redis is stopped and
// restarted empty. The third replica gets its first request during the
// outage, so it must fetch a ZAK without Redis.
func replicasOutage(t *testing.T, bin string, client *http.Client) {
	srv := redistest.Start(t)
	z := newFakeZoom(t)
	z.delay = 50 * time.Millisecond
	rs := startReplicas(t, bin, hostArgs(t, z, srv.URL())...)
	const phase = 1500 * time.Millisecond
	var stage atomic.Int32 // 0: Redis up, 1: stopped, 2: restarted, 3: done
	start := time.Now()
	go func() {
		time.Sleep(phase)
		srv.Stop()
		stage.Store(1)
		time.Sleep(phase)
		srv.Restart()
		stage.Store(2)
		time.Sleep(phase)
		stage.Store(3)
	}()
	l := fire(client, 4, hostBody, callerAuth, func(i int64) string {
		switch stage.Load() {
		case 0:
			return rs.urls[i%2] // the third replica waits for the outage
		case 3:
			return ""
		}
		return rs.urls[i%3]
	})
	secs := time.Since(start).Seconds()
	time.Sleep(500 * time.Millisecond) // the probe's next ping sees Redis back
	logs := rs.stop(t, client)
	oauth, zak := z.counts()
	t.Logf("replicas (c) host requests for %.1f s, Redis stopped after 1.5 s, restarted empty 1.5 s later, 3 replicas: ZAK calls %d, OAuth calls %d, 200s %d, 429s %d, other non-2xx %d, %.2f s",
		3*phase.Seconds(), zak, oauth, l.get(200), l.get(429), l.other(), secs)
	require.Zero(t, l.other()+l.get(429), "no answer but 200 during the outage")
	require.Greater(t, l.get(200), 100)
	require.LessOrEqual(t, zak, 4, "at most 4 ZAK calls per user")
	require.Equal(t, 1, strings.Count(logs[2], "redis unavailable"), "the third replica warned once: %s", logs[2])
	require.Equal(t, 1, strings.Count(logs[2], "redis is back"), logs[2])
	for _, log := range logs {
		require.LessOrEqual(t, strings.Count(log, "redis unavailable"), 1, "one warning per outage")
	}
}
