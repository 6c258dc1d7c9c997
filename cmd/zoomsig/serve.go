package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/zoomsig/zoomsig"
	"github.com/zoomsig/zoomsig/redisstore"
)

const serveUsage = `serve [--addr HOST:PORT] [--allow-origin ORIGIN]... [--allow-host] [--meeting N]... [flags]
       zoomsig serve --video [--addr HOST:PORT] [--allow-origin ORIGIN]... [--allow-host] [--session NAME]... [flags]

Serves Meeting SDK JWTs over HTTP, with the JSON of Zoom's
meetingsdk-auth-endpoint-sample: POST / {"meetingNumber", "role",
"expirationSeconds"?, "videoWebRtcMode"?} -> {"signature", "sdkKey"}.
With --video, serves Video SDK JWTs with the JSON of Zoom's
videosdk-auth-endpoint-sample: POST / {"role", "sessionName", …} ->
{"signature"}, with the credentials ZOOM_VIDEO_SDK_KEY and
ZOOM_VIDEO_SDK_SECRET (else ZOOM_SDK_KEY and ZOOM_SDK_SECRET).
GET /healthz answers 200. One JSON log line per request goes to stderr.
With --metrics-addr, Prometheus metrics are served at GET /metrics on
that address alone (never on --addr); the README lists them.
The default address is 127.0.0.1:4000, or :$PORT when PORT is set.`

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// serveConfig is what serve needs, from flags and the environment.
type serveConfig struct {
	addr    string
	handler http.Handler
	logger  *slog.Logger
	logs    *logWriter // nil: the logger writes unbuffered, to logOut
	logOut  io.Writer
	// rateLimit says in the startup log whether limiting is on.
	rateLimit string
	// proxies are the peers trusted to name the client (--trust-proxy).
	proxies prefixList
	// start are the start-up line's members after "addr" (startAttrs).
	start []any
	// metrics, when --metrics-addr is set, are served on metricsLn.
	metrics     *metrics
	metricsAddr string
	metricsLn   net.Listener
	// redis, with --redis, is closed when serve ends.
	redis *redisstore.Store
}

func runServe(args []string, io stdio) error {
	cfg, err := parseServe(args, io.in, io.errOut)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return unavailable(err)
	}
	if err := cfg.listenMetrics(); err != nil {
		ln.Close()
		return unavailable(err)
	}
	return serve(ctx, ln, cfg)
}

// serveFlags are serve's flags.
type serveFlags struct {
	fs                *flag.FlagSet
	creds             credentials
	addr              string
	origins, meetings listFlag
	sessions          listFlag
	allowHost, video  bool
	expiry, backdate  time.Duration
	maxExpiry         time.Duration
	host              hostFlags
	sdkKeyClaim       bool
	limit             limitFlags
	metricsAddr       string
	metrics           *metrics
	redis             redisFlags
	store             *redisstore.Store // with --redis
}

func newServeFlags(stderr io.Writer) *serveFlags {
	f := &serveFlags{fs: newFlagSet("serve", serveUsage, stderr)}
	fs := f.fs
	f.creds.register(fs)
	defaultAddr := "127.0.0.1:4000"
	if port := os.Getenv("PORT"); port != "" {
		defaultAddr = ":" + port
	}
	fs.StringVar(&f.addr, "addr", defaultAddr, "listen on `HOST:PORT`")
	fs.Var(&f.origins, "allow-origin", "let browsers from `ORIGIN` (https://app.example.com) call; repeatable; * for any")
	fs.Var(&f.meetings, "meeting", "sign only for meeting `N`; repeatable (default: any meeting)")
	fs.Var(&f.sessions, "session", "with --video, sign only for session `NAME`; repeatable (default: any session)")
	fs.BoolVar(&f.allowHost, "allow-host", false, "sign host tokens (role 1), which start meetings and sessions; with --video, also a cloudRecordingTranscriptOption of 1 or 2 (transcripts billed to the account)")
	fs.BoolVar(&f.video, "video", false, "serve Video SDK JWTs, as Zoom's videosdk-auth-endpoint-sample does")
	fs.DurationVar(&f.expiry, "expiry", zoomsig.DefaultExpiry, "default token lifetime, "+zoomsig.MinExpiry.String()+" to "+zoomsig.MaxExpiry.String())
	fs.DurationVar(&f.maxExpiry, "max-expiry", zoomsig.MaxExpiry, "the longest lifetime a caller may ask for (expirationSeconds), "+zoomsig.MinExpiry.String()+" to "+zoomsig.MaxExpiry.String()+"; longer requests get 400")
	fs.DurationVar(&f.backdate, "backdate", zoomsig.DefaultBackdate, "date tokens this far before now (Zoom refuses a future iat; its samples use 0)")
	f.host.register(fs)
	f.limit.register(fs)
	f.registerMetrics(fs)
	f.redis.register(fs)
	fs.BoolVar(&f.sdkKeyClaim, "sdk-key-claim", true, "write \"sdkKey\" beside \"appKey\" in tokens, as Zoom's sample does (false: appKey alone, which SDK 5.0+ takes without a warning)")
	return f
}

