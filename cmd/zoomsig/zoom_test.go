package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
	"golang.org/x/time/rate"
)

const (
	s2sAccount = "acct-9Qx2"
	s2sClient  = "s2s-client-7Hk3"
	s2sSecret  = "s2s-secret-Vb6nR2yQm8Lw4Tz1"
	callerAuth = "caller-bearer-0123456789abcdefghijklmnop"
)

// fakeZoom is Zoom's OAuth and REST API as Zoom documents them
// (zoom-notes §4.2): the account_credentials grant with HTTP Basic client
// auth, every access token valid until it expires or is revoked (S2S apps
// may hold several at once; index is ignored), api_url in the token
// answer; GET /v2/users/{id}/token demands a valid access token and counts
// against the account's Light limit, answering Zoom-shaped errors.
type fakeZoom struct {
	srv *httptest.Server

	mu         sync.Mutex
	oauthCalls int
	apiCalls   int
	seq        int
	valid      map[string]bool // the access tokens Zoom takes
	lastForm   url.Values      // the last OAuth request's form
	expiresIn  []int           // queued expires_in values; 3600 once empty
	apiURL     string          // the token answer's api_url
	lastQuery  string
	answer     func(w http.ResponseWriter) bool // replaces the API's answer when it returns true
	delay      time.Duration
	light      *rate.Limiter // the account's Light per-second limit; nil: none
	lightDaily int           // the account's Light calls a day; 0: no limit
	lightCalls int           // Light calls counted against the day
	limited    int           // calls answered 429
}

func newFakeZoom(t *testing.T) *fakeZoom {
	z := &fakeZoom{valid: map[string]bool{}, apiURL: "https://api.zoom.us"}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", z.oauth)
	mux.HandleFunc("GET /v2/users/{id}/token", z.userToken)
	z.srv = httptest.NewServer(mux)
	t.Cleanup(z.srv.Close)
	return z
}

func (z *fakeZoom) oauth(w http.ResponseWriter, r *http.Request) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.oauthCalls++
	id, secret, ok := r.BasicAuth()
	if !ok || id != s2sClient || secret != s2sSecret || r.PostFormValue("grant_type") != "account_credentials" || r.PostFormValue("account_id") != s2sAccount {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`)
		return
	}
	z.lastForm = r.PostForm
	expires := 3600
	if len(z.expiresIn) > 0 {
		expires, z.expiresIn = z.expiresIn[0], z.expiresIn[1:]
	}
	z.seq++
	token := fmt.Sprintf("access-%d-Zk3Jq", z.seq)
	z.valid[token] = true
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"access_token":%q,"token_type":"bearer","expires_in":%d,"scope":"user:read:token","api_url":%q}`, token, expires, z.apiURL)
}

// Zoom's two 429 messages for an account over a limit: the per-second one
// (quoted by Zoom staff on its developer forum) and the daily one (Zoom's
// rate-limits page). Zoom documents no Retry-After for them.
const (
	zoomPerSecondLimit = "You have reached the maximum per-second rate limit for this API. Try again later."
	zoomDailyLimit     = "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request."
)

