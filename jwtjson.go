package zoomsig

import (
	"strconv"
)

// appendJSONString appends s as a JSON string exactly as JavaScript's
// JSON.stringify writes it: '"' and '\' escaped, \b \f \n \r \t by name,
// other control characters as \u00xx, everything else (non-ASCII, '<', '&',
// U+2028) as is. s must be valid UTF-8.
func appendJSONString(dst []byte, s string) []byte {
	return append(appendJSONEscaped(append(dst, '"'), s), '"')
}

// appendJSONEscaped appends the inside of appendJSONString's string: s
// escaped, without the quotes.
func appendJSONEscaped(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
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
	return append(dst, s[start:]...)
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
