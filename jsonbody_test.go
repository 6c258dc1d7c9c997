package zoomsig

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// rawStatus sends req (head, then body as given) on a new connection and
// returns the first status line the server answers.
func rawStatus(t *testing.T, addr, head, body string) string {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = c.Write([]byte(head))
	require.NoError(t, err)
	if body != "" {
		_, err = c.Write([]byte(body))
		require.NoError(t, err)
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	require.NoError(t, err, "the server answered, not reset")
	return strings.TrimSpace(line)
}

// TestOversizedBodies: a declared Content-Length over the limit is refused
// before a byte is read, so an Expect: 100-continue client gets 413 and
// never uploads; a chunked body over the limit gets 413 through
// MaxBytesReader. Twenty times each, on fresh connections.
func TestOversizedBodies(t *testing.T) {
	srv := httptest.NewServer(newTestHandler(t))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	expect := "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n"
	chunk := strings.Repeat("a", 4096)
	var chunked strings.Builder
	chunked.WriteString(`{"meetingNumber":"`)
	for i := 0; i < 5; i++ {
		chunked.WriteString(chunk)
	}
	chunked.WriteString(`"}`)
	body := chunked.String()
	chunkedReq := "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
	encoded := fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(body), body)
	for i := 0; i < 20; i++ {
		require.Equal(t, "HTTP/1.1 413 Request Entity Too Large", rawStatus(t, addr, expect, ""), "Expect: 100-continue, try %d", i)
		require.Equal(t, "HTTP/1.1 413 Request Entity Too Large", rawStatus(t, addr, chunkedReq, encoded), "chunked, try %d", i)
	}
	// Just under the limit is read and judged.
	ok := fmt.Sprintf(`{"meetingNumber":"85823272833","role":0,"pad":%q}`, strings.Repeat("p", MaxRequestBody-60))
	require.LessOrEqual(t, len(ok), MaxRequestBody)
	require.Equal(t, http.StatusOK, do(newTestHandler(t), "POST", ok).Code)
}

// failingReader fails every read.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

// TestBodyBounds: whatever a request declares, the handler reads at most
// one byte past the limit: a body longer than its declared length, or of
// no declared length, is refused with 413 once past the limit; a body
// that cannot be read is a 400.
func TestBodyBounds(t *testing.T) {
	h := newTestHandler(t)
	long := `{"meetingNumber":"85823272833","role":0,"pad":"` + strings.Repeat("p", MaxRequestBody) + `"}`
	for _, declared := range []int64{40, 0, -1} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(long))
		r.Header.Set("Content-Type", "application/json")
		r.ContentLength = declared
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		require.Equal(t, http.StatusRequestEntityTooLarge, w.Code, "declared %d", declared)
	}
	for _, declared := range []int64{40, -1} {
		r := httptest.NewRequest("POST", "/", nil)
		r.Body = io.NopCloser(failingReader{})
		r.Header.Set("Content-Type", "application/json")
		r.ContentLength = declared
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		require.Equal(t, http.StatusBadRequest, w.Code, "declared %d", declared)
		require.Contains(t, w.Body.String(), "could not be read")
	}
	// A request made by hand may have no body at all: an empty one.
	r := &http.Request{Method: "POST", URL: &url.URL{Path: "/"}, Header: http.Header{"Content-Type": {"application/json"}}}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	require.Equal(t, http.StatusBadRequest, w.Code)
}

// FuzzParseMembers: the one-scan member reader agrees with encoding/json
// on every input: the same verdict, and the same members.
func FuzzParseMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, ` {"a" : [1,{"b":"}"}], "c":"x\"y", "d":null} `, `[]`, `"x"`, `{"a":1}{}`, `{"\u0061":2,"a":3}`, `{"a":-1.5e3,"b":true}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var want map[string]json.RawMessage
		werr := json.Unmarshal([]byte(body), &want)
		if werr == nil && want == nil {
			werr = errNotObject // null
		}
		m, err := parseMembers([]byte(body), nil)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: parseMembers %v, encoding/json %v", body, err, werr)
		}
		if err != nil {
			return
		}
		got := map[string]string{}
		for _, mb := range m {
			got[string(mb.name)] = string(mb.raw)
		}
		for name, raw := range want {
			if got[name] != string(raw) {
				t.Fatalf("%q: member %q is %q, encoding/json says %q", body, name, got[name], raw)
			}
			v, ok := m.get(name)
			if !ok || string(v) != string(raw) {
				t.Fatalf("%q: get(%q) = %q", body, name, v)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d members, encoding/json %d", body, len(got), len(want))
		}
	})
}