func (z *fakeZoom) userToken(w http.ResponseWriter, r *http.Request) {
	z.mu.Lock()
	z.apiCalls++
	z.lastQuery = r.URL.RawQuery
	valid := z.valid[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	limit := z.overLimit(valid)
	answer, delay, n := z.answer, z.delay, z.apiCalls
	z.mu.Unlock()
	select {
	case <-time.After(delay):
	case <-r.Context().Done():
		return
	}
	switch {
	case !valid:
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"code":124,"message":"Invalid access token."}`)
	case limit != "":
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, `{"code":429,"message":%q}`, limit)
	case answer != nil && answer(w):
	default:
		fmt.Fprintf(w, `{"token":"zak-%s-%d-Qm9"}`, r.PathValue("id"), n)
	}
}

// overLimit counts an authorized call against the Light limits and
// returns Zoom's 429 message when it is over one; z.mu is held.
func (z *fakeZoom) overLimit(authorized bool) string {
	if !authorized {
		return ""
	}
	msg := ""
	switch {
	case z.lightDaily > 0 && z.lightCalls >= z.lightDaily:
		msg = zoomDailyLimit
	case z.light != nil && !z.light.Allow():
		msg = zoomPerSecondLimit
	default:
		z.lightCalls++
		return ""
	}
	z.limited++
	return msg
}

// revoke makes every access token issued so far invalid, as when a token
// is revoked or the app's secret regenerated.
func (z *fakeZoom) revoke() {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.valid = map[string]bool{}
}

func (z *fakeZoom) counts() (oauth, api int) {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.oauthCalls, z.apiCalls
}

func (z *fakeZoom) flags() []string {
	return []string{"--zoom-api", z.srv.URL + "/v2", "--zoom-oauth", z.srv.URL + "/oauth/token"}
}

func setS2S(t *testing.T) {
	t.Setenv("ZOOM_ACCOUNT_ID", s2sAccount)
	t.Setenv("ZOOM_CLIENT_ID", s2sClient)
	t.Setenv("ZOOM_CLIENT_SECRET", s2sSecret)
}

func testZoomClient(t *testing.T, z *fakeZoom) *zoomClient {
	setS2S(t)
	c, err := newZoomClient(&zoomFlags{api: z.srv.URL + "/v2", oauth: z.srv.URL + "/oauth/token", zakTTL: 30 * time.Minute})
	require.NoError(t, err)
	return c
}

func TestZoomClientAccessTokens(t *testing.T) {
	z := newFakeZoom(t)
	z.expiresIn = []int{1} // oauth2 treats a token this close to expiry as expired
	c := testZoomClient(t, z)
	ctx := context.Background()
	for _, user := range []string{"a@example.com", "b@example.com", "c@example.com", "c@example.com"} {
		zak, err := c.zak(ctx, user)
		require.NoError(t, err)
		require.Contains(t, zak, "zak-"+user)
	}
	oauth, api := z.counts()
	require.Equal(t, 2, oauth, "the expired access token was refreshed once, then reused")
	require.Equal(t, 4, api)
	require.Equal(t, "ttl=1800&type=zak", z.lastQuery)

	// The access token is revoked: the 401 is retried once with a new one.
	z.revoke()
	_, err := c.zak(ctx, "d@example.com")
	require.NoError(t, err)
	oauth, _ = z.counts()
	require.Equal(t, 3, oauth)
	// Within ten seconds a second 401 does not refresh again: a Zoom that
	// keeps answering 401 costs one OAuth call per interval, not per request.
	z.revoke()
	_, err = c.zak(ctx, "e@example.com")
	var ze *zoomsig.ZoomAPIError
	require.ErrorAs(t, err, &ze)
	require.Equal(t, 401, ze.Status)
	require.Equal(t, 124, ze.Code)
	oauth, _ = z.counts()
	require.Equal(t, 3, oauth)
	require.NotContains(t, err.Error(), "access-")
}

func TestZoomClientIndexAndRefusals(t *testing.T) {
	z := newFakeZoom(t)
	setS2S(t)
	two := 2
	f := zoomFlags{api: z.srv.URL + "/v2", oauth: z.srv.URL + "/oauth/token", zakTTL: time.Hour, index: optInt{&two}}
	require.Len(t, f.deprecations(), 1)
	require.Contains(t, f.deprecations()[0], "Multiple access token support available for server-to-server apps")
	c, err := newZoomClient(&f)
	require.NoError(t, err)
	_, err = c.zak(context.Background(), "me")
	require.NoError(t, err)
	z.mu.Lock()
	form := z.lastForm
	z.mu.Unlock()
	require.NotContains(t, form, "index", "--zoom-token-index is deprecated: index is not sent")
	require.Equal(t, []string{"account_credentials"}, form["grant_type"])

	t.Setenv("ZOOM_CLIENT_SECRET", "wrong-secret-xxxxxxxx")
	c, err = newZoomClient(&zoomFlags{api: z.srv.URL + "/v2", oauth: z.srv.URL + "/oauth/token", zakTTL: time.Hour})
	require.NoError(t, err)
	_, err = c.zak(context.Background(), "me")
	require.ErrorIs(t, err, zoomsig.ErrZoomAPI, "a refused OAuth call is an upstream failure")
	require.NotContains(t, err.Error(), "wrong-secret")

	for _, name := range s2sEnv {
		setS2S(t)
		t.Setenv(name, "")
		_, err := newZoomClient(&zoomFlags{api: zoomsig.DefaultZoomAPI, oauth: defaultZoomOAuth})
		require.ErrorContains(t, err, name+" is not set")
	}
	setS2S(t)
	for _, f := range []zoomFlags{{api: "http://api.zoom.us/v2", oauth: defaultZoomOAuth}, {api: zoomsig.DefaultZoomAPI, oauth: "http://zoom.us/oauth/token"}, {api: "::", oauth: defaultZoomOAuth}} {
		_, err := newZoomClient(&f)
		require.Equal(t, exitUsage, exitCode(err, &strings.Builder{}), f)
	}
}

func TestZAKCacheSharesOneFetch(t *testing.T) {
	z := newFakeZoom(t)
	z.delay = 100 * time.Millisecond
	get, err := zakSource(zakCache{app: s2sClient, user: "host@example.com", ttl: time.Hour, fetch: testZoomClient(t, z).zak})
	require.NoError(t, err)
	var wg sync.WaitGroup
	zaks := make([]string, 20)
	for i := range zaks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			zaks[i], err = get(context.Background())
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	for _, zak := range zaks {
		require.Equal(t, zaks[0], zak)
	}
	_, api := z.counts()
	require.Equal(t, 1, api, "twenty concurrent misses made one call")
	_, err = get(context.Background())
	require.NoError(t, err)
	_, api = z.counts()
	require.Equal(t, 1, api, "then the cache answers")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	other, err := zakSource(zakCache{app: s2sClient, user: "other@example.com", ttl: time.Hour, fetch: testZoomClient(t, z).zak})
	require.NoError(t, err)
	_, err = other(ctx)
	require.ErrorIs(t, err, context.Canceled, "a caller that goes away stops waiting")
}

// hostServe builds serve --host-user in-process against the fake, and
// returns its handler and a reader of its log.
func hostServe(t *testing.T, z *fakeZoom, args ...string) (http.Handler, func() string) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	setS2S(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(callerAuth+"\n"), 0o600))
	var logs syncBuffer
	base := []string{"--host-user", "host@example.com", "--meeting", "85823272833", "--auth-token-file", tokenFile}
	cfg, err := parseServe(append(append(base, z.flags()...), args...), strings.NewReader(""), &logs)
	require.NoError(t, err)
	t.Cleanup(cfg.logs.Close)
	return cfg.handler, func() string { cfg.logs.Flush(); return logs.String() }
}

func hostRequest(h http.Handler, role int, auth string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", "/", strings.NewReader(fmt.Sprintf(`{"meetingNumber":"85823272833","role":%d}`, role)))
	r.Header.Set("Content-Type", "application/json")
	if auth != "" {
		r.Header.Set("Authorization", "Bearer "+auth)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestServeHostUser(t *testing.T) {
	z := newFakeZoom(t)
	h, logs := hostServe(t, z)
	var first map[string]string
	for i := 0; i < 30; i++ {
		rec := hostRequest(h, 1, callerAuth)
		require.Equal(t, 200, rec.Code, rec.Body.String())
		var got map[string]string
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
		if first == nil {
			first = got
		}
		require.Equal(t, first["zak"], got["zak"])
		c, err := zoomsig.VerifyJWT(got["signature"], testKey, testSecret)
		require.NoError(t, err)
		require.Equal(t, zoomsig.RoleHost, c.Role)
	}
	require.Contains(t, first["zak"], "zak-host@example.com")
	oauth, api := z.counts()
	require.Equal(t, 1, oauth, "thirty signatures cost one OAuth call")
	require.Equal(t, 1, api, "and one ZAK")

	rec := hostRequest(h, 0, callerAuth)
	require.Equal(t, 200, rec.Code)
	require.NotContains(t, rec.Body.String(), "zak", "attendees get no ZAK")
	for _, auth := range []string{"", "wrong", callerAuth + "x"} {
		rec := hostRequest(h, 1, auth)
		require.Equal(t, 401, rec.Code)
		require.Contains(t, rec.Header().Get("WWW-Authenticate"), "Bearer")
	}
	for header, want := range map[string]int{"bearer " + callerAuth: 200, "BEARER " + callerAuth: 200, "Basic " + callerAuth: 401, callerAuth: 401, "Bearer  " + callerAuth: 401} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(`{"meetingNumber":"85823272833","role":0}`))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", header)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		require.Equal(t, want, w.Code, "the scheme is case-insensitive (RFC 7235), the token exact: %q", header)
	}
	require.NotContains(t, logs(), first["zak"])
	require.NotContains(t, logs(), s2sSecret)
	require.NotContains(t, logs(), callerAuth)
}

// TestServeHostUserZoomFailures: what Zoom answers becomes a status the
// caller receives, with no upstream detail, and a log line without secrets.
func TestServeHostUserZoomFailures(t *testing.T) {
	for _, tt := range []struct {
		name   string
		answer func(w http.ResponseWriter) bool
		status int
	}{
		{"user not found", func(w http.ResponseWriter) bool {
			w.WriteHeader(404)
			fmt.Fprint(w, `{"code":1001,"message":"User does not exist: host@example.com."}`)
			return true
		}, 502},
		{"rate limited", func(w http.ResponseWriter) bool {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"code":429,"message":"Too many requests."}`)
			return true
		}, 503},
		{"server error", func(w http.ResponseWriter) bool { w.WriteHeader(500); return true }, 502},
		{"no token", func(w http.ResponseWriter) bool { fmt.Fprint(w, `{"zak":"x"}`); return true }, 502},
		{"number token", func(w http.ResponseWriter) bool { fmt.Fprint(w, `{"token":7}`); return true }, 502},
		{"over the cap", func(w http.ResponseWriter) bool {
			fmt.Fprintf(w, `{"token":"%s"}`, strings.Repeat("z", 70<<10))
			return true
		}, 502},
	} {
		t.Run(tt.name, func(t *testing.T) {
			z := newFakeZoom(t)
			z.answer = tt.answer
			h, logs := hostServe(t, z)
			rec := hostRequest(h, 1, callerAuth)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.status == http.StatusServiceUnavailable {
				require.Equal(t, "3", rec.Header().Get("Retry-After"), "Zoom's hint, in whole seconds")
			}
			require.NotContains(t, rec.Body.String(), "does not exist")
			require.Contains(t, logs(), "zoom refused the ZAK request")
			require.NotContains(t, logs(), "access-")
		})
	}
}

