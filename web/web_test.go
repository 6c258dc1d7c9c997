package web

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
	"github.com/zoomsig/zoomsig/internal/inspectjson"
)

const (
	testKey    = "BdrX5jD_Rsagb902E7I15A"
	testSecret = "Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi"
	password   = "s3cr3t-pass-12"
	// rubySig is the seed thread's Ruby signature (README's first command).
	rubySig = "QmRyWDVqRF9Sc2FnYjkwMkU3STE1QS44NTgyMzI3MjgzMy4xNTk1NjM2Mzk2MDAwLjEubWtYTFVTUGQwVHRUTi1pc3FiaEJUdGpOelhtMnJCRzc2TFA5djBSeFo5VT0"
	host    = "127.0.0.1:8123"
)

var testAt = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

type answer struct {
	status int
	header http.Header
	body   string
}

// do sends one request to a Handler for host, logging into log.
func do(t *testing.T, log io.Writer, method, path, contentType string, body io.Reader, header ...string) answer {
	t.Helper()
	r := httptest.NewRequest(method, "http://"+host+path, body)
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	if r.Header.Get("Host") != "" {
		r.Host = r.Header.Get("Host")
	}
	w := httptest.NewRecorder()
	Handler([]string{host}, slog.New(slog.NewJSONHandler(log, nil)), func() time.Time { return testAt }).ServeHTTP(w, r)
	return answer{w.Code, w.Header(), w.Body.String()}
}

func inspectBody(t *testing.T, v map[string]string) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// Every answer carries the page's policies; the page and its files are
// served, nothing else.
func TestAssets(t *testing.T) {
	for _, tt := range []struct {
		method, path string
		status       int
		contentType  string
		want         string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", `<textarea id="signature"`},
		{"GET", "/index.html", 200, "text/html; charset=utf-8", "<!doctype html>"},
		{"GET", "/app.js", 200, "text/javascript; charset=utf-8", "zoomsigTimeline"},
		{"GET", "/timeline.js", 200, "text/javascript; charset=utf-8", "data-mark"},
		{"GET", "/style.css", 200, "text/css; charset=utf-8", "#timeline"},
		{"GET", "/favicon.svg", 200, "image/svg+xml", "<svg"},
		{"HEAD", "/", 200, "text/html; charset=utf-8", ""},
		{"GET", "/web.go", 404, "application/json; charset=utf-8", `"property":"path"`},
		{"GET", "/favicon.ico", 404, "application/json; charset=utf-8", `"property":"path"`},
		{"GET", "/wasm/main.go", 404, "application/json; charset=utf-8", `"property":"path"`},
		{"POST", "/", 405, "application/json; charset=utf-8", `{"errors":[{"property":"method","reason":"POST is not allowed; use GET"}]}`},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			a := do(t, io.Discard, tt.method, tt.path, "", nil)
			require.Equal(t, tt.status, a.status, a.body)
			require.Equal(t, tt.contentType, a.header.Get("Content-Type"))
			require.Contains(t, a.body, tt.want)
			require.Equal(t, "default-src 'self'; frame-ancestors 'none'", a.header.Get("Content-Security-Policy"))
			require.Equal(t, "no-store", a.header.Get("Cache-Control"))
			require.Equal(t, "no-referrer", a.header.Get("Referrer-Policy"))
			require.Equal(t, "nosniff", a.header.Get("X-Content-Type-Options"))
		})
	}
}

// Only requests for the server's own address are answered (DNS
// rebinding), and only from its own origin.
func TestHostAndOrigin(t *testing.T) {
	sig := inspectBody(t, map[string]string{"signature": rubySig})
	for _, tt := range []struct {
		name   string
		header []string
		status int
	}{
		{"own host", nil, 200},
		{"own host, own origin", []string{"Origin", "http://" + host}, 200},
		{"a rebound name", []string{"Host", "evil.example:8123"}, 421},
		{"another port", []string{"Host", "127.0.0.1:8124"}, 421},
		{"localhost was not asked for", []string{"Host", "localhost:8123"}, 421},
		{"the page's own POST, under no-referrer", []string{"Origin", "null"}, 200},
		{"another origin", []string{"Origin", "https://evil.example"}, 403},
		{"another origin on loopback", []string{"Origin", "http://127.0.0.1:9999"}, 403},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, io.Discard, "POST", "/inspect", "application/json", strings.NewReader(sig), tt.header...)
			require.Equal(t, tt.status, a.status, a.body)
			if tt.status != 200 {
				require.Contains(t, a.body, `{"errors":[{"property":`)
				require.NotContains(t, a.body, "findings")
			}
		})
	}
}

