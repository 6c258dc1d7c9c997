package redisstore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/zoomsig/zoomsig"
	"golang.org/x/crypto/hkdf"
)

// What reaches Redis: key names made by HMAC-SHA256, never a user, an
// email, a meeting number or a client address; values sealed with
// AES-256-GCM, so that someone who reads Redis cannot start meetings.
// Both keys are derived from one secret with HKDF-SHA256 (RFC 5869),
// golang.org/x/crypto/hkdf: crypto/hkdf needs Go 1.24, and v0.41.0 is the
// last x/crypto whose go line (1.23.0) keeps ours.

// minSecret is the shortest secret keys are derived from: Zoom's client
// secrets are 32 characters, SDK secrets 36 and more.
const minSecret = 16

// hkdfSalt separates this package's keys from any other use of the secret.
const hkdfSalt = "zoomsig/redisstore"

// Kinds of key, each under its own name prefix and HMAC domain.
const (
	kindToken = "t" // a sealed join token
	kindLease = "l" // the lease of one fetch
	kindRate  = "r" // a client's rate-limit state
)

// keyring holds the two derived keys.
type keyring struct {
	prefix string
	names  []byte      // HMAC-SHA256 key of the key names
	values cipher.AEAD // AES-256-GCM of the values
	rand   io.Reader   // nonces: crypto/rand, or a fixed reader in tests
}

// newKeyring derives the keys from secret.
func newKeyring(secret []byte, prefix string, random io.Reader) (*keyring, error) {
	if len(secret) < minSecret {
		return nil, errors.New("redisstore: the secret keys are derived from is shorter than 16 bytes")
	}
	derive := func(info string) []byte {
		k := make([]byte, 32)
		_, _ = io.ReadFull(hkdf.New(sha256.New, secret, []byte(hkdfSalt), []byte(info)), k) // 32 of 8160 bytes: never fails
		return k
	}
	block, err := aes.NewCipher(derive("values v1"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &keyring{prefix: prefix, names: derive("key names v1"), values: aead, rand: random}, nil
}

// name is the Redis key of parts under kind: prefix, kind, and the
// base64url HMAC of the parts, each length-prefixed so that no two
// tuples write the same input.
func (k *keyring) name(kind string, parts ...string) string {
	mac := hmac.New(sha256.New, k.names)
	var n [binary.MaxVarintLen64]byte
	for _, p := range append([]string{kind}, parts...) {
		mac.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		mac.Write([]byte(p))
	}
	return k.prefix + kind + ":" + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// tokenParts are a join token key's fields, in a fixed order.
func tokenParts(key zoomsig.JoinTokenKey) []string {
	return []string{key.App, string(key.Kind), key.User, key.Meeting, strconv.FormatInt(int64(key.TTL/time.Second), 10)}
}

// Sealed values: version, nonce, then AES-GCM over the expiry (Unix
// milliseconds, big-endian) and the token, with the key's name as
// additional data, so that a value moved to another key does not open.
const (
	sealVersion = 1
	maxSealed   = 1 + 12 + 8 + 4096 + 16 // a token is at most 512 characters (Zoom's API spec); 4 KiB is plenty
)

// seal encrypts token, kept until until, for the key name.
func (k *keyring) seal(name, token string, until time.Time) ([]byte, error) {
	nonce := make([]byte, k.values.NonceSize())
	if _, err := io.ReadFull(k.rand, nonce); err != nil {
		return nil, err
	}
	plain := binary.BigEndian.AppendUint64(nil, uint64(until.UnixMilli()))
	plain = append(plain, token...)
	out := append([]byte{sealVersion}, nonce...)
	return k.values.Seal(out, nonce, plain, []byte(name)), nil
}

// open decrypts what Redis holds under name: anything that is not a value
// seal made for that name (tampered, truncated, moved, another version,
// oversized) is ok == false, never an error or a panic.
func (k *keyring) open(name string, sealed []byte) (token string, until time.Time, ok bool) {
	ns := k.values.NonceSize()
	if len(sealed) < 1+ns+k.values.Overhead()+8 || len(sealed) > maxSealed || sealed[0] != sealVersion {
		return "", time.Time{}, false
	}
	plain, err := k.values.Open(nil, sealed[1:1+ns], sealed[1+ns:], []byte(name))
	if err != nil || len(plain) < 8 {
		return "", time.Time{}, false
	}
	ms := binary.BigEndian.Uint64(plain)
	return string(plain[8:]), time.UnixMilli(int64(ms)), true
}
