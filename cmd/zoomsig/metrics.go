package main

import (
	"flag"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/zoomsig/zoomsig"
)

// Prometheus metrics for serve --metrics-addr: on a registry of their own
// (never the process-wide default), served at /metrics on a listener of
// their own (never the public one). Every label value comes from a fixed
// set below: never a meeting number, session, user, origin, client
// address or path. A nil *metrics counts nothing, so serve without
// --metrics-addr, and the tests that build handlers, pay one nil check.

// The values the labels take.
const (
	// kind: requests to / are "meeting" or "video", by serve's mode.
	kindMeeting = "meeting"
	kindVideo   = "video"
	kindHealthz = "healthz"
	kindOther   = "other" // any other path, /metrics on the public listener too

	// code: an HTTP status 100..599, or noAnswer when none was written
	// (the client went away: the access log's status 0).
	noAnswer = "0"

	// endpoint: the calls to Zoom that host mode makes.
	zoomOAuthToken = "oauth_token" // the S2S OAuth token, for the access token
	zoomUserToken  = "user_token"  // GET /users/{id}/token, for the ZAK

	// outcome: how Zoom's HTTP answer went.
	outcomeOK          = "ok"          // 2xx
	outcomeRefused     = "refused"     // 4xx
	outcomeUnavailable = "unavailable" // no answer, a timeout, a 5xx or a redirect

	// result: how the ZAK cache answered (zoomsig.CacheResult).
	cacheHit    = string(zoomsig.CacheHit)    // a ZAK it kept, or the replicas' store did
	cacheShared = string(zoomsig.CacheShared) // waited for a fetch another request (or replica) had started
	cacheMiss   = string(zoomsig.CacheMiss)   // started a fetch from Zoom
)

// durationBuckets span a signature answered from memory (well under a
// millisecond) to host mode waiting out zoomCallTimeout.
var durationBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// metrics are serve's collectors and their registry.
type metrics struct {
	reg         *prometheus.Registry
	signKind    string      // kindMeeting or kindVideo
	codes       [500]string // "100".."599", made once: no allocation per request
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	durations   [3]prometheus.Observer // by kind index: signKind, healthz, other
	rateLimited prometheus.Counter
	zoomCalls   *prometheus.CounterVec
	zakCache    *prometheus.CounterVec
}

