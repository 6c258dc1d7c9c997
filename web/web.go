// Package web is zoomsig's inspector page: one HTML page, its CSS and
// JavaScript and a favicon (no framework, nothing from another origin),
// embedded here and served by [Handler] for `zoomsig inspect --web`, which
// answers the page's POST /inspect with the command's own diagnosis. The
// same files, built by build.sh with the diagnosis compiled to WebAssembly
// (./wasm), make a static copy that sends nothing anywhere once loaded.
package web

import (
	"embed"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig/internal/inspectjson"
)

//go:embed index.html style.css app.js timeline.js favicon.svg
var assets embed.FS

// MaxBody caps POST /inspect's body: the longest input the diagnosis
// reads, zoomsig.MaxDiagnoseLen, with room for JSON escapes and the
// other inputs.
const MaxBody = 80 << 10

// The page's policies, sent on every answer: nothing from another origin,
// no framing, nothing cached (the page and its answers hold what was
// pasted), no Referer. The static build carries what a <meta> can of
// them (build.sh).
const (
	contentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'"
	cacheControl          = "no-store"
	referrerPolicy        = "no-referrer"
)

// types are the assets' media types, by file name extension.
var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
}

// Handler serves the page and its POST /inspect to requests whose Host is
// one of hosts (HOST:PORT, the server's own addresses), refusing any other
// Host with 421, against DNS rebinding: a page of another site whose name
// was made to resolve to 127.0.0.1 sends its own name. A request from
// another origin is refused with 403; "null" is let through, as the page's
// own POST carries it under its no-referrer policy (Fetch standard, "append
// a request Origin header"), and a foreign page's JSON POST needs a CORS
// preflight this server never grants. Each request is logged to logger
// (method, path, status, milliseconds), never its body or query. now is
// the instant judged at when a request names none.
func Handler(hosts []string, logger *slog.Logger, now func() time.Time) http.Handler {
	own := map[string]bool{}
	for _, h := range hosts {
		own[strings.ToLower(h)] = true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/inspect", func(w http.ResponseWriter, r *http.Request) { inspect(w, r, now()) })
	mux.HandleFunc("/", asset)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		setPolicies(w.Header())
		switch origin := r.Header.Get("Origin"); {
		case !own[strings.ToLower(r.Host)]:
			fail(rec, http.StatusMisdirectedRequest, "Host", "this server answers only requests for its own address (loopback), not "+strconv.Quote(clip(r.Host)))
		case origin != "" && origin != "null" && !own[strings.ToLower(strings.TrimPrefix(origin, "http://"))]:
			fail(rec, http.StatusForbidden, "Origin", "requests from another origin are refused")
		default:
			mux.ServeHTTP(rec, r)
		}
		logger.Info("request", "method", clip(r.Method), "path", clip(r.URL.Path), "status", rec.status,
			"ms", float64(time.Since(start).Microseconds())/1000)
	})
}

func setPolicies(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Cache-Control", cacheControl)
	h.Set("Referrer-Policy", referrerPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
}

// asset answers GET and HEAD for the page's files; / is index.html.
func asset(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" {
		name = "index.html"
	}
	ext := name[strings.LastIndexByte(name, '.')+1:]
	b, err := assets.ReadFile(name)
	if err != nil || strings.Contains(name, "/") || types["."+ext] == "" {
		fail(w, http.StatusNotFound, "path", "there is no such file: the page is at /")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		fail(w, http.StatusMethodNotAllowed, "method", clip(r.Method)+" is not allowed; use GET")
		return
	}
	w.Header().Set("Content-Type", types["."+ext])
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	if r.Method == http.MethodGet {
		_, _ = w.Write(b)
	}
}

// inspect is POST /inspect: the signature endpoint's rules for the method
// (405), the media type (415) and the body's size (413, here MaxBody),
// then inspectjson.Answer.
func inspect(w http.ResponseWriter, r *http.Request, now time.Time) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		fail(w, http.StatusMethodNotAllowed, "method", clip(r.Method)+" is not allowed; use POST")
		return
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		fail(w, http.StatusUnsupportedMediaType, "body", "Content-Type must be application/json")
		return
	}
	if r.ContentLength > MaxBody {
		fail(w, http.StatusRequestEntityTooLarge, "body", tooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &big):
		fail(w, http.StatusRequestEntityTooLarge, "body", tooLarge)
		return
	case err != nil:
		fail(w, http.StatusBadRequest, "body", "the body could not be read")
		return
	}
	status, reply := inspectjson.Answer(body, now)
	writeJSON(w, status, reply)
}

var tooLarge = "the body is over " + strconv.Itoa(MaxBody) + " bytes"
