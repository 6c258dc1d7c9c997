package zoomsig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxSignatureLen caps the input Parse and Verify read. Real legacy
// signatures are under 200 characters; Zoom's SDK refuses over 150.
const MaxSignatureLen = 1024

// Signature is a decoded legacy (Web SDK 1.x) signature.
type Signature struct {
	Key           string    // the SDK/API key, as written (a gsub-mangled key keeps its '+' and '/')
	MeetingNumber string    // the meeting number, digits only
	Timestamp     time.Time // when it was signed (usually back-dated 30 s), millisecond precision, UTC
	Role          Role      // RoleAttendee or RoleHost
	Hash          string    // base64 of the HMAC, as written: 44 characters, standard or URL-safe alphabet
	Padded        bool      // whether the outer encoding kept its trailing '='
}

// HashURLSafe reports whether the hash is written in the URL-safe base64
// alphabet, which Zoom refuses.
func (s *Signature) HashURLSafe() bool { return strings.ContainsAny(s.Hash, "-_") }

// Encode returns the signature's text in the standard spelling: standard
// base64, padding as Padded says. Parse(s.Encode()) yields s again.
func (s *Signature) Encode() string {
	joined := s.Key + "." + s.MeetingNumber + "." + strconv.FormatInt(s.Timestamp.UnixMilli(), 10) + "." +
		strconv.Itoa(int(s.Role)) + "." + s.Hash
	return outerEncoding(false, s.Padded).EncodeToString([]byte(joined))
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("zoomsig: %w: "+format, append([]any{ErrMalformed}, args...)...)
}

// Parse decodes a legacy signature without checking its HMAC or its age. It
// accepts every spelling Zoom's samples ever produced (outer padding kept or
// stripped, standard or URL-safe outer alphabet) and nothing else: exactly
// five '.'-separated fields, digits where digits belong, a 44-character
// base64 hash, canonical base64 throughout. Errors wrap [ErrMalformed] and
// say what is wrong.
func Parse(sig string) (*Signature, error) {
	joined, padded, err := decodeOuter(sig)
	if err != nil {
		return nil, err
	}
	return parseFields(joined, padded)
}

// decodeOuter undoes the outer base64 of a legacy signature, strictly.
func decodeOuter(sig string) (string, bool, error) {
	if sig == "" {
		return "", false, malformed("the signature is empty")
	}
	if len(sig) > MaxSignatureLen {
		return "", false, malformed("the signature is %d bytes, more than %d", len(sig), MaxSignatureLen)
	}
	body := strings.TrimRight(sig, "=")
	pad := len(sig) - len(body)
	std, url := false, false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '+' || c == '/':
			std = true
		case c == '-' || c == '_':
			url = true
		case c == '=':
			return "", false, malformed("'=' inside the signature at byte %d", i)
		default:
			return "", false, malformed("byte %d (%q) is not base64", i, c)
		}
	}
	if std && url {
		return "", false, malformed("the signature mixes the standard and URL-safe base64 alphabets")
	}
	enc := outerEncoding(url, pad > 0)
	if pad > 0 && (len(sig)%4 != 0 || pad > 2) {
		return "", false, malformed("wrong base64 padding")
	}
	b, err := enc.DecodeString(sig)
	if err != nil {
		return "", false, malformed("not base64: %v", err)
	}
	// One signature, one spelling: refuse non-zero trailing bits.
	if enc.EncodeToString(b) != sig {
		return "", false, malformed("non-canonical base64")
	}
	return string(b), pad > 0, nil
}

func parseFields(joined string, padded bool) (*Signature, error) {
	f := strings.Split(joined, ".")
	if len(f) != 5 {
		return nil, malformed("it decodes to %d '.'-separated fields, not 5 (key.meeting.timestamp.role.hash)", len(f))
	}
	if err := checkKey(f[0]); err != nil {
		return nil, fmt.Errorf("zoomsig: %w: %w", ErrMalformed, err)
	}
	if !allDigits(f[1]) || len(f[1]) > 20 {
		return nil, malformed("the meeting number %q is not 1 to 20 digits", clip(f[1]))
	}
	ms, err := parseDigits(f[2])
	if err != nil {
		return nil, malformed("the timestamp %q %v", clip(f[2]), err)
	}
	var role Role
	switch f[3] {
	case "0":
		role = RoleAttendee
	case "1":
		role = RoleHost
	default:
		return nil, malformed("the role %q is neither 0 nor 1", clip(f[3]))
	}
	if err := checkHash(f[4]); err != nil {
		return nil, err
	}
	return &Signature{
		Key:           f[0],
		MeetingNumber: f[1],
		Timestamp:     time.UnixMilli(ms).UTC(),
		Role:          role,
		Hash:          f[4],
		Padded:        padded,
	}, nil
}

