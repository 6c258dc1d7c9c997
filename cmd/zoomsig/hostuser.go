package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"flag"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig"
	"github.com/zoomsig/zoomsig/redisstore"
)

// serve --host-user: host tokens (role 1) signed and answered with the ZAK
// of one Zoom user. A ZAK starts any meeting of that user for its whole
// lifetime, and an S2S app can mint ZAKs for every user of the account, so
// this mode demands a meeting allowlist and a bearer token, and turns CORS
// off: its caller is your own server, never a browser.

// minAuthToken is the shortest bearer token --auth-token-file may hold.
const minAuthToken = 32

// hostFlags are serve's flags for host tokens with a ZAK.
type hostFlags struct {
	user, authTokenFile string
	zoom                zoomFlags
	apiRate             float64 // --zoom-api-rate: Zoom calls a second, 0 for no pace
}

func (h *hostFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&h.user, "host-user", "", "sign host tokens and answer them with the ZAK of Zoom user `USER` (needs --meeting and --auth-token-file)")
	fs.StringVar(&h.authTokenFile, "auth-token-file", "", "demand Authorization: Bearer <the token in `PATH`> (at least 32 bytes) on every request")
	h.zoom.register(fs)
	fs.Float64Var(&h.apiRate, "zoom-api-rate", 0, "pace the calls to Zoom's API at `R` a second, the account's Light rate (Free 4, Pro 30, Business 80); 0: no pace")
}

// check refuses the combinations that would expose ZAKs or tokens.
func (h *hostFlags) check(f *serveFlags) error {
	switch {
	case h.authTokenFile != "" && len(f.origins) > 0:
		return usageError("--allow-origin does not go with --auth-token-file: the caller is your own server, never a browser")
	case h.user == "" && isSet(f.fs, "host-user"):
		return usageError("--host-user is empty (an unset variable?): give the Zoom user whose ZAK host tokens carry, or leave the flag out")
	case h.user == "":
		return h.zoom.unused(f.fs)
	case h.apiRate < 0 || math.IsNaN(h.apiRate) || math.IsInf(h.apiRate, 0):
		return usageError("--zoom-api-rate must be 0 (no pace) or a positive number of calls a second")
	case f.allowHost:
		return usageError("--allow-host does nothing with --host-user, which signs host tokens anyway: leave it out")
	case f.video:
		return usageError("--host-user applies to Meeting SDK tokens, not --video")
	case len(f.meetings) == 0:
		return usageError("--host-user needs --meeting: a ZAK starts any meeting of its user, so limit the signatures at least")
	case h.authTokenFile == "":
		return usageError("--host-user needs --auth-token-file: anyone who reaches the endpoint would get the host's ZAK")
	}
	return nil
}

// bearer reads the token callers must present, if any.
func (h *hostFlags) bearer() (string, error) {
	if h.authTokenFile == "" {
		return "", nil
	}
	b, err := os.ReadFile(h.authTokenFile)
	if err != nil {
		return "", err
	}
	token := strings.TrimRight(string(b), "\r\n")
	if len(token) < minAuthToken || strings.ContainsAny(token, " \t\r\n") {
		return "", usageError("--auth-token-file must hold one token of at least %d bytes, without spaces", minAuthToken)
	}
	return token, nil
}