// parseServe reads serve's command line and credentials: whatever is
// wrong with them is a usage error (exit 2).
func parseServe(args []string, stdin io.Reader, stderr io.Writer) (*serveConfig, error) {
	cfg, err := parseServeArgs(args, stdin, stderr)
	return cfg, usageUnlessMarked(err)
}

func parseServeArgs(args []string, stdin io.Reader, stderr io.Writer) (*serveConfig, error) {
	f := newServeFlags(stderr)
	pos, err := parseFlags(f.fs, args)
	if err == nil {
		err = wantArgs(f.fs, pos, 0, 0)
	}
	if err == nil {
		err = f.check()
	}
	if err != nil {
		return nil, err
	}
	pairs := meetingPairs
	if f.video {
		pairs = videoPairs
	}
	key, secret, err := f.creds.require(stdin, pairs)
	if err != nil {
		return nil, err
	}
	signer, err := zoomsig.NewSigner(key, secret, zoomsig.WithExpiry(f.expiry), zoomsig.WithBackdate(f.backdate))
	if err != nil {
		return nil, err
	}
	if f.metricsAddr != "" {
		f.metrics = newMetrics(f.video)
	}
	logs := newLogWriter(stderr)
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	h, err := f.endpoint(signer, logger, f.keysSecret(secret), stdin)
	if err != nil {
		if f.store != nil {
			f.store.Close()
		}
		logs.Close()
		return nil, err
	}
	return &serveConfig{addr: f.addr, handler: h, logger: logger, logs: logs, rateLimit: f.limit.describe(), proxies: f.limit.trusted, start: f.startAttrs(),
		metrics: f.metrics, metricsAddr: f.metricsAddr, redis: f.store}, nil
}

// keysSecret is what the Redis store's keys derive from: the S2S app's
// client secret in host mode, else the SDK secret. Every replica has both.
func (f *serveFlags) keysSecret(sdkSecret string) string {
	if s := os.Getenv(s2sEnv[2]); f.host.user != "" && s != "" {
		return s
	}
	return sdkSecret
}

// endpoint builds the handler, with host mode's ZAKs and bearer check,
// and the rate limit; with --redis both are shared.
func (f *serveFlags) endpoint(s *zoomsig.Signer, logger *slog.Logger, keysSecret string, stdin io.Reader) (http.Handler, error) {
	bearer, err := f.host.bearer()
	if err != nil {
		return nil, err
	}
	if f.store, err = f.redis.open(logger, keysSecret, stdin); err != nil {
		return nil, err
	}
	extra, err := f.host.joinTokens(logger, f.metrics, f.store)
	if err != nil {
		return nil, err
	}
	h, err := f.handler(s, extra...)
	if err != nil {
		return nil, asUsage(err)
	}
	if bearer != "" {
		h = requireBearer(bearer, h)
	}
	if f.limit.rate > 0 {
		lim := f.limit.limiter(nil)
		lim.metrics = f.metrics
		if f.store != nil {
			if lim.shared, err = f.store.Limiter(f.limit.rate, lim.burst); err != nil {
				return nil, err
			}
		}
		h = lim.limitRequests(h) // outermost: bearer guesses count too
	}
	return h, nil
}

