package zoomsig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is the part a signature lets its holder play in the meeting.
type Role int

const (
	// RoleAttendee joins a meeting (Zoom's role 0).
	RoleAttendee Role = 0
	// RoleHost starts a meeting (Zoom's role 1). The meeting must belong to
	// the account of the key, or the join needs a ZAK token; webinars take
	// RoleAttendee only.
	RoleHost Role = 1
)

// String returns "attendee", "host", or "role(N)" for any other value.
func (r Role) String() string {
	switch r {
	case RoleAttendee:
		return "attendee"
	case RoleHost:
		return "host"
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

func checkRole(r Role) error {
	if r != RoleAttendee && r != RoleHost {
		return fmt.Errorf("zoomsig: %w: %d is neither 0 (attendee) nor 1 (host)", ErrInvalidRole, int(r))
	}
	return nil
}

// Dialect selects which of Zoom's published samples a legacy (Web SDK 1.x)
// signature reproduces, byte for byte, timestamp precision included. The
// zero value is [DialectStandard]. Only the alphabet of the hash matters to
// Zoom; the other differences (padding, outer alphabet, whole seconds) are
// invisible to it.
type Dialect int

const (
	// DialectStandard: millisecond timestamp, standard base64 throughout,
	// trailing '=' of the outer encoding stripped. Byte-identical to Zoom's
	// Java sample. Zoom accepts it.
	DialectStandard Dialect = iota
	// DialectJava is Zoom's Java sample (System.currentTimeMillis() - 30000,
	// standard base64, '=' stripped): the same bytes as DialectStandard.
	// Zoom accepts it.
	DialectJava
	// DialectNode is Zoom's websdk-sample-signature-node.js: millisecond
	// timestamp, standard base64, outer padding kept. Zoom accepts it.
	DialectNode
	// DialectPHP is Zoom's PHP sample: time()*1000 - 30000 (whole seconds),
	// standard hash, URL-safe outer encoding with '=' stripped. Zoom accepts it.
	DialectPHP
	// DialectRubyStrict is the Ruby fix posted in the forum thread:
	// (Time.now.to_f*1000).round - 30000 and Base64.strict_encode64 three
	// times (padding kept). Zoom accepts it.
	DialectRubyStrict
	// DialectRubyURLSafe is the Ruby sample the forum thread complains of:
	// whole-second timestamp and the HMAC written with
	// Base64.urlsafe_encode64. ZOOM REFUSES IT whenever the hash holds '+' or
	// '/' in standard form, which is about 74% of the time: it succeeds with
	// probability (62/64)^42 ≈ 26%, so users "fix" it by retrying about four
	// times. Provided to reproduce that failure, never to sign with.
	DialectRubyURLSafe
	// DialectRubyGsub is the forum's proposed Ruby fix: as DialectRubyURLSafe,
	// then gsub('-','+').gsub('_','/') over the WHOLE joined string. That
	// repairs the hash but also rewrites any '-' or '_' in the key, so ZOOM
	// REFUSES IT EVERY TIME for such keys (Zoom keys are drawn from
	// [A-Za-z0-9_-], so many have one). Provided to reproduce that failure,
	// never to sign with.
	DialectRubyGsub
	dialectCount
)

type dialectSpec struct {
	name      string
	seconds   bool // timestamp truncated to whole seconds before back-dating
	rubyRound bool // timestamp is round(Float(unix ns)/1e9*1000), as Ruby's Time#to_f
	urlHash   bool // hash (and message) written with the URL-safe alphabet
	gsub      bool // '-'→'+' and '_'→'/' over the joined string
	urlOuter  bool // outer encoding with the URL-safe alphabet
	padOuter  bool // outer '=' kept
	accepted  bool // whether Zoom accepts its output in general
}

var dialects = [dialectCount]dialectSpec{
	DialectStandard:    {name: "standard", accepted: true},
	DialectJava:        {name: "java", accepted: true},
	DialectNode:        {name: "node", padOuter: true, accepted: true},
	DialectPHP:         {name: "php", seconds: true, urlOuter: true, accepted: true},
	DialectRubyStrict:  {name: "ruby-strict", rubyRound: true, padOuter: true, accepted: true},
	DialectRubyURLSafe: {name: "ruby-urlsafe", seconds: true, urlHash: true, urlOuter: true},
	DialectRubyGsub:    {name: "ruby-gsub", seconds: true, urlHash: true, gsub: true, urlOuter: true},
}

func (d Dialect) valid() bool { return d >= 0 && d < dialectCount }

// String returns the dialect's name as the command line spells it
// ("standard", "java", "node", "php", "ruby-strict", "ruby-urlsafe",
// "ruby-gsub"), or "dialect(N)" for an unknown value.
func (d Dialect) String() string {
	if !d.valid() {
		return "dialect(" + strconv.Itoa(int(d)) + ")"
	}
	return dialects[d].name
}

// ParseDialect returns the Dialect whose String is name.
func ParseDialect(name string) (Dialect, error) {
	for d := Dialect(0); d < dialectCount; d++ {
		if dialects[d].name == name {
			return d, nil
		}
	}
	return 0, fmt.Errorf("zoomsig: %w: unknown dialect %q", ErrInvalidOption, clip(name))
}

// Dialects lists every Dialect in order.
func Dialects() []Dialect {
	ds := make([]Dialect, dialectCount)
	for i := range ds {
		ds[i] = Dialect(i)
	}
	return ds
}

// timestamp returns the legacy timestamp in milliseconds the dialect writes
// for the instant t, back-dated by backdate.
func (d Dialect) timestamp(t time.Time, backdate time.Duration) (int64, error) {
	spec := dialects[d]
	var ms int64
	switch {
	case spec.seconds:
		ms = t.Unix() * 1000
	case spec.rubyRound:
		ms = int64(math.Round(float64(t.UnixNano()) / 1e9 * 1000))
	default:
		ms = t.UnixMilli()
	}
	ms -= backdate.Milliseconds()
	if ms < 0 || t.Year() > 9999 {
		return 0, fmt.Errorf("zoomsig: %w: the clock reads %v, outside 1970..9999", ErrInvalidOption, t.UTC())
	}
	return ms, nil
}

// Limits on what the package accepts.
const (
	maxKeyLen    = 128
	minSecretLen = 14 // hmac.New panics on shorter keys in FIPS-only mode
	maxSecretLen = 1024
)

func checkKey(key string) error {
	if key == "" {
		return fmt.Errorf("zoomsig: %w: the key is empty", ErrInvalidKey)
	}
	if len(key) > maxKeyLen {
		return fmt.Errorf("zoomsig: %w: the key is %d bytes, more than %d", ErrInvalidKey, len(key), maxKeyLen)
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == '.' {
			return fmt.Errorf("zoomsig: %w: the key holds '.' at byte %d, which would split the signature", ErrInvalidKey, i)
		}
		if c <= ' ' || c > '~' {
			return fmt.Errorf("zoomsig: %w: the key holds a space or non-printable byte at byte %d", ErrInvalidKey, i)
		}
	}
	return nil
}

func checkSecret(secret string) error {
	switch {
	case secret == "":
		return fmt.Errorf("zoomsig: %w: the secret is empty", ErrInvalidSecret)
	case len(secret) < minSecretLen:
		return fmt.Errorf("zoomsig: %w: the secret is %d bytes, fewer than %d (no Zoom secret is that short; HMAC refuses such keys in FIPS mode)", ErrInvalidSecret, len(secret), minSecretLen)
	case len(secret) > maxSecretLen:
		return fmt.Errorf("zoomsig: %w: the secret is %d bytes, more than %d", ErrInvalidSecret, len(secret), maxSecretLen)
	}
	return nil
}

func checkMeetingNumber(mn string) error {
	if len(mn) >= 9 && len(mn) <= 12 && allDigits(mn) {
		return nil
	}
	return fmt.Errorf("zoomsig: %w: %q is not 9 to 12 digits (NormalizeMeetingNumber strips the spaces and dashes people paste)", ErrInvalidMeetingNumber, clip(mn))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// clip shortens untrusted text before it is quoted in an error.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// NormalizeMeetingNumber removes the spaces and dashes people paste into
// meeting numbers ("852 3727 2833", "852-3727-2833") and checks that 9 to 12
// digits remain.
func NormalizeMeetingNumber(s string) (string, error) {
	if len(s) > 64 {
		return "", fmt.Errorf("zoomsig: %w: %d bytes is too long for a meeting number", ErrInvalidMeetingNumber, len(s))
	}
	out := make([]byte, 0, 12)
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			out = append(out, byte(r))
		case unicode.IsSpace(r) || r == '-' || unicode.Is(unicode.Pd, r):
		default:
			return "", fmt.Errorf("zoomsig: %w: %q holds %q, which is neither a digit, a space nor a dash", ErrInvalidMeetingNumber, clip(s), r)
		}
	}
	mn := string(out)
	if err := checkMeetingNumber(mn); err != nil {
		return "", err
	}
	return mn, nil
}

// Signer makes signatures with one key and secret. It is built by
// [NewSigner], which validates and copies its configuration; it is safe for
// concurrent use, and computes the HMAC key schedule once, not per call.
//
// A Signer never reveals its secret: every fmt verb and slog print only the
// key and settings.
type Signer struct {
	key       string
	clock     Clock
	backdate  time.Duration
	dialect   Dialect
	prefix    keyPrefix
	jwtPrefix jwtPrefix
	expiry    time.Duration
	webrtc    int
	macs      sync.Pool // of *macState
}

// macState is per-call scratch space: a keyed HMAC and three buffers,
// pooled so that signing allocates only the string it returns. Each buffer
// is a separate array, so an input longer than expected makes append
// allocate instead of running into another buffer.
type macState struct {
	mac     hash.Hash
	sum     [sha256.Size]byte
	a, b, c [512]byte
}

// NewSigner returns a Signer for the key and secret. Options: [WithClock],
// [WithBackdate], [WithDialect] (for Sign), and [WithExpiry] and
// [WithVideoWebRTCMode] (defaults for SignJWT).
func NewSigner(key, secret string, opts ...Option) (*Signer, error) {
	cfg := defaultConfig()
	if err := cfg.apply("NewSigner", optClock|optBackdate|optDialect|optExpiry|optVideoWebRTCMode, opts); err != nil {
		return nil, err
	}
	return newSigner(key, secret, &cfg)
}

func newSigner(key, secret string, cfg *config) (*Signer, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if err := checkSecret(secret); err != nil {
		return nil, err
	}
	s := &Signer{
		key:       key,
		clock:     cfg.clock,
		backdate:  cfg.backdate,
		dialect:   cfg.dialect,
		prefix:    newKeyPrefix(key, dialects[cfg.dialect]),
		jwtPrefix: newJWTPrefix(key),
		expiry:    cfg.expiry,
		webrtc:    cfg.webrtc,
	}
	// No field holds the secret: only this closure does, and fmt prints a
	// func as an address, so even a copied Signer printed with a wrong verb
	// cannot show it.
	sb := []byte(secret)
	s.macs.New = func() any { return &macState{mac: hmac.New(sha256.New, sb)} }
	return s, nil
}

// Key returns the SDK/API key the Signer signs for.
func (s *Signer) Key() string { return s.key }

// Sign returns a legacy Web SDK 1.x signature for the meeting and role, in
// the Signer's dialect, dated by its clock less its backdate.
func (s *Signer) Sign(meetingNumber string, role Role) (string, error) {
	ts, err := legacyInputs(meetingNumber, role, s.dialect, s.clock, s.backdate)
	if err != nil {
		return "", err
	}
	st := s.macs.Get().(*macState)
	sig := string(st.appendLegacy(st.b[:0], dialects[s.dialect], s.prefix, s.key, meetingNumber, ts, role))
	s.macs.Put(st)
	return sig, nil
}

// legacyInputs checks the per-call inputs and returns the timestamp.
func legacyInputs(meetingNumber string, role Role, d Dialect, c Clock, backdate time.Duration) (int64, error) {
	if err := checkMeetingNumber(meetingNumber); err != nil {
		return 0, err
	}
	if err := checkRole(role); err != nil {
		return 0, err
	}
	return d.timestamp(now(c), backdate)
}

// Generate is the one-shot form of [NewSigner] and [Signer.Sign]: it returns
// a legacy Web SDK 1.x signature. Options: [WithClock], [WithBackdate],
// [WithDialect]. A server that signs many joins should keep a Signer, which
// keys the HMAC once instead of on every call.
func Generate(key, secret, meetingNumber string, role Role, opts ...Option) (string, error) {
	cfg := defaultConfig()
	if err := cfg.apply("Generate", optClock|optBackdate|optDialect, opts); err != nil {
		return "", err
	}
	if err := checkKey(key); err != nil {
		return "", err
	}
	if err := checkSecret(secret); err != nil {
		return "", err
	}
	ts, err := legacyInputs(meetingNumber, role, cfg.dialect, cfg.clock, cfg.backdate)
	if err != nil {
		return "", err
	}
	st := macState{mac: hmac.New(sha256.New, []byte(secret))}
	return string(st.appendLegacy(st.b[:0], dialects[cfg.dialect], keyPrefix{}, key, meetingNumber, ts, role)), nil
}

// keyPrefix caches the base64 of the key's leading bytes, rounded down to
// a multiple of three: base64 of such a prefix is the same whatever follows
// it, so the message and the outer encoding can start from it.
type keyPrefix struct {
	n     int    // bytes of the key covered
	msg   string // their base64 in the message alphabet
	outer string // their base64 (after gsub, if the dialect does it) in the outer alphabet
}

func newKeyPrefix(key string, spec dialectSpec) keyPrefix {
	n := len(key) / 3 * 3
	head := []byte(key[:n])
	p := keyPrefix{n: n, msg: string(appendBase64(nil, head, spec.urlHash, false))}
	if spec.gsub {
		gsub(head)
	}
	p.outer = string(appendBase64(nil, head, spec.urlOuter, false))
	return p
}

// gsub does Ruby's gsub('-','+').gsub('_','/') in place.
func gsub(b []byte) {
	for i, c := range b {
		switch c {
		case '-':
			b[i] = '+'
		case '_':
			b[i] = '/'
		}
	}
}

// appendLegacy appends a legacy signature to dst, using st.a and st.c as
// scratch (dst may be st.b[:0]):
//
//	msg  = base64(key + mn + ts + role)
//	hash = base64(HMAC-SHA256(secret, msg))
//	sig  = base64(key "." mn "." ts "." role "." hash)
//
// pre covers the first pre.n bytes of key; the zero keyPrefix covers none.
// role must be 0 or 1.
func (st *macState) appendLegacy(dst []byte, spec dialectSpec, pre keyPrefix, key, mn string, ts int64, role Role) []byte {
	rest := key[pre.n:]

	// The raw message goes in a, the message in dst's spare room (it is
	// dead before dst is written), the joined fields in c.
	joined := append(st.c[:0], rest...)
	joined = append(joined, '.')
	joined = append(joined, mn...)
	joined = append(joined, '.')
	tsAt := len(joined)
	joined = strconv.AppendInt(joined, ts, 10)
	tsEnd := len(joined)
	joined = append(joined, '.', '0'+byte(role), '.')

	raw := append(st.a[:0], rest...)
	raw = append(raw, mn...)
	raw = append(raw, joined[tsAt:tsEnd]...)
	raw = append(raw, '0'+byte(role))
	msg := append(dst[len(dst):], pre.msg...)
	msg = appendBase64(msg, raw, spec.urlHash, true)

	st.mac.Reset()
	st.mac.Write(msg)
	joined = appendBase64(joined, st.mac.Sum(st.sum[:0]), spec.urlHash, true)
	if spec.gsub {
		gsub(joined)
	}
	dst = append(dst, pre.outer...)
	return appendBase64(dst, joined, spec.urlOuter, spec.padOuter)
}

func outerEncoding(url, pad bool) *base64.Encoding {
	switch {
	case url && pad:
		return base64.URLEncoding
	case url:
		return base64.RawURLEncoding
	case pad:
		return base64.StdEncoding
	}
	return base64.RawStdEncoding
}

// Format prints the Signer without its secret, for every verb.
func (s *Signer) Format(f fmt.State, verb rune) {
	if s == nil {
		fmt.Fprint(f, "zoomsig.Signer(nil)")
		return
	}
	fmt.Fprintf(f, "zoomsig.Signer{key:%q secret:REDACTED dialect:%s}", s.key, s.dialect)
}

// LogValue makes slog print the Signer without its secret.
func (s *Signer) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(
		slog.String("key", s.key),
		slog.String("secret", "REDACTED"),
		slog.String("dialect", s.dialect.String()),
	)
}

// CheckCredentials reports whether key and secret are usable, with the
// same errors ([ErrInvalidKey], [ErrInvalidSecret]) the signing and
// verifying functions give; a command can check them once, up front.
func CheckCredentials(key, secret string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	return checkSecret(secret)
}
