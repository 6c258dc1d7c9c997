package zoomsig

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"
)

// Reading a request body: the handlers' hot path. The body is read into a
// pooled buffer and its top-level members are found by one scan after
// json.Valid has checked the whole text, so a request allocates only the
// strings its members become.

// member is one top-level member of a JSON object, its value as written.
type member struct {
	name []byte // unescaped; points into the body unless it had escapes
	raw  json.RawMessage
}

// members are a JSON request body's top-level members, in order.
type members []member

// get returns the member called name (the last one, as encoding/json
// would keep it, when a name repeats).
func (m members) get(name string) (json.RawMessage, bool) {
	for i := len(m) - 1; i >= 0; i-- {
		if string(m[i].name) == name {
			return m[i].raw, true
		}
	}
	return nil, false
}

func (m members) has(name string) bool { _, ok := m.get(name); return ok }

// errNotObject means a body that is not one JSON object.
var errNotObject = errors.New("the body is not a JSON object")

// parseMembers finds the top-level members of a JSON object. The values
// point into body.
func parseMembers(body []byte, into members) (members, error) {
	if !json.Valid(body) {
		return nil, errNotObject
	}
	i := skipSpace(body, 0)
	if i == len(body) || body[i] != '{' {
		return nil, errNotObject
	}
	m := into[:0]
	i = skipSpace(body, i+1)
	for i < len(body) && body[i] == '"' {
		end := stringEnd(body, i)
		name, err := memberName(body[i:end])
		if err != nil {
			return nil, errNotObject
		}
		i = skipSpace(body, skipSpace(body, end)+1) // past ':'
		vend := valueEnd(body, i)
		m = append(m, member{name, body[i:vend]})
		i = skipSpace(body, vend)
		if i < len(body) && body[i] == ',' {
			i = skipSpace(body, i+1)
		}
	}
	return m, nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index after the string that starts at b[i].
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// valueEnd returns the index after the value that starts at b[i]; b is
// valid JSON.
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = stringEnd(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	}
	j := i // a number, true, false or null
	for j < len(b) && !isDelim(b[j]) {
		j++
	}
	return j
}

func isDelim(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// memberName reads a member's name, decoding it as encoding/json does
// (escapes, invalid UTF-8 as U+FFFD) only when it must.
func memberName(quoted []byte) ([]byte, error) {
	for _, c := range quoted {
		if c == '\\' || c >= utf8.RuneSelf {
			var name string
			err := json.Unmarshal(quoted, &name)
			return []byte(name), err
		}
	}
	return quoted[1 : len(quoted)-1], nil
}

// bodyBuffer is a request's scratch space, pooled.
type bodyBuffer struct {
	buf     [MaxRequestBody + 1]byte
	members [16]member
	out     [1024]byte
}

var bodyBuffers = sync.Pool{New: func() any { return new(bodyBuffer) }}

// readBody reads at most MaxRequestBody bytes of r's body into bb,
// refusing a declared Content-Length over the limit before reading a byte
// (so an Expect: 100-continue client never uploads) and a longer chunked
// body once it passes the limit.
func readBody(w http.ResponseWriter, r *http.Request, bb *bodyBuffer) ([]byte, *httpFailure) {
	if r.ContentLength > MaxRequestBody {
		return nil, tooLarge()
	}
	body := r.Body
	if body == nil { // a request made by hand, not by a server
		body = http.NoBody
	}
	if r.ContentLength < 0 {
		// Of unknown length (chunked): MaxBytesReader stops at the limit
		// and has the server close the connection instead of draining the
		// rest. A declared length needs none: the server's body reader
		// ends there, and bb.buf bounds the read whatever the body is.
		body = http.MaxBytesReader(w, body, MaxRequestBody)
	}
	n, err := io.ReadFull(body, bb.buf[:])
	switch {
	case n > MaxRequestBody:
		return nil, tooLarge()
	case err == nil || err == io.EOF || err == io.ErrUnexpectedEOF:
		return bb.buf[:n], nil
	}
	var big *http.MaxBytesError
	if errors.As(err, &big) {
		return nil, tooLarge()
	}
	return nil, refuse(http.StatusBadRequest, "body", "the body could not be read")
}

func tooLarge() *httpFailure {
	return refuse(http.StatusRequestEntityTooLarge, "body", "the body is over "+strconv.Itoa(MaxRequestBody)+" bytes")
}
