package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

// servedMetrics runs serve in-process with --metrics-addr on a free port,
// and returns the public and metrics base URLs and the log.
func servedMetrics(t *testing.T, args ...string) (cfg *serveConfig, public, metricsURL string, logs *syncBuffer) {
	t.Helper()
	logs = &syncBuffer{}
	cfg, err := parseServe(append([]string{"--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"}, args...), strings.NewReader(""), logs)
	require.NoError(t, err, logs.String())
	require.NotNil(t, cfg.metrics)
	cfg.logger, cfg.logs, cfg.logOut = slog.New(slog.NewJSONHandler(logs, nil)), nil, io.Discard
	ln, err := net.Listen("tcp", cfg.addr)
	require.NoError(t, err)
	require.NoError(t, cfg.listenMetrics())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, cfg) }()
	t.Cleanup(func() { cancel(); require.NoError(t, <-done) })
	return cfg, "http://" + ln.Addr().String(), "http://" + cfg.metricsLn.Addr().String(), logs
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// scrape is the metrics' text exposition, as Prometheus reads it.
func scrape(t *testing.T, m *metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	require.Equal(t, 200, rec.Code)
	return rec.Body.String()
}

// TestMetricsRequests: real requests through the served handler are
// counted by kind and status, rate-limited ones too, and no label holds a
// meeting number, an origin, a path or a client address.
func TestMetricsRequests(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	cfg, public, _, _ := servedMetrics(t, "--allow-origin", "https://app.example.com", "--meeting", "85823272833",
		"--rate-limit", "0.001", "--burst", "3")
	for _, tt := range []struct {
		path, body string
		want       int
	}{
		{"/", `{"meetingNumber":"85823272833","role":0}`, 200},
		{"/", `{"meetingNumber":"85823272833","role":7}`, 400},
		{"/", `{"meetingNumber":"123456789","role":0}`, 403},
		{"/", `{"meetingNumber":"85823272833","role":0}`, 429}, // the burst of 3 is spent
		{"/private-path-q7", `{}`, 404},
	} {
		status, _, body := post(t, public+tt.path, tt.body, "Origin", "https://app.example.com", "X-Forwarded-For", "198.51.100.77")
		require.Equal(t, tt.want, status, "%s %s: %s", tt.path, tt.body, body)
	}
	status, _ := get(t, public+"/healthz")
	require.Equal(t, 200, status)

	m := cfg.metrics
	require.Equal(t, 1.0, testutil.ToFloat64(m.requests.WithLabelValues(kindMeeting, "403")))
	require.Equal(t, 1.0, testutil.ToFloat64(m.rateLimited))
	require.NoError(t, testutil.GatherAndCompare(m.reg, strings.NewReader(`
# HELP zoomsig_http_requests_total HTTP requests answered on the public listener, by kind (meeting, video, healthz, other) and status code (0: the client went away first).
# TYPE zoomsig_http_requests_total counter
zoomsig_http_requests_total{code="200",kind="healthz"} 1
zoomsig_http_requests_total{code="200",kind="meeting"} 1
zoomsig_http_requests_total{code="400",kind="meeting"} 1
zoomsig_http_requests_total{code="403",kind="meeting"} 1
zoomsig_http_requests_total{code="404",kind="other"} 1
zoomsig_http_requests_total{code="429",kind="meeting"} 1
# HELP zoomsig_rate_limited_total Requests refused with 429 by --rate-limit, a count of requests.
# TYPE zoomsig_rate_limited_total counter
zoomsig_rate_limited_total 1
`), "zoomsig_http_requests_total", "zoomsig_rate_limited_total"))
	require.Equal(t, 3, testutil.CollectAndCount(m.duration), "one histogram per kind: meeting, healthz, other")
	problems, err := testutil.GatherAndLint(m.reg)
	require.NoError(t, err)
	require.Empty(t, problems)

	text := scrape(t, m)
	require.Contains(t, text, `zoomsig_http_request_duration_seconds_count{kind="meeting"} 4`)
	require.Contains(t, text, `zoomsig_http_request_duration_seconds_count{kind="healthz"} 1`)
	require.Contains(t, text, `zoomsig_http_request_duration_seconds_count{kind="other"} 1`)
	require.NotContains(t, text, "zoomsig_zoom_api_calls_total", "no Zoom series outside host mode")
	for _, leak := range []string{"85823272833", "123456789", "app.example.com", "127.0.0.1", "198.51.100.77", "private-path", testKey} {
		require.NotContains(t, text, leak)
	}
}

