package main

import (
	"io"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// routes puts the signature handler at / and a health check at /healthz.
func routes(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			h.ServeHTTP(w, r)
		case "/healthz":
			healthz(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

func healthz(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n")
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// logRequests writes one JSON log line per request, in the shape of
// log/slog's JSON handler: time, level, msg, method, path, status,
// latency_ms (milliseconds, a float), client (the peer's address, or the
// one proxies names: see prefixList.client), origin. Never a body, a token
// or a header that could hold a credential. The line is written by hand
// into a pooled buffer, and out is buffered: per request it costs no
// allocation of its own and no system call.
//
// m, when not nil, counts the request and its duration.
func logRequests(next http.Handler, out io.Writer, proxies prefixList, m *metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		lb := lineBuffers.Get().(*lineBuffer)
		lb.sw = statusWriter{ResponseWriter: w}
		next.ServeHTTP(&lb.sw, r)
		client, _ := proxies.client(r)
		_, _ = out.Write(appendRequestLine(lb.b[:0], start, r, lb.sw.status, client))
		m.observe(r.URL.Path, lb.sw.status, start)
		lb.sw = statusWriter{}
		lineBuffers.Put(lb)
	})
}

// lineBuffer is a request's logging scratch space, pooled: the status
// writer and the line.
type lineBuffer struct {
	sw statusWriter
	b  [512]byte
}

var lineBuffers = sync.Pool{New: func() any { return new(lineBuffer) }}

// maxLogField caps what a client controls in a log line (path, origin).
const maxLogField = 200

func appendRequestLine(b []byte, start time.Time, r *http.Request, status int, client netip.Addr) []byte {
	latency := time.Since(start) // the monotonic clock: cheaper than a second time.Now
	now := start.Add(latency)
	msg := "request"
	if status == 0 {
		msg = "client went away" // nothing was answered: not a refusal
	}
	b = append(b, `{"time":"`...)
	b = now.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"INFO","msg":"`...)
	b = append(append(b, msg...), '"')
	b = appendLogField(b, "method", r.Method)
	b = appendLogField(b, "path", r.URL.Path)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"latency_ms":`...)
	b = strconv.AppendFloat(b, float64(latency)/float64(time.Millisecond), 'f', 3, 64)
	b = append(b, `,"client":"`...)
	if client.IsValid() {
		b = client.AppendTo(b)
	}
	b = append(b, '"')
	b = appendLogField(b, "origin", r.Header.Get("Origin"))
	return append(b, '}', '\n')
}

// appendLogField appends `,"name":"value"`, value escaped as JSON (invalid
// UTF-8 as U+FFFD) and cut to maxLogField bytes.
func appendLogField(b []byte, name, value string) []byte {
	const hex = "0123456789abcdef"
	b = append(append(append(b, `,"`...), name...), `":"`...)
	if len(value) > maxLogField {
		value = value[:maxLogField]
	}
	for i := 0; i < len(value); {
		c := value[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < ' ':
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, size := utf8.DecodeRuneInString(value[i:])
			b = utf8.AppendRune(b, r) // RuneError for invalid bytes
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
}
