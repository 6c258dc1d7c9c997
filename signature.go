package zoomsig

import (
	"crypto/sha256"
	"encoding/base64"
	"math"
	"strconv"
	"time"
)

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
	return 0, errorf(ErrInvalidOption, "unknown dialect %q", clip(name))
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
	ms := d.millis(t, backdate)
	if ms < 0 || t.Year() > 9999 {
		return 0, errorf(ErrInvalidOption, "the clock reads %v, outside 1970..9999", t.UTC())
	}
	return ms, nil
}

// millis is the timestamp the dialect writes for t, unchecked.
func (d Dialect) millis(t time.Time, backdate time.Duration) int64 {
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
	return ms - backdate.Milliseconds()
}

// Sign returns a legacy Web SDK 1.x signature for the meeting and role, in
// the Signer's dialect, dated by its clock less its backdate.
func (s *Signer) Sign(meetingNumber string, role Role) (string, error) {
	if err := s.usable(); err != nil {
		return "", err
	}
	if err := checkLegacyInputs(meetingNumber, role); err != nil {
		return "", err
	}
	ts, err := s.stamp()
	if err != nil {
		return "", err
	}
	st := s.macs.Get().(*macState)
	sig := string(st.appendLegacy(st.b[:0], dialects[s.cfg.dialect], s.prefix, s.key, meetingNumber, ts, role))
	s.macs.Put(st)
	return sig, nil
}

// stampText is a legacy timestamp's digits: every signature a Signer makes
// within the same millisecond shares them.
type stampText struct {
	ms   int64
	text []byte
}

// stamp returns the digits of the timestamp Sign writes now.
func (s *Signer) stamp() ([]byte, error) {
	t := now(s.cfg.clock)
	ms := s.cfg.dialect.millis(t, s.cfg.backdate)
	if c := s.stamps.Load(); c != nil && c.ms == ms {
		return c.text, nil
	}
	ms, err := s.cfg.dialect.timestamp(t, s.cfg.backdate)
	if err != nil {
		return nil, err
	}
	text := strconv.AppendInt(nil, ms, 10)
	s.stamps.Store(&stampText{ms, text})
	return text, nil
}

// checkLegacyInputs checks the per-call inputs.
func checkLegacyInputs(meetingNumber string, role Role) error {
	if err := checkMeetingNumber(meetingNumber); err != nil {
		return err
	}
	return checkRole(role)
}

// Generate is the one-shot form of [NewSigner] and [Signer.Sign]: it returns
// a legacy Web SDK 1.x signature. Options: [WithClock], [WithBackdate],
// [WithDialect]. A server that signs many joins should keep a Signer, which
// keys the HMAC once instead of on every call.
func Generate(key, secret, meetingNumber string, role Role, opts ...Option) (string, error) {
	cfg, _, err := configure(defaultSettings(), "Generate", forGenerate, opts)
	if err != nil {
		return "", err
	}
	if err := CheckCredentials(key, secret); err != nil {
		return "", err
	}
	if err := checkLegacyInputs(meetingNumber, role); err != nil {
		return "", err
	}
	ts, err := cfg.dialect.timestamp(now(cfg.clock), cfg.backdate)
	if err != nil {
		return "", err
	}
	keys := newKeySchedule([]byte(secret))
	st := macState{keys: &keys, h: sha256.New()}
	return string(st.appendLegacy(st.b[:0], dialects[cfg.dialect], keyPrefix{}, key, meetingNumber, strconv.AppendInt(nil, ts, 10), role)), nil
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
//	msg  = base64(key + mn + ts + role)          (ts: the timestamp's digits)
//	hash = base64(HMAC-SHA256(secret, msg))
//	sig  = base64(key "." mn "." ts "." role "." hash)
//
// pre covers the first pre.n bytes of key; the zero keyPrefix covers none.
// role must be 0 or 1.
func (st *macState) appendLegacy(dst []byte, spec dialectSpec, pre keyPrefix, key, mn string, ts []byte, role Role) []byte {
	rest := key[pre.n:]

	// The raw message goes in a, the message in dst's spare room (it is
	// dead before dst is written), the joined fields in c.
	joined := append(st.c[:0], rest...)
	joined = append(joined, '.')
	joined = append(joined, mn...)
	joined = append(joined, '.')
	joined = append(joined, ts...)
	joined = append(joined, '.', '0'+byte(role), '.')

	raw := append(st.a[:0], rest...)
	raw = append(raw, mn...)
	raw = append(raw, ts...)
	raw = append(raw, '0'+byte(role))
	msg := append(dst[len(dst):], pre.msg...)
	msg = appendBase64(msg, raw, spec.urlHash, true)

	joined = appendBase64(joined, st.mac(msg, midstate{}), spec.urlHash, true)
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