// TestServeHostUserSlowZoom: a Zoom slower than zoomCallTimeout becomes a
// 504 that the caller receives before serve's write timeout.
func TestServeHostUserSlowZoom(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 5 s bound")
	}
	z := newFakeZoom(t)
	z.delay = zoomCallTimeout + 2*time.Second
	h, logs := hostServe(t, z)
	start := time.Now()
	rec := hostRequest(h, 1, callerAuth)
	require.Equal(t, http.StatusGatewayTimeout, rec.Code, rec.Body.String())
	require.Less(t, time.Since(start), 9*time.Second, "answered before the 10 s write timeout")
	require.Contains(t, logs(), "did not answer the ZAK request in time")
}

func TestServeHostUserFlags(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	setS2S(t)
	dir := t.TempDir()
	good, short := filepath.Join(dir, "good"), filepath.Join(dir, "short")
	require.NoError(t, os.WriteFile(good, []byte(callerAuth), 0o600))
	require.NoError(t, os.WriteFile(short, []byte("tooshort"), 0o600))
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--host-user", "h@example.com", "--auth-token-file", good}, exitUsage, "--host-user needs --meeting"},
		{[]string{"--host-user", "h@example.com", "--meeting", "85823272833"}, exitUsage, "--host-user needs --auth-token-file"},
		{[]string{"--host-user", "h@example.com", "--meeting", "85823272833", "--auth-token-file", short}, exitUsage, "at least 32 bytes"},
		{[]string{"--host-user", "h@example.com", "--meeting", "85823272833", "--auth-token-file", filepath.Join(dir, "none")}, exitUsage, "no such file"},
		{[]string{"--auth-token-file", good, "--allow-origin", "https://app.example.com"}, exitUsage, "--allow-origin does not go with --auth-token-file"},
		{[]string{"--video", "--host-user", "h@example.com"}, exitUsage, "--host-user applies to Meeting SDK tokens"},
		{[]string{"--host-user", "h@example.com", "--meeting", "85823272833", "--auth-token-file", good, "--zoom-api", "http://api.example.com"}, exitUsage, "--zoom-api: must be https"},
		{[]string{"--host-user", "h@example.com", "--meeting", "85823272833", "--auth-token-file", good, "--allow-host"}, exitUsage, "--allow-host does nothing with --host-user"},
		{[]string{"--zoom-api", "https://api.example.com"}, exitUsage, "--zoom-api applies to --host-user only"},
		{[]string{"--zoom-oauth", "https://zoom.example.com/oauth/token"}, exitUsage, "--zoom-oauth applies to --host-user only"},
		{[]string{"--zoom-api-rate", "4"}, exitUsage, "--zoom-api-rate applies to --host-user only"},
		{[]string{"--host-user", "", "--meeting", "85823272833", "--auth-token-file", good}, exitUsage, "--host-user is empty"},
		{[]string{"--host-user", "h@example.com", "--meeting", "85823272833", "--auth-token-file", good, "--zoom-api-rate", "-1"}, exitUsage, "--zoom-api-rate must be 0"},
		{[]string{"--video", "--zak-ttl", "1h"}, exitUsage, "--zak-ttl applies to --host-user only"},
	} {
		var stderr syncBuffer
		_, err := parseServe(tt.args, strings.NewReader(""), &stderr)
		var out strings.Builder
		require.Equal(t, tt.code, exitCode(err, &out), tt.args)
		require.Contains(t, out.String(), tt.want)
	}
	// --auth-token-file alone protects a plain endpoint.
	var stderr syncBuffer
	cfg, err := parseServe([]string{"--auth-token-file", good}, strings.NewReader(""), &stderr)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	cfg.handler.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader("{}")))
	require.Equal(t, 401, rec.Code)
}