// POST /inspect answers inspect --json's object, and refuses as the
// signature endpoint refuses.
func TestInspect(t *testing.T) {
	tok, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleAttendee, zoomsig.WithClock(zoomsig.FixedClock(testAt)))
	require.NoError(t, err)
	good := inspectBody(t, map[string]string{"signature": tok, "key": testKey, "secret": testSecret})
	_, want := inspectjson.Answer([]byte(good), testAt)
	for _, tt := range []struct {
		name, method, contentType string
		body                      io.Reader
		status                    int
		want                      string
	}{
		{"verified", "POST", "application/json", strings.NewReader(good), 200, string(want)},
		{"with a charset", "POST", "application/json; charset=utf-8", strings.NewReader(good), 200, `"verified": true`},
		{"refused findings are 200 too", "POST", "application/json", strings.NewReader(`{"signature":"` + rubySig + `"}`), 200, `"code": "url-safe-hash"`},
		{"bad JSON", "POST", "application/json", strings.NewReader(`{"signature":`), 400, `{"errors":[{"property":"body","reason":"the body is not a JSON object"}]}`},
		{"bad at", "POST", "application/json", strings.NewReader(`{"signature":"x","at":"soon"}`), 400, `"property":"at"`},
		{"GET", "GET", "", nil, 405, `{"errors":[{"property":"method","reason":"GET is not allowed; use POST"}]}`},
		{"a CORS preflight is never granted", "OPTIONS", "", nil, 405, `"reason":"OPTIONS is not allowed; use POST"`},
		{"text/plain", "POST", "text/plain", strings.NewReader(good), 415, `{"errors":[{"property":"body","reason":"Content-Type must be application/json"}]}`},
		{"no Content-Type", "POST", "", strings.NewReader(good), 415, `"reason":"Content-Type must be application/json"`},
		{"over 80 KiB, declared", "POST", "application/json", strings.NewReader(strings.Repeat(" ", MaxBody+1)), 413, `{"errors":[{"property":"body","reason":"the body is over 81920 bytes"}]}`},
		{"over 80 KiB, chunked", "POST", "application/json", io.MultiReader(strings.NewReader(strings.Repeat(" ", MaxBody+1))), 413, `"reason":"the body is over 81920 bytes"`},
		{"80 KiB exactly is read", "POST", "application/json", strings.NewReader(`{"signature":"` + strings.Repeat("a", MaxBody-16) + `"}`), 200, `"code": "malformed"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, io.Discard, tt.method, "/inspect", tt.contentType, tt.body)
			require.Equal(t, tt.status, a.status, a.body)
			require.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"))
			require.True(t, json.Valid([]byte(a.body)), a.body)
			require.Contains(t, a.body, tt.want)
			require.NotContains(t, a.body, testSecret)
			if tt.status == 405 {
				require.Equal(t, "POST", a.header.Get("Allow"))
			}
		})
	}
	require.Greater(t, MaxBody, zoomsig.MaxDiagnoseLen, "a body holds the longest input the diagnosis reads")
}

// The refusals are the signature endpoint's: the same status, media type
// and error shape, the same property and the same reason but for the
// size limit each names.
func TestRefusalsAreTheEndpoints(t *testing.T) {
	s, err := zoomsig.NewSigner(testKey, testSecret)
	require.NoError(t, err)
	endpoint, err := zoomsig.NewHandler(s)
	require.NoError(t, err)
	for _, tt := range []struct {
		name, method, contentType string
		size                      func(limit int) int
	}{
		{"405", "GET", "", func(int) int { return 0 }},
		{"415", "POST", "text/plain", func(int) int { return 2 }},
		{"413", "POST", "application/json", func(limit int) int { return limit + 1 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/", strings.NewReader(strings.Repeat(" ", tt.size(zoomsig.MaxRequestBody))))
			r.Header.Set("Content-Type", tt.contentType)
			w := httptest.NewRecorder()
			endpoint.ServeHTTP(w, r)
			ours := do(t, io.Discard, tt.method, "/inspect", tt.contentType, strings.NewReader(strings.Repeat(" ", tt.size(MaxBody))))
			require.Equal(t, w.Code, ours.status)
			require.Equal(t, w.Header().Get("Content-Type"), ours.header.Get("Content-Type"))
			theirs := strings.ReplaceAll(w.Body.String(), strconv.Itoa(zoomsig.MaxRequestBody), "N")
			require.JSONEq(t, theirs, strings.ReplaceAll(ours.body, strconv.Itoa(MaxBody), "N"))
		})
	}
}

// The log has one line per request and never a body, a query or what
// they hold.
func TestLogsNoBody(t *testing.T) {
	var log bytes.Buffer
	body := inspectBody(t, map[string]string{"signature": rubySig, "key": testKey, "secret": testSecret, "password": password, "sdk": "web@" + password})
	for _, path := range []string{"/inspect", "/inspect?secret=" + testSecret} {
		do(t, &log, "POST", path, "application/json", strings.NewReader(body))
		do(t, &log, "POST", path, "text/plain", strings.NewReader(body))
	}
	do(t, &log, "GET", "/?"+testSecret, "", nil)
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	require.Len(t, lines, 5)
	for _, line := range lines {
		for _, secret := range []string{testSecret, password, rubySig, testKey} {
			require.NotContains(t, line, secret)
		}
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		require.Equal(t, "request", rec["msg"])
		require.Contains(t, []any{"/inspect", "/"}, rec["path"])
	}
	require.Contains(t, lines[1], `"status":415`)
}