// TestMetricsOwnListener: /metrics is served on --metrics-addr alone; the
// public listener answers it 404, and without the flag nothing is made.
func TestMetricsOwnListener(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	_, public, metricsURL, logs := servedMetrics(t, "--video")
	status, _ := get(t, public+"/metrics")
	require.Equal(t, 404, status, "the public listener never serves metrics")
	status, text := get(t, metricsURL+"/metrics")
	require.Equal(t, 200, status)
	require.Contains(t, text, `zoomsig_http_requests_total{code="404",kind="other"} 1`)
	require.Contains(t, text, "go_goroutines ", "Go's runtime collector")
	require.Contains(t, text, "process_cpu_seconds_total ", "the process collector")
	status, _ = get(t, metricsURL+"/")
	require.Equal(t, 404, status, "the metrics listener serves /metrics only")
	status, _ = get(t, metricsURL+"/healthz")
	require.Equal(t, 404, status)
	status, _, _ = post(t, public+"/", `{"role":0,"sessionName":"daily"}`)
	require.Equal(t, 200, status)
	_, text = get(t, metricsURL+"/metrics")
	require.Contains(t, text, `zoomsig_http_requests_total{code="200",kind="video"} 1`, "--video's requests are of kind video")
	require.Contains(t, logs.String(), `"msg":"serving metrics","metrics_addr":"`+strings.TrimPrefix(metricsURL, "http://")+`"`)

	var stderr syncBuffer
	cfg, err := parseServe(nil, strings.NewReader(""), &stderr)
	require.NoError(t, err)
	require.Nil(t, cfg.metrics, "off by default")
	require.NoError(t, cfg.listenMetrics())
	require.Nil(t, cfg.metricsLn)
}

// TestMetricsHostMode: the Zoom calls host mode makes, against the fake
// Zoom, are counted by endpoint and outcome, and the ZAK cache's answers
// by result; no label holds the user, meeting or a token.
func TestMetricsHostMode(t *testing.T) {
	for _, tt := range []struct {
		name      string
		answer    func(w http.ResponseWriter) bool
		badSecret bool
		status    int
		calls     map[[2]string]float64
	}{
		{"ok", nil, false, 200, map[[2]string]float64{{zoomOAuthToken, outcomeOK}: 1, {zoomUserToken, outcomeOK}: 1}},
		{"user not found", func(w http.ResponseWriter) bool { w.WriteHeader(404); return true }, false, 502,
			map[[2]string]float64{{zoomOAuthToken, outcomeOK}: 1, {zoomUserToken, outcomeRefused}: 2}},
		{"server error", func(w http.ResponseWriter) bool { w.WriteHeader(503); return true }, false, 502,
			map[[2]string]float64{{zoomOAuthToken, outcomeOK}: 1, {zoomUserToken, outcomeUnavailable}: 2}},
		// The first 401 forces one refresh; the next within forcedRefreshEvery does not.
		{"oauth refused", nil, true, 502, map[[2]string]float64{{zoomOAuthToken, outcomeRefused}: 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			z := newFakeZoom(t)
			z.answer = tt.answer
			setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
			setS2S(t)
			if tt.badSecret {
				t.Setenv("ZOOM_CLIENT_SECRET", "not-the-s2s-secret")
			}
			h, m := hostServeMetrics(t, z)
			for i := 0; i < 2; i++ {
				rec := hostRequest(h, 1, callerAuth)
				require.Equal(t, tt.status, rec.Code, rec.Body.String())
			}
			for _, e := range []string{zoomOAuthToken, zoomUserToken} {
				for _, o := range []string{outcomeOK, outcomeRefused, outcomeUnavailable} {
					require.Equal(t, tt.calls[[2]string{e, o}], testutil.ToFloat64(m.zoomCalls.WithLabelValues(e, o)), "%s %s", e, o)
				}
			}
			hits := 0.0
			if tt.status == 200 {
				hits = 1 // the second request's ZAK was kept; failures are not
			}
			require.Equal(t, hits, testutil.ToFloat64(m.zakCache.WithLabelValues(cacheHit)))
			require.Equal(t, 2-hits, testutil.ToFloat64(m.zakCache.WithLabelValues(cacheMiss)))
			text := scrape(t, m)
			for _, leak := range []string{"host@example.com", "85823272833", "zak-", "access-", s2sClient, callerAuth} {
				require.NotContains(t, text, leak)
			}
			problems, err := testutil.GatherAndLint(m.reg)
			require.NoError(t, err)
			require.Empty(t, problems)
		})
	}
}