func TestServeHostUserConcurrent(t *testing.T) {
	z := newFakeZoom(t)
	z.delay = 20 * time.Millisecond
	h, _ := hostServe(t, z)
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := hostRequest(h, i%2, callerAuth)
			require.Equal(t, 200, rec.Code)
		}()
	}
	wg.Wait()
	oauth, api := z.counts()
	require.Equal(t, 1, oauth)
	require.Equal(t, 1, api)
}

func TestTokenZAK(t *testing.T) {
	z := newFakeZoom(t)
	setS2S(t)
	r := runCmd(t, "", append([]string{"token", "zak", "--user", "host@example.com", "--zak-ttl", "1h"}, z.flags()...)...)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Equal(t, "zak-host@example.com-1-Qm9\n", r.stdout)
	require.Equal(t, "ttl=3600&type=zak", z.lastQuery)
	require.Empty(t, r.stderr)
	r = runCmd(t, "", append([]string{"token", "zak", "--user", "host@example.com", "--zoom-token-index", "1"}, z.flags()...)...)
	require.Equal(t, exitOK, r.code, "a deprecated flag is never refused")
	require.Equal(t, 1, strings.Count(r.stderr, "zoomsig: warning: --zoom-token-index is deprecated and ignored"), r.stderr)

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"token"}, exitUsage, "token: the kind of token is needed: zak"},
		{[]string{"token", "pat", "--user", "me"}, exitUsage, "unknown kind"},
		{[]string{"token", "zak"}, exitUsage, "needs --user"},
		{append([]string{"token", "zak", "--user", "../x"}, z.flags()...), exitUsage, "neither \"me\""},
	} {
		r := runCmd(t, "", tt.args...)
		require.Equal(t, tt.code, r.code, tt.args)
		require.Contains(t, r.stderr, tt.want)
	}
	t.Setenv("ZOOM_CLIENT_ID", "")
	r = runCmd(t, "", append([]string{"token", "zak", "--user", "me"}, z.flags()...)...)
	require.Equal(t, exitUsage, r.code)
	require.Contains(t, r.stderr, "ZOOM_CLIENT_ID is not set")
}