// parseDigits reads a canonical non-negative decimal int64.
func parseDigits(s string) (int64, error) {
	if !allDigits(s) {
		return 0, fmt.Errorf("is not digits")
	}
	if len(s) > 1 && s[0] == '0' {
		return 0, fmt.Errorf("has a leading zero")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("is out of range")
	}
	return n, nil
}

// checkHash accepts the base64 (either alphabet, padded) of 32 bytes.
func checkHash(h string) error {
	if len(h) != base64.StdEncoding.EncodedLen(sha256.Size) {
		return malformed("the hash is %d characters, not 44", len(h))
	}
	enc := base64.StdEncoding
	if strings.ContainsAny(h, "-_") {
		enc = base64.URLEncoding
	}
	b, err := enc.DecodeString(h)
	if err != nil || len(b) != sha256.Size || enc.EncodeToString(b) != h {
		return malformed("the hash is not canonical base64 of 32 bytes")
	}
	return nil
}

// Verify parses sig and judges it as Zoom's server does, in this order: the
// key must be key ([ErrKeyMismatch]); the hash must be the HMAC-SHA256 of
// the standard-base64 message under secret, in the standard alphabet,
// compared in constant time ([ErrHashMismatch], or [ErrURLSafeHash] when only
// the alphabet is wrong); the timestamp must not lie in the future
// ([ErrNotYetValid], see [WithLeeway]) nor be older than the lifetime
// ([ErrExpired], see [WithMaxAge]). Options: [WithClock], [WithLeeway],
// [WithMaxAge].
//
// Verify returns the parsed signature whenever sig parses, even with an
// error, so that a caller can show what it holds.
func Verify(sig, key, secret string, opts ...Option) (*Signature, error) {
	cfg := defaultConfig()
	if err := cfg.apply("Verify", optClock|optLeeway|optMaxAge, opts); err != nil {
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if err := checkSecret(secret); err != nil {
		return nil, err
	}
	s, err := Parse(sig)
	if err != nil {
		return nil, err
	}
	if s.Key != key {
		// Name only the signature's key: the expected one is the caller's
		// argument, and a caller who swapped key and secret would log the secret.
		return s, fmt.Errorf("zoomsig: %w: the signature is for key %q, not the expected key", ErrKeyMismatch, clip(s.Key))
	}
	want := legacyHMAC(secret, s.Key+s.MeetingNumber+strconv.FormatInt(s.Timestamp.UnixMilli(), 10)+strconv.Itoa(int(s.Role)), true)
	if !hmac.Equal([]byte(s.Hash), []byte(base64.StdEncoding.EncodeToString(want))) {
		if hmac.Equal([]byte(s.Hash), []byte(base64.URLEncoding.EncodeToString(want))) {
			return s, fmt.Errorf("zoomsig: %w: Zoom reads the hash in the standard alphabet only ('+' and '/', not '-' and '_')", ErrURLSafeHash)
		}
		return s, fmt.Errorf("zoomsig: %w: the HMAC does not match the secret for these fields", ErrHashMismatch)
	}
	return s, cfg.checkAge(s.Timestamp)
}

// checkAge judges a legacy timestamp against the clock, leeway and lifetime.
func (c *config) checkAge(ts time.Time) error {
	t := now(c.clock)
	if ahead := ts.Sub(t); ahead > c.leeway {
		return fmt.Errorf("zoomsig: %w: the timestamp is %v ahead of the clock (leeway %v)", ErrNotYetValid, ahead.Round(time.Millisecond), c.leeway)
	}
	if age := t.Sub(ts); age >= c.maxAge {
		return fmt.Errorf("zoomsig: %w %v ago (the timestamp is %v old, lifetime %v)", ErrExpired, (age - c.maxAge).Round(time.Millisecond), age.Round(time.Millisecond), c.maxAge)
	}
	return nil
}

// legacyHMAC is the HMAC-SHA256, under secret, of the standard base64 of
// the raw message key + mn + ts + role (the raw 32 bytes Zoom's server
// recomputes), or, with encoded false, of the raw message itself (the
// mistake of Zoom's C# sample).
func legacyHMAC(secret, raw string, encoded bool) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	if encoded {
		m.Write([]byte(base64.StdEncoding.EncodeToString([]byte(raw))))
	} else {
		m.Write([]byte(raw))
	}
	return m.Sum(nil)
}