// hostServeMetrics builds serve --host-user --metrics-addr against the
// fake Zoom, and returns its handler and metrics.
func hostServeMetrics(t *testing.T, z *fakeZoom) (http.Handler, *metrics) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(callerAuth+"\n"), 0o600))
	args := append([]string{"--host-user", "host@example.com", "--meeting", "85823272833", "--auth-token-file", tokenFile,
		"--metrics-addr", "127.0.0.1:0"}, z.flags()...)
	var logs syncBuffer
	cfg, err := parseServe(args, strings.NewReader(""), &logs)
	require.NoError(t, err, logs.String())
	t.Cleanup(cfg.logs.Close)
	return cfg.handler, cfg.metrics
}

// TestMetricsZAKCacheShared: a request that finds a fetch under way
// counts as shared, the one that started it as a miss (once the fetch
// ends), a kept ZAK as a hit.
func TestMetricsZAKCacheShared(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	m := newMetrics(false)
	get, err := zakSource(zakCache{app: "app", user: "u", ttl: time.Hour, metrics: m,
		fetch: func(context.Context, string) (string, error) { close(started); <-release; return "zak-1", nil }})
	require.NoError(t, err)
	count := func(result string) float64 { return testutil.ToFloat64(m.zakCache.WithLabelValues(result)) }
	done := make(chan error, 2)
	go func() { _, err := get(context.Background()); done <- err }()
	<-started
	go func() { _, err := get(context.Background()); done <- err }()
	require.Eventually(t, func() bool { return count(cacheShared) == 1 }, 5*time.Second, time.Millisecond)
	require.Zero(t, count(cacheMiss), "the miss is counted when its fetch ends")
	close(release)
	require.NoError(t, <-done)
	require.NoError(t, <-done)
	_, err = get(context.Background())
	require.NoError(t, err)
	require.Equal(t, []float64{1, 1, 1}, []float64{count(cacheMiss), count(cacheShared), count(cacheHit)})
}