// TestServeHostUserBinary: the built binary against the fake Zoom, through
// --zoom-api and --zoom-oauth.
func TestServeHostUserBinary(t *testing.T) {
	z := newFakeZoom(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(callerAuth+"\n"), 0o600))
	env := []string{"ZOOM_SDK_KEY=" + testKey, "ZOOM_SDK_SECRET=" + testSecret,
		"ZOOM_ACCOUNT_ID=" + s2sAccount, "ZOOM_CLIENT_ID=" + s2sClient, "ZOOM_CLIENT_SECRET=" + s2sSecret}
	args := append([]string{"--host-user", "host@example.com", "--meeting", "858 2327 2833", "--auth-token-file", tokenFile,
		"--zak-ttl", "20m", "--zoom-token-index", "1"}, z.flags()...)
	srv := startServe(t, buildBinary(t), env, args...)
	url := "http://" + srv.addr + "/"
	status, _, body := post(t, url, `{"meetingNumber":"85823272833","role":1}`, "Authorization", "Bearer "+callerAuth)
	require.Equal(t, 200, status, body)
	var got map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.Equal(t, "zak-host@example.com-1-Qm9", got["zak"])
	c, err := zoomsig.VerifyJWT(got["signature"], testKey, testSecret)
	require.NoError(t, err)
	require.Equal(t, zoomsig.RoleHost, c.Role)
	require.Equal(t, "ttl=1200&type=zak", z.lastQuery)
	status, _, _ = post(t, url, `{"meetingNumber":"85823272833","role":1}`)
	require.Equal(t, 401, status)
	status, _, _ = post(t, url, `{"meetingNumber":"11111111111","role":1}`, "Authorization", "Bearer "+callerAuth)
	require.Equal(t, 403, status, "--meeting limits the signatures")
	logs := srv.stop(t)
	for _, secret := range []string{s2sSecret, "access-1-Zk3Jq", got["zak"], callerAuth, testSecret, got["signature"]} {
		require.NotContains(t, logs, secret)
	}
	require.Contains(t, logs, `"status":401`)
}