// joinTokens returns the options host mode adds to the Handler.
// m, when not nil, counts the calls to Zoom and the cache's answers;
// store, when not nil, shares the ZAKs with the other replicas.
func (h *hostFlags) joinTokens(logger *slog.Logger, m *metrics, store *redisstore.Store) ([]zoomsig.Option, error) {
	if h.user == "" {
		return nil, nil
	}
	zc, err := newZoomClient(&h.zoom)
	if err != nil {
		return nil, err
	}
	zc.countCalls(m)
	if zc.gate, err = accountGate(store, zc.cfg.EndpointParams.Get("account_id"), h.apiRate); err != nil {
		return nil, err
	}
	zc.regions.warn = func(msg string) { logger.Warn(msg) }
	z := zakCache{app: zc.cfg.ClientID, user: h.user, ttl: h.zoom.zakTTL, fetch: zc.zak, metrics: m}
	if store != nil {
		z.store = store // a nil *Store is not a nil TokenStore
	}
	zak, err := zakSource(z)
	if err != nil {
		return nil, err
	}
	hook := func(r *http.Request, req zoomsig.SignRequest) (zoomsig.JoinTokens, error) {
		if req.Role != zoomsig.RoleHost {
			return zoomsig.JoinTokens{}, nil
		}
		zak, err := zak(r.Context())
		if err != nil {
			logZoomFailure(r.Context(), logger, err)
			return zoomsig.JoinTokens{}, err
		}
		return zoomsig.JoinTokens{ZAK: zak}, nil
	}
	return []zoomsig.Option{zoomsig.WithAllowHost(true), zoomsig.WithJoinTokens(hook)}, nil
}

// zakLease is how long one replica's ZAK fetch holds the key's shared
// lease: past zoomCallTimeout, so that a fetch ends before its lease does.
const zakLease = zoomCallTimeout + time.Second

// zakCache says how host mode keeps ZAKs.
type zakCache struct {
	app, user string // the S2S app's client ID; --host-user
	ttl       time.Duration
	fetch     func(ctx context.Context, user string) (string, error)
	store     zoomsig.TokenStore // shared by the replicas; nil: none
	metrics   *metrics           // counts the cache's answers; nil: none
}

// zakSource returns a function that gives the user's ZAK, kept for at
// most half the TTL (and half what the ZAK's own exp leaves) in the
// process and in the store when there is one; concurrent misses share one
// call to Zoom, across replicas too.
func zakSource(z zakCache) (func(context.Context) (string, error), error) {
	cache, err := zoomsig.NewTokenCache(zoomsig.TokenCacheConfig{App: z.app, Store: z.store,
		MaxAge: z.ttl / 2, LeaseTime: zakLease, Observe: z.metrics.cacheRequest})
	if err != nil {
		return nil, err
	}
	key := zoomsig.JoinTokenKey{Kind: zoomsig.TokenZAK, User: z.user, TTL: z.ttl}
	fetch := func(ctx context.Context) (string, error) { return z.fetch(ctx, z.user) }
	return func(ctx context.Context) (string, error) { return cache.Get(ctx, key, fetch) }, nil
}

// logZoomFailure logs why a ZAK could not be had: the status and Zoom's
// code only, never a token or Zoom's text.
func logZoomFailure(ctx context.Context, logger *slog.Logger, err error) {
	var ze *zoomsig.ZoomAPIError
	switch {
	case errors.As(err, &ze):
		logger.LogAttrs(ctx, slog.LevelWarn, "zoom refused the ZAK request", slog.Int("zoom_status", ze.Status), slog.Int("zoom_code", ze.Code))
	case errors.Is(err, context.DeadlineExceeded):
		logger.LogAttrs(ctx, slog.LevelWarn, "zoom did not answer the ZAK request in time")
	case errors.Is(err, context.Canceled):
	default:
		logger.LogAttrs(ctx, slog.LevelWarn, "zoom could not be reached for a ZAK")
	}
}

// refuseJSON answers status with the {"errors":[{"property","reason"}]}
// shape of the endpoints; reason must not need JSON escaping.
func refuseJSON(w http.ResponseWriter, status int, property, reason string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	io.WriteString(w, `{"errors":[{"property":"`+property+`","reason":"`+reason+`"}]}`+"\n")
}

// requireBearer admits only requests that carry the token, compared in
// constant time; others get 401.
func requireBearer(token string, next http.Handler) http.Handler {
	want := []byte(token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The scheme is case-insensitive (RFC 7235 §2.1): "bearer" is Bearer.
		scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="zoomsig"`)
			refuseJSON(w, http.StatusUnauthorized, "authorization", "a valid bearer token is required")
			return
		}
		next.ServeHTTP(w, r)
	})
}
