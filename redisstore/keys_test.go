package redisstore

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
	"golang.org/x/crypto/hkdf"
)

const testSecret = "s2s-secret-Vb6nR2yQm8Lw4Tz1"

// fixedRand is a reader of one repeated byte: deterministic nonces.
type fixedRand byte

func (f fixedRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(f)
	}
	return len(p), nil
}

func testKeyring(t testing.TB, secret string) *keyring {
	k, err := newKeyring([]byte(secret), DefaultPrefix, fixedRand(7))
	require.NoError(t, err)
	return k
}

// TestHKDFKnownAnswer: the HKDF in use is RFC 5869's, by its test case 1
// (Appendix A.1, SHA-256).
func TestHKDFKnownAnswer(t *testing.T) {
	ikm := bytes.Repeat([]byte{0x0b}, 22)
	salt, _ := hex.DecodeString("000102030405060708090a0b0c")
	info, _ := hex.DecodeString("f0f1f2f3f4f5f6f7f8f9")
	okm := make([]byte, 42)
	_, err := io.ReadFull(hkdf.New(sha256.New, ikm, salt, info), okm)
	require.NoError(t, err)
	require.Equal(t, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", hex.EncodeToString(okm))
}

var hostKey = zoomsig.JoinTokenKey{App: "s2s-client-7Hk3", Kind: zoomsig.TokenZAK, User: "host@example.com", TTL: 30 * time.Minute}

// TestKeyNames: names are pinned (replicas of two versions must agree;
// the value was computed apart, with Python's hmac and hashlib: HKDF per
// RFC 5869, then HMAC over the uvarint-length-prefixed parts), hold
// nothing of the key in clear, and differ for any field and secret.
func TestKeyNames(t *testing.T) {
	k := testKeyring(t, testSecret)
	name := k.name(kindToken, tokenParts(hostKey)...)
	require.Equal(t, "zoomsig:t:iMMO6Xp_5ZPquWR_YrCsnnt5nttm6eJnCmQ3Pis9nSg", name)
	for _, clear := range []string{"host", "example", "s2s-client", "1800"} {
		require.NotContains(t, name, clear)
	}
	obf := zoomsig.JoinTokenKey{App: "a", Kind: zoomsig.TokenOnBehalf, User: "ab", Meeting: "85823272833"}
	seen := map[string]string{}
	for label, n := range map[string]string{
		"token":          name,
		"lease":          k.name(kindLease, tokenParts(hostKey)...),
		"other secret":   testKeyring(t, testSecret+"x").name(kindToken, tokenParts(hostKey)...),
		"obf":            k.name(kindToken, tokenParts(obf)...),
		"shifted fields": k.name(kindToken, "a", "onbehalf", "a", "b85823272833", "0"),
		"rate":           k.name(kindRate, "203.0.113.9"),
		"other client":   k.name(kindRate, "203.0.113.10"),
	} {
		require.NotContains(t, seen, n, "%s and %s share a name", label, seen[n])
		seen[n] = label
	}
	require.NotContains(t, k.name(kindRate, "203.0.113.9"), "203")
	_, err := newKeyring([]byte("short"), DefaultPrefix, nil)
	require.ErrorContains(t, err, "shorter than 16 bytes")
}

func TestSealOpen(t *testing.T) {
	k := testKeyring(t, testSecret)
	name := k.name(kindToken, tokenParts(hostKey)...)
	until := time.UnixMilli(1772442000123)
	sealed, err := k.seal(name, "zak-SECRET", until)
	require.NoError(t, err)
	require.NotContains(t, string(sealed), "SECRET")
	token, got, ok := k.open(name, sealed)
	require.True(t, ok)
	require.Equal(t, "zak-SECRET", token)
	require.True(t, until.Equal(got))

	for i := range sealed {
		tampered := bytes.Clone(sealed)
		tampered[i] ^= 0x01
		_, _, ok := k.open(name, tampered)
		require.False(t, ok, "byte %d flipped", i)
	}
	for label, bad := range map[string][]byte{
		"empty":     nil,
		"truncated": sealed[:len(sealed)-1],
		"appended":  append(bytes.Clone(sealed), 0),
		"too short": sealed[:20],
		"oversized": append(bytes.Clone(sealed), make([]byte, maxSealed)...),
	} {
		_, _, ok := k.open(name, bad)
		require.False(t, ok, label)
	}
	_, _, ok = k.open(k.name(kindToken, "moved"), sealed)
	require.False(t, ok, "a value moved to another key does not open")
	_, _, ok = testKeyring(t, testSecret+"x").open(name, sealed)
	require.False(t, ok, "another secret does not open it")
	_, err = (&keyring{values: k.values, rand: strings.NewReader("")}).seal(name, "t", until)
	require.Error(t, err, "no randomness, no seal")
}

// FuzzOpen: whatever Redis holds, open never panics, and only the seal it
// made opens.
func FuzzOpen(f *testing.F) {
	k := testKeyring(f, testSecret)
	name := k.name(kindToken, tokenParts(hostKey)...)
	valid, err := k.seal(name, "zak-eyJhbGciOiJIUzI1NiJ9.e30.sig", time.UnixMilli(1772442000123))
	require.NoError(f, err)
	f.Add(valid)
	f.Add(valid[:len(valid)-1])
	f.Add([]byte{})
	f.Add([]byte{sealVersion})
	f.Add(append([]byte{2}, valid[1:]...))
	f.Fuzz(func(t *testing.T, data []byte) {
		token, _, ok := k.open(name, data)
		if ok && !bytes.Equal(data, valid) {
			t.Fatalf("a value the store never sealed opened: %q", token)
		}
	})
}
