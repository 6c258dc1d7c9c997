package zoomsig

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// reusableBody is a request body that can be read again, so that a
// benchmark allocates nothing per request of its own.
type reusableBody struct{ strings.Reader }

func (*reusableBody) Close() error { return nil }

// headerOnlyWriter is a ResponseWriter that keeps the status and drops
// the body.
type headerOnlyWriter struct {
	h    http.Header
	code int
}

func (w *headerOnlyWriter) Header() http.Header         { return w.h }
func (w *headerOnlyWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *headerOnlyWriter) WriteHeader(code int)        { w.code = code }

// BenchmarkHandlerServeHTTP counts what the Handler itself allocates per
// request: the request, its body and the writer are made once and reused
// (httptest's recorder and request would add their own allocations).
func BenchmarkHandlerServeHTTP(b *testing.B) {
	h := newTestHandler(b)
	const body = `{"meetingNumber":"85823272833","role":0}`
	rb := &reusableBody{}
	r := httptest.NewRequest("POST", "/", nil)
	r.Header.Set("Content-Type", "application/json")
	r.ContentLength = int64(len(body))
	w := &headerOnlyWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rb.Reset(body)
		r.Body = rb
		clear(w.h)
		w.code = 200
		h.ServeHTTP(w, r)
		if w.code != 200 {
			b.Fatal(w.code)
		}
	}
}