// newMetrics registers serve's metrics, and Go's runtime and the
// process's (the go_* and process_* metrics every Go exporter offers).
func newMetrics(video bool) *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), signKind: kindMeeting}
	if video {
		m.signKind = kindVideo
	}
	for i := range m.codes {
		m.codes[i] = strconv.Itoa(100 + i)
	}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "zoomsig_http_requests_total",
		Help: "HTTP requests answered on the public listener, by kind (meeting, video, healthz, other) and status code (0: the client went away first).",
	}, []string{"kind", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "zoomsig_http_request_duration_seconds",
		Help:    "Time from a request's arrival to its answer, in seconds, by kind (meeting, video, healthz, other).",
		Buckets: durationBuckets,
	}, []string{"kind"})
	m.rateLimited = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "zoomsig_rate_limited_total",
		Help: "Requests refused with 429 by --rate-limit, a count of requests.",
	})
	m.zoomCalls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "zoomsig_zoom_api_calls_total",
		Help: "HTTP calls to Zoom in host mode, by endpoint (oauth_token, user_token) and outcome (ok: 2xx, refused: 4xx, unavailable: no answer, timeout, 5xx or redirect).",
	}, []string{"endpoint", "outcome"})
	m.zakCache = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "zoomsig_join_token_cache_requests_total",
		Help: "Requests for a host's ZAK, by result (hit: kept, shared: joined a fetch under way, miss: fetched from Zoom).",
	}, []string{"result"})
	for i, kind := range []string{m.signKind, kindHealthz, kindOther} {
		m.durations[i] = m.duration.WithLabelValues(kind) // one lookup saved per request
	}
	m.reg.MustRegister(m.requests, m.duration, m.rateLimited, m.zoomCalls, m.zakCache,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe counts a request to path answered with status, since start.
func (m *metrics) observe(path string, status int, start time.Time) {
	if m == nil {
		return
	}
	kind, i := kindOther, 2
	switch path {
	case "/":
		kind, i = m.signKind, 0
	case "/healthz":
		kind, i = kindHealthz, 1
	}
	code := noAnswer
	if status >= 100 && status < 600 {
		code = m.codes[status-100]
	}
	m.requests.WithLabelValues(kind, code).Inc()
	m.durations[i].Observe(time.Since(start).Seconds())
}

// limited counts a request refused by the rate limit.
func (m *metrics) limited() {
	if m != nil {
		m.rateLimited.Inc()
	}
}

// cacheRequest counts how the ZAK cache answered.
func (m *metrics) cacheRequest(result zoomsig.CacheResult) {
	if m != nil {
		m.zakCache.WithLabelValues(string(result)).Inc()
	}
}

// forHostMode makes the Zoom and cache series exist from the start, at 0,
// so that rate() sees their first increase.
func (m *metrics) forHostMode() {
	if m == nil {
		return
	}
	for _, e := range []string{zoomOAuthToken, zoomUserToken} {
		for _, o := range []string{outcomeOK, outcomeRefused, outcomeUnavailable} {
			m.zoomCalls.WithLabelValues(e, o)
		}
	}
	for _, r := range []string{cacheHit, cacheShared, cacheMiss} {
		m.zakCache.WithLabelValues(r)
	}
}

// countCalls makes c's calls to Zoom count on m: the OAuth token calls
// (made with c.oauthClient, which c.ctx carries) and the API calls.
func (c *zoomClient) countCalls(m *metrics) {
	if m == nil {
		return
	}
	m.forHostMode()
	c.oauthClient.Transport = m.zoomTransport(zoomOAuthToken, c.oauthClient.Transport)
	c.apiTransport = m.zoomTransport(zoomUserToken, c.apiTransport)
}

// zoomTransport counts every call through base (nil: the default) as
// endpoint, with its outcome.
func (m *metrics) zoomTransport(endpoint string, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(r)
		outcome := outcomeUnavailable
		switch {
		case err != nil:
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			outcome = outcomeOK
		case resp.StatusCode >= 400 && resp.StatusCode < 500:
			outcome = outcomeRefused
		}
		m.zoomCalls.WithLabelValues(endpoint, outcome).Inc()
		return resp, err
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// registerMetrics adds --metrics-addr to serve's flags.
func (f *serveFlags) registerMetrics(fs *flag.FlagSet) {
	fs.StringVar(&f.metricsAddr, "metrics-addr", "", "serve Prometheus metrics at /metrics on `HOST:PORT`, a listener of its own, never --addr (default: off)")
}

// checkMetrics refuses a --metrics-addr that is not HOST:PORT or that is
// --addr's port on the same or an overlapping host: the metrics must not
// be reachable where the public endpoint is. Port 0 (any free port) never
// clashes.
func (f *serveFlags) checkMetrics() error {
	if f.metricsAddr == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(f.metricsAddr)
	if n, perr := strconv.ParseUint(port, 10, 16); err != nil || perr != nil || (host != "" && !validHost(host)) {
		return usageOf(f.fs, "--metrics-addr %q is not HOST:PORT (e.g. 127.0.0.1:9090)", f.metricsAddr)
	} else if n == 0 {
		return nil
	}
	pubHost, pubPort, err := net.SplitHostPort(f.addr)
	if err == nil && pubPort == port && (pubHost == host || anyHost(host) || anyHost(pubHost)) {
		return usageOf(f.fs, "--metrics-addr must differ from --addr (%s): metrics get a listener of their own, never the public one", f.addr)
	}
	return nil
}

// validPort accepts a port number, 0 (any free port) to 65535.
func validPort(p string) bool {
	_, err := strconv.ParseUint(p, 10, 16)
	return err == nil
}

// validHost accepts an IP address or a DNS name.
func validHost(h string) bool {
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return len(h) <= 253
}

// anyHost says whether h listens on every address.
func anyHost(h string) bool {
	ip := net.ParseIP(h)
	return h == "" || ip != nil && ip.IsUnspecified()
}

// listenMetrics opens --metrics-addr's listener, if it is set.
func (c *serveConfig) listenMetrics() error {
	if c.metricsAddr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", c.metricsAddr)
	if err != nil {
		return err
	}
	c.metricsLn = ln
	return nil
}

// serveMetrics answers GET /metrics on c.metricsLn, and 404 elsewhere,
// until stop is called; with no listener it does nothing.
func (c *serveConfig) serveMetrics() (stop func()) {
	if c.metricsLn == nil || c.metrics == nil {
		return func() {}
	}
	errLog := slog.NewLogLogger(c.logger.Handler(), slog.LevelWarn)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(c.metrics.reg, promhttp.HandlerOpts{ErrorLog: errLog}))
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: readTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          errLog,
	}
	go func() { _ = srv.Serve(c.metricsLn) }()
	c.logger.Info("serving metrics", "metrics_addr", c.metricsLn.Addr().String())
	return func() { _ = srv.Close() }
}