func TestMetricsAddrFlag(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	t.Setenv("PORT", "")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--metrics-addr", "9090"}, `--metrics-addr "9090" is not HOST:PORT`},
		{[]string{"--metrics-addr", "127.0.0.1:http"}, "is not HOST:PORT"},
		{[]string{"--metrics-addr", "127.0.0.1:70000"}, "is not HOST:PORT"},
		{[]string{"--metrics-addr", "bad host!:9090"}, "is not HOST:PORT"},
		{[]string{"--metrics-addr", "127.0.0.1:4000"}, "--metrics-addr must differ from --addr (127.0.0.1:4000)"},
		{[]string{"--addr", ":8080", "--metrics-addr", ":8080"}, "must differ from --addr"},
		{[]string{"--addr", ":8080", "--metrics-addr", "127.0.0.1:8080"}, "must differ from --addr"},
		{[]string{"--addr", "127.0.0.1:8080", "--metrics-addr", "0.0.0.0:8080"}, "must differ from --addr"},
		{[]string{"--addr", "[::1]:8080", "--metrics-addr", "[::]:8080"}, "must differ from --addr"},
	} {
		r := runCmd(t, "", append([]string{"serve"}, tt.args...)...)
		require.Equal(t, exitUsage, r.code, "%v: %s", tt.args, r.stderr)
		first, rest, _ := strings.Cut(r.stderr, "\n")
		require.Contains(t, first, tt.want)
		require.Equal(t, "Run \"zoomsig serve --help\" for usage.\n", rest, "one line, then the pointer to --help")
	}
	t.Setenv("PORT", "8123")
	r := runCmd(t, "", "serve", "--metrics-addr", "[::]:8123")
	require.Equal(t, exitUsage, r.code, "PORT's port is --addr's")

	for _, args := range [][]string{
		{"--metrics-addr", "127.0.0.1:9090"},
		{"--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"},
		{"--addr", "127.0.0.1:8080", "--metrics-addr", "127.0.0.2:8080"},
		{"--metrics-addr", "localhost:9090", "--video"},
	} {
		var stderr syncBuffer
		cfg, err := parseServe(args, strings.NewReader(""), &stderr)
		require.NoError(t, err, args)
		require.NotNil(t, cfg.metrics, args)
	}
}

// TestMetricsCannotListen: a --metrics-addr in use exits 3, as --addr does.
func TestMetricsCannotListen(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	r := runCmd(t, "", "serve", "--addr", "127.0.0.1:0", "--metrics-addr", busy.Addr().String())
	require.Equal(t, exitUnavailable, r.code, r.stderr)
	require.Contains(t, r.stderr, "address already in use")
}

// TestMetricsObserveAllocs: a nil *metrics counts nothing; with metrics,
// counting a request costs no allocation; codes and kinds come from fixed
// sets.
func TestMetricsObserveAllocs(t *testing.T) {
	m := newMetrics(false)
	start := time.Now()
	for _, mm := range []*metrics{nil, m} {
		allocs := testing.AllocsPerRun(100, func() { mm.observe("/", 200, start); mm.limited(); mm.cacheRequest(zoomsig.CacheHit) })
		require.Zero(t, allocs, fmt.Sprintf("metrics %v", mm != nil))
	}
	require.Equal(t, 101.0, testutil.ToFloat64(m.requests.WithLabelValues(kindMeeting, "200")), "AllocsPerRun runs once more to warm up")
	for _, tt := range []struct {
		path   string
		status int
		kind   string
		code   string
	}{
		{"/healthz", 405, kindHealthz, "405"},
		{"/metrics", 404, kindOther, "404"},
		{"/", 0, kindMeeting, noAnswer},
		{"/", 99, kindMeeting, noAnswer},
		{"/", 600, kindMeeting, noAnswer},
		{"/", 599, kindMeeting, "599"},
		{"/", 100, kindMeeting, "100"},
	} {
		before := testutil.ToFloat64(m.requests.WithLabelValues(tt.kind, tt.code))
		m.observe(tt.path, tt.status, start)
		require.Equal(t, before+1, testutil.ToFloat64(m.requests.WithLabelValues(tt.kind, tt.code)), "%s %d", tt.path, tt.status)
	}
}

// BenchmarkLogRequests: what counting adds to a request where the access
// log is written, without metrics (nil) and with them.
func BenchmarkLogRequests(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	for _, tt := range []struct {
		name string
		m    *metrics
	}{{"metrics=off", nil}, {"metrics=on", newMetrics(false)}} {
		b.Run(tt.name, func(b *testing.B) {
			h := logRequests(ok, io.Discard, nil, tt.m)
			r := httptest.NewRequest("POST", "/", nil)
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				h.ServeHTTP(w, r)
			}
		})
	}
}
