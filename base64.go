package zoomsig

import (
	"encoding/binary"
	"slices"
)

// The package's hot paths (Signer.Sign, Signer.SignJWT) spend much of their
// time in base64. appendBase64 produces exactly what encoding/base64 does
// (tests compare them over every length and both alphabets) but reads six
// source bytes as one word and writes eight characters in one store.

const (
	stdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	urlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
)

// base64Len is the encoded length of n bytes, with or without padding.
func base64Len(n int, pad bool) int {
	if pad {
		return (n + 2) / 3 * 4
	}
	return (n*8 + 5) / 6
}

// pairTable maps 12 bits to the two characters that encode them, in
// little-endian order, so one load yields two characters.
type pairTable [4096]uint16

func newPairTable(alphabet string) *pairTable {
	var t pairTable
	for i := range t {
		t[i] = uint16(alphabet[i>>6]) | uint16(alphabet[i&63])<<8
	}
	return &t
}

// The two tables are computed once and never written again.
var (
	stdPairs = newPairTable(stdAlphabet)
	urlPairs = newPairTable(urlAlphabet)
)

// appendBase64 appends the base64 of src to dst, in the URL-safe alphabet
// when url is set and the standard one otherwise, with '=' padding when pad
// is set.
func appendBase64(dst, src []byte, url, pad bool) []byte {
	alphabet, pairs := stdAlphabet, stdPairs
	if url {
		alphabet, pairs = urlAlphabet, urlPairs
	}
	_ = alphabet[63] // lets the compiler drop the bounds checks below
	n := base64Len(len(src), pad)
	dst = slices.Grow(dst, n)
	out := dst[len(dst) : len(dst)+n]
	si, di := 0, 0
	for ; len(src)-si >= 8; si, di = si+6, di+8 {
		v := binary.BigEndian.Uint64(src[si:])
		binary.LittleEndian.PutUint64(out[di:],
			uint64(pairs[v>>52])|
				uint64(pairs[v>>40&4095])<<16|
				uint64(pairs[v>>28&4095])<<32|
				uint64(pairs[v>>16&4095])<<48)
	}
	for ; len(src)-si >= 3; si, di = si+3, di+4 {
		v := uint(src[si])<<16 | uint(src[si+1])<<8 | uint(src[si+2])
		out[di] = alphabet[v>>18&63]
		out[di+1] = alphabet[v>>12&63]
		out[di+2] = alphabet[v>>6&63]
		out[di+3] = alphabet[v&63]
	}
	switch len(src) - si {
	case 2:
		v := uint(src[si])<<16 | uint(src[si+1])<<8
		out[di] = alphabet[v>>18&63]
		out[di+1] = alphabet[v>>12&63]
		out[di+2] = alphabet[v>>6&63]
		if pad {
			out[di+3] = '='
		}
	case 1:
		v := uint(src[si]) << 16
		out[di] = alphabet[v>>18&63]
		out[di+1] = alphabet[v>>12&63]
		if pad {
			out[di+2], out[di+3] = '=', '='
		}
	}
	return dst[:len(dst)+n]
}
