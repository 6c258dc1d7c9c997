package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/zoomsig/zoomsig"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Zoom's server-to-server (account credentials) OAuth, for the ZAKs of
// serve --host-user and token zak (zoom-notes §4.2).

const (
	// defaultZoomOAuth is Zoom's token endpoint; Zoom for Government uses
	// https://zoomgov.com/oauth/token.
	defaultZoomOAuth = "https://zoom.us/oauth/token"
	// zoomCallTimeout bounds every call to Zoom, below serve's write
	// timeout, so that a slow Zoom becomes a 504 the caller receives.
	zoomCallTimeout = 5 * time.Second
	// forcedRefreshEvery limits refreshes forced by a 401 (an access token
	// revoked or expired early): S2S apps may hold several access tokens at
	// once (Zoom's changelog, "Multiple access token support available for
	// server-to-server apps"), so a 401 is not another replica's doing, and
	// a Zoom that keeps answering 401 gets one OAuth call per interval, not
	// one per request.
	forcedRefreshEvery = 10 * time.Second
)

// s2sEnv names the environment variables of the S2S app's credentials:
// never flags.
var s2sEnv = [3]string{"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"}

// zoomFlags are the flags that reach Zoom's REST API.
type zoomFlags struct {
	api, oauth string
	index      optInt
	zakTTL     time.Duration
}

func (z *zoomFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&z.api, "zoom-api", "", "Zoom's REST API `URL` (https, or http on loopback) (default: the OAuth answer's api_url on a Zoom host, else "+zoomsig.DefaultZoomAPI+")")
	fs.StringVar(&z.oauth, "zoom-oauth", defaultZoomOAuth, "Zoom's OAuth token `URL` (https, or http on loopback)")
	fs.Var(&z.index, "zoom-token-index", "deprecated and ignored: S2S apps may hold several access tokens at once, and Zoom ignores `N`")
	fs.DurationVar(&z.zakTTL, "zak-ttl", 30*time.Minute, "lifetime asked for each ZAK; a ZAK is reused for at most half of it")
}

// deprecations are the warnings of deprecated flags given.
func (z *zoomFlags) deprecations() []string {
	if z.index.v == nil {
		return nil
	}
	return []string{"--zoom-token-index is deprecated and ignored: server-to-server apps may hold several access tokens at once and Zoom ignores index (Zoom's changelog, \"Multiple access token support available for server-to-server apps\")"}
}

// unused refuses the Zoom flags in a serve that never calls Zoom: they
// would do nothing.
func (z *zoomFlags) unused(fs *flag.FlagSet) error {
	for _, name := range []string{"zoom-api", "zoom-oauth", "zak-ttl", "zoom-api-rate"} {
		if isSet(fs, name) {
			return usageError("--%s applies to --host-user only: serve calls Zoom only to fetch a host's ZAK", name)
		}
	}
	return nil
}

// zoomClient holds one S2S access token for the process and asks Zoom for
// user tokens with it.
type zoomClient struct {
	api     string // --zoom-api; "" for the OAuth answer's api_url (apiBase)
	gate    zoomGate
	regions *apiRegions
	ttl     time.Duration
	timeout time.Duration // of every call to Zoom: zoomCallTimeout
	cfg     clientcredentials.Config
	ctx     context.Context // carries the OAuth calls' bounded, redirect-free client
	// apiTransport carries the API calls (countCalls counts them).
	apiTransport http.RoundTripper

	mu          sync.Mutex
	source      oauth2.TokenSource // caches the access token until near its expiry
	lastForced  time.Time
	oauthClient *http.Client
}

