package zoomsig

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// appendJSONString appends s as a JSON string exactly as JavaScript's
// JSON.stringify writes it: '"' and '\' escaped, \b \f \n \r \t by name,
// other control characters as \u00xx, everything else (non-ASCII, '<', '&',
// U+2028) as is. s must be valid UTF-8.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendJSONField appends `,"name":`, or `"name":` when first is set.
func appendJSONField(dst []byte, name string, first bool) []byte {
	if !first {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, name...)
	return append(dst, '"', ':')
}

// appendJSONInt appends `,"name":n`.
func appendJSONInt(dst []byte, name string, n int64) []byte {
	return strconv.AppendInt(appendJSONField(dst, name, false), n, 10)
}

// jsLength is the length of s as JavaScript counts it (UTF-16 code units),
// which is how Zoom's samples check their length limits.
func jsLength(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++ // a surrogate pair
		}
	}
	return n
}

// claimSet is a decoded JWT header or payload: each member's raw JSON.
type claimSet map[string]json.RawMessage

func (c claimSet) has(name string) bool { _, ok := c[name]; return ok }

// str reads a string member; ok is false when it is absent.
func (c claimSet) str(name string) (s string, ok bool, err error) {
	raw, ok := c[name]
	if !ok {
		return "", false, nil
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", true, malformed("the %q claim is %s, not a string", name, jsonKind(raw))
	}
	if !utf8.ValidString(s) {
		return "", true, malformed("the %q claim is not valid UTF-8", name)
	}
	return s, true, nil
}

// integer reads a whole-number member; ok is false when it is absent.
func (c claimSet) integer(name string) (n int64, ok bool, err error) {
	raw, ok := c[name]
	if !ok {
		return 0, false, nil
	}
	if jsonKind(raw) != "a number" {
		return 0, true, malformed("the %q claim is %s, not a number", name, jsonKind(raw))
	}
	n, err = strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, true, malformed("the %q claim %s is not a whole number in range", name, clip(string(raw)))
	}
	return n, true, nil
}

// optInt reads an optional whole-number member into a pointer.
func (c claimSet) optInt(name string) (*int, error) {
	n, ok, err := c.integer(name)
	if !ok || err != nil {
		return nil, err
	}
	if n < -1<<31 || n > 1<<31-1 {
		return nil, malformed("the %q claim %d is out of range", name, n)
	}
	v := int(n)
	return &v, nil
}

func jsonKind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "empty"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// decodeClaimSet parses a JSON object, refusing anything else.
func decodeClaimSet(what string, b []byte) (claimSet, error) {
	var c claimSet
	if err := json.Unmarshal(b, &c); err != nil || c == nil {
		return nil, malformed("the %s is not a JSON object", what)
	}
	return c, nil
}
