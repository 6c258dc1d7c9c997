package zoomsig

import (
	"crypto/sha256"
	"encoding/base64"
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
		return nil, also(ErrMalformed, err)
	}
	if !allDigits(f[1]) || len(f[1]) > 20 {
		return nil, malformed("the meeting number %q is not 1 to 20 digits", clip(f[1]))
	}
	ms, err := parseDigits(f[2])
	if err != nil {
		return nil, malformed("the timestamp %s", detailOf(err))
	}
	role, err := legacyRole(f[3])
	if err != nil {
		return nil, malformed("the role %s", detailOf(err))
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

// legacyRole reads the role field: one digit, then the one role rule.
func legacyRole(text string) (Role, error) {
	if len(text) != 1 || !allDigits(text) {
		return 0, errorf(ErrInvalidRole, "%q is %s", clip(text), roleRule)
	}
	return roleOf(int64(text[0] - '0'))
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
	cfg, _, err := configure(defaultSettings(), "Verify", forVerify, opts)
	if err != nil {
		return nil, err
	}
	if err := CheckCredentials(key, secret); err != nil {
		return nil, err
	}
	s, err := Parse(sig)
	if err != nil {
		return nil, err
	}
	if err := checkKeyMatch("signature's key", s.Key, key); err != nil {
		return s, err
	}
	mac := newLegacyMAC(secret, s.rawMessage())
	switch {
	case mac.matches(s.Hash, spellStandard):
	case mac.matches(s.Hash, spellURLSafe):
		return s, errorf(ErrURLSafeHash, "Zoom reads the hash in the standard alphabet only ('+' and '/', not '-' and '_')")
	default:
		return s, errorf(ErrHashMismatch, "the HMAC does not match the secret for these fields")
	}
	return s, checkLegacyTime(s.Timestamp, &cfg)
}

// rawMessage is key + meeting + timestamp + role, what the HMAC covers (in
// base64).
func (s *Signature) rawMessage() string {
	return s.Key + s.MeetingNumber + strconv.FormatInt(s.Timestamp.UnixMilli(), 10) + strconv.Itoa(int(s.Role))
}

// checkLegacyTime turns the time judgement of a legacy timestamp into an
// error.
func checkLegacyTime(ts time.Time, cfg *settings) error {
	f := judgeTime(now(cfg.clock), ts, ts.Add(cfg.maxAge), cfg.leeway)
	switch {
	case f.early:
		return errorf(ErrNotYetValid, "the timestamp is %v ahead of the clock (leeway %v)", f.ahead.Round(time.Millisecond), cfg.leeway)
	case f.expired:
		return expiredError("%v ago (the timestamp is %v old, lifetime %v)", f.late.Round(time.Millisecond), (f.late + cfg.maxAge).Round(time.Millisecond), cfg.maxAge)
	}
	return nil
}