func (f *serveFlags) check() error {
	if host, port, err := net.SplitHostPort(f.addr); err != nil || !validPort(port) || (host != "" && !validHost(host)) {
		return usageOf(f.fs, "--addr %q is not HOST:PORT (127.0.0.1:4000; :4000 for every interface; default 127.0.0.1:4000, or :$PORT)", clipArg(f.addr))
	}
	if err := f.host.check(f); err != nil {
		return err
	}
	if err := f.limit.check(); err != nil {
		return err
	}
	if err := f.checkMetrics(); err != nil {
		return err
	}
	if err := f.redis.check(f); err != nil {
		return err
	}
	switch {
	case isSet(f.fs, "burst") && f.limit.burst == 0:
		return usageError("--burst must be at least 1 (leave it out for 2 x --rate-limit)")
	case f.maxExpiry < zoomsig.MinExpiry || f.maxExpiry > zoomsig.MaxExpiry:
		return usageError("--max-expiry %v is outside %v..%v, the lifetimes Zoom accepts", f.maxExpiry, zoomsig.MinExpiry, zoomsig.MaxExpiry)
	case isSet(f.fs, "expiry") && f.expiry > f.maxExpiry:
		return usageError("--expiry %v is longer than --max-expiry %v: lower --expiry, or raise --max-expiry", f.expiry, f.maxExpiry)
	case f.video && len(f.meetings) > 0:
		return usageError("--meeting does not apply to --video: use --session")
	case !f.video && len(f.sessions) > 0:
		return usageError("--session applies to --video only")
	case f.video && isSet(f.fs, "sdk-key-claim"):
		return usageError("--sdk-key-claim applies to Meeting SDK tokens, not --video")
	}
	return nil
}

// handler builds the endpoint the flags ask for.
func (f *serveFlags) handler(s *zoomsig.Signer, extra ...zoomsig.Option) (http.Handler, error) {
	opts := append([]zoomsig.Option{zoomsig.WithAllowHost(f.allowHost), zoomsig.WithMaxExpiry(f.maxExpiry)}, extra...)
	if isSet(f.fs, "expiry") {
		opts = append(opts, zoomsig.WithExpiry(f.expiry)) // above --max-expiry: a usage error
	}
	if len(f.origins) > 0 {
		opts = append(opts, zoomsig.WithAllowedOrigins(f.origins...))
	}
	if f.video {
		if len(f.sessions) > 0 {
			opts = append(opts, zoomsig.WithSessions(f.sessions...))
		}
		return zoomsig.NewVideoHandler(s, opts...)
	}
	if len(f.meetings) > 0 {
		opts = append(opts, zoomsig.WithMeetings(f.meetings...))
	}
	return zoomsig.NewHandler(s, append(opts, zoomsig.WithSDKKeyClaim(f.sdkKeyClaim))...)
}

// serve answers on ln until ctx is done, then shuts down gracefully,
// letting requests in flight finish for up to shutdownTimeout.
func serve(ctx context.Context, ln net.Listener, cfg *serveConfig) error {
	logger := cfg.logger
	srv := httpServer(logRequests(routes(cfg.handler), cfg.accessLog(), cfg.proxies, cfg.metrics), logger)
	if cfg.logs != nil {
		defer cfg.logs.Close()
	}
	if cfg.redis != nil {
		defer cfg.redis.Close()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	defer cfg.serveMetrics()()
	start := cfg.start
	if start == nil {
		start = []any{"rate_limit", cmp.Or(cfg.rateLimit, "off")}
	}
	logger.Info("listening", append([]any{"addr", ln.Addr().String()}, start...)...)
	cfg.flushLogs()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// httpServer is the server of serve and of inspect --web: one set of
// timeouts and limits, its own errors logged as warnings.
func httpServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// readTimeout bounds reading a request's header, and also the whole
// request: a body is at most 16 KiB, and with the two equal net/http sets
// one read deadline per request instead of two.
const readTimeout = 5 * time.Second

// shutdownTimeout is how long requests in flight may take to finish.
const shutdownTimeout = 10 * time.Second

// accessLog is where the request lines go: the buffered log, or, when a
// test replaced the logger, an unbuffered writer of its own.
func (c *serveConfig) accessLog() io.Writer {
	if c.logs != nil {
		return c.logs
	}
	return c.logOut
}

func (c *serveConfig) flushLogs() {
	if c.logs != nil {
		c.logs.Flush()
	}
}

var _ flag.Value = (*listFlag)(nil)