// newZoomClient reads the S2S credentials from the environment.
func newZoomClient(z *zoomFlags) (*zoomClient, error) {
	var vals [3]string
	for i, name := range s2sEnv {
		if vals[i] = os.Getenv(name); vals[i] == "" {
			return nil, fmt.Errorf("%s is not set: a ZAK needs a server-to-server OAuth app's ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET", name)
		}
	}
	for _, u := range []struct{ flag, url string }{{"--zoom-api", z.api}, {"--zoom-oauth", z.oauth}} {
		if u.url == "" && u.flag == "--zoom-api" {
			continue // the OAuth answer's api_url, or the default
		}
		if err := checkZoomURL(u.url); err != nil {
			return nil, usageError("%s: %v", u.flag, err)
		}
	}
	params := url.Values{"grant_type": {"account_credentials"}, "account_id": {vals[0]}}
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c := &zoomClient{
		api: z.api, ttl: z.zakTTL, timeout: zoomCallTimeout, apiTransport: http.DefaultTransport,
		gate: newLocalGate(0, nil), regions: &apiRegions{loopback: isLoopbackURL(z.oauth)},
		cfg: clientcredentials.Config{ClientID: vals[1], ClientSecret: vals[2], TokenURL: z.oauth,
			EndpointParams: params, AuthStyle: oauth2.AuthStyleInHeader},
		oauthClient: &http.Client{Timeout: zoomCallTimeout, CheckRedirect: noRedirect},
	}
	c.ctx = context.WithValue(context.Background(), oauth2.HTTPClient, c.oauthClient)
	c.source = oauth2.ReuseTokenSource(nil, c.cfg.TokenSource(c.ctx))
	return c, nil
}

// checkZoomURL accepts https, or http on a loopback host: the OAuth call
// carries the S2S secret, the API call the access token.
func checkZoomURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return errors.New("not a URL")
	}
	if u.Scheme == "https" || (u.Scheme == "http" && isLoopbackURL(raw)) {
		return nil
	}
	return errors.New("must be https (plain http only on a loopback host)")
}

// tokens returns the current access-token source.
func (c *zoomClient) tokens() oauth2.TokenSource {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.source
}

// forceRefresh drops the cached access token after a 401, at most once
// per forcedRefreshEvery; it reports whether it did.
func (c *zoomClient) forceRefresh() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.lastForced.IsZero() && time.Since(c.lastForced) < forcedRefreshEvery {
		return false
	}
	c.lastForced = time.Now()
	c.source = oauth2.ReuseTokenSource(nil, c.cfg.TokenSource(c.ctx))
	return true
}

// zak fetches a ZAK for user, within zoomCallTimeout; a 401 from the API
// is retried once with a fresh access token.
// Every call waits for the account's gate (--zoom-api-rate, and the
// back-off after Zoom's 429), which then sees its outcome.
func (c *zoomClient) zak(ctx context.Context, user string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := c.gate.wait(ctx); err != nil {
		return "", err
	}
	zak, err := c.fetch(ctx, user)
	var ze *zoomsig.ZoomAPIError
	if errors.As(err, &ze) && ze.Status == http.StatusUnauthorized && c.forceRefresh() {
		zak, err = c.fetch(ctx, user)
	}
	if d := c.gate.observe(err); d > 0 && errors.As(err, &ze) && ze.RetryAfter == 0 {
		ze.RetryAfter = d // Zoom said nothing of when: the back-off's end
	}
	return zak, err
}

func (c *zoomClient) fetch(ctx context.Context, user string) (string, error) {
	tok, err := c.tokens().Token()
	if err != nil {
		return "", upstreamError(err)
	}
	// The deadline is ctx's: an http.Client timeout would call the oauth2
	// transport's obsolete CancelRequest.
	client := &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(tok), Base: c.apiTransport}}
	zak, err := zoomsig.FetchUserToken(ctx, client, user, zoomsig.TokenZAK, zoomsig.WithZoomAPI(c.apiBase(tok)), zoomsig.WithTokenTTL(c.ttl))
	return zak, upstreamError(err)
}

// apiBase is --zoom-api, else the regional API host the OAuth answer names
// in api_url when it is one of Zoom's (apiRegions), else the default.
func (c *zoomClient) apiBase(tok *oauth2.Token) string {
	if c.api != "" {
		return c.api
	}
	raw, _ := tok.Extra("api_url").(string)
	return c.regions.base(raw)
}

// upstreamError makes every failure to reach Zoom or to get its OAuth
// token match ErrZoomAPI (a 502), keeping deadlines and cancellations as
// they are, and drops the OAuth error's text, which quotes Zoom's answer.
func upstreamError(err error) error {
	var re *oauth2.RetrieveError
	switch {
	case err == nil, errors.Is(err, zoomsig.ErrZoomAPI), errors.Is(err, zoomsig.ErrInvalidOption),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return err
	case errors.As(err, &re) && re.Response != nil:
		return &zoomsig.ZoomAPIError{Status: re.Response.StatusCode, Message: "the OAuth token request was refused"}
	}
	return fmt.Errorf("%w: Zoom could not be reached", zoomsig.ErrZoomAPI)
}
