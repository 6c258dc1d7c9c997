package zoomsig

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The JWT machinery both token kinds share (Meeting SDK and Video SDK):
// HS256 encoding, strict decoding, the alg check, the HMAC check, the claim
// reader, and the time rules. jwt.go and video.go hold what differs.

const (
	jwtHeaderB64 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" // {"alg":"HS256","typ":"JWT"}

	// MaxTokenLen caps the input ParseJWT, VerifyJWT and their Video SDK
	// counterparts read. Real tokens are under 1 KiB.
	MaxTokenLen = 8192
)

// jwtTimes returns iat and exp for a token signed now under cfg: iat is
// the clock less the backdate (whole seconds, as JWT times are), exp is
// iat plus the lifetime.
func (cfg *settings) jwtTimes() (iat, exp int64, err error) {
	return cfg.jwtTimesAt(now(cfg.clock))
}

// jwtTimesAt is jwtTimes at the instant t.
func (cfg *settings) jwtTimesAt(t time.Time) (iat, exp int64, err error) {
	if cfg.backdate%time.Second != 0 {
		return 0, 0, errorf(ErrInvalidOption, "backdate %v is not whole seconds, as JWT times are", cfg.backdate)
	}
	iat = t.Unix() - seconds(cfg.backdate)
	if iat <= 0 || t.Year() > 9999 {
		return 0, 0, errorf(ErrInvalidOption, "the clock reads %v, outside 1970..9999", t.UTC())
	}
	return iat, iat + seconds(cfg.expiry), nil
}

// jwtPrefix caches the start of a Signer's tokens: the header, the '.',
// and the base64 of the payload's first members up to a multiple of three
// bytes; tail holds the bytes left over.
type jwtPrefix struct {
	encoded string
	tail    string
	// mid is the HMAC's inner state after encoded's whole blocks: derived
	// from the secret, so held behind a pointer, which fmt prints as an
	// address even in a Signer copied by value.
	mid *midstate
}

// newJWTPrefix caches head, the payload's first members, and absorbs what
// it can of them into the inner HMAC state of keys.
func newJWTPrefix(head []byte, keys *keySchedule) jwtPrefix {
	n := len(head) / 3 * 3
	p := jwtPrefix{
		encoded: jwtHeaderB64 + "." + string(appendBase64(nil, head[:n], true, false)),
		tail:    string(head[n:]),
	}
	mid := keys.newMidstate(p.encoded)
	p.mid = &mid
	return p
}

// appendJWT appends header.payload.signature to dst, where the payload is
// the prefix's cached bytes followed by rest, which starts with p.tail.
func (st *macState) appendJWT(dst []byte, p *jwtPrefix, rest []byte) []byte {
	start := len(dst)
	dst = append(dst, p.encoded...)
	dst = appendBase64(dst, rest, true, false)
	mid := midstate{}
	if p.mid != nil {
		mid = *p.mid
	}
	sum := st.mac(dst[start:], mid)
	dst = append(dst, '.')
	return appendBase64(dst, sum, true, false)
}

// rawJWT is a structurally valid JWT, not yet judged.
type rawJWT struct {
	header, payload claimSet
	alg             string
	signingInput    string // header.payload as written
	sig             []byte
}

// decodeJWT splits and decodes a JWT strictly: three segments of canonical
// unpadded base64url, a header and payload that are JSON objects, a string
// "alg". The signature may be of any length, even empty ("alg":"none").
func decodeJWT(token string) (*rawJWT, error) {
	if token == "" {
		return nil, malformed("the token is empty")
	}
	if len(token) > MaxTokenLen {
		return nil, malformed("the token is %d bytes, more than %d", len(token), MaxTokenLen)
	}
	seg := strings.Split(token, ".")
	if len(seg) != 3 {
		return nil, malformed("the token has %d '.'-separated segments, not 3 (header.payload.signature)", len(seg))
	}
	names := [3]string{"header", "payload", "signature"}
	var dec [3][]byte
	for i, s := range seg {
		b, err := decodeSegment(s)
		if err != nil {
			return nil, malformed("the %s segment %s", names[i], detailOf(err))
		}
		dec[i] = b
	}
	header, err := decodeClaimSet("header", dec[0])
	if err != nil {
		return nil, err
	}
	payload, err := decodeClaimSet("payload", dec[1])
	if err != nil {
		return nil, err
	}
	alg, ok, err := header.str("alg")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, malformed("the header has no \"alg\"")
	}
	return &rawJWT{header: header, payload: payload, alg: alg, signingInput: seg[0] + "." + seg[1], sig: dec[2]}, nil
}

// decodeSegment decodes canonical unpadded base64url, refusing padding,
// the standard alphabet, whitespace and non-zero trailing bits.
func decodeSegment(s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return nil, malformed("holds %q at byte %d, which is not unpadded base64url", c, i)
		}
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || base64.RawURLEncoding.EncodeToString(b) != s {
		return nil, malformed("is not canonical base64url")
	}
	return b, nil
}

func requiredTime(p claimSet, name string) (time.Time, error) {
	n, ok, err := p.integer(name)
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return time.Time{}, malformed("the payload has no %q", name)
	}
	return time.Unix(n, 0).UTC(), nil
}

// startVerify is what every JWT verifier does first: take its options and
// credentials, decode the token, and refuse every alg but HS256.
func startVerify(caller, token, key, secret string, opts []Option) (*settings, *rawJWT, error) {
	cfg, _, err := configure(defaultSettings(), caller, forVerifyJWT, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := CheckCredentials(key, secret); err != nil {
		return nil, nil, err
	}
	raw, err := decodeJWT(token)
	if err != nil {
		return nil, nil, err
	}
	if err := raw.checkAlg(); err != nil {
		return nil, nil, err
	}
	return &cfg, raw, nil
}

// kindEvidence names each of the two SDK token kinds and the claims that
// say a token is of it (those kindOf reads first).
var kindEvidence = map[Format]struct {
	name   string
	claims []string
}{
	FormatVideoJWT:   {"Video SDK", append(videoEvidence[:len(videoEvidence):len(videoEvidence)], "role_type")},
	FormatMeetingJWT: {"Meeting SDK", meetingEvidence},
}

// otherKind is err, the refusal of a token by the verifier of one kind
// (want), unless the one rule that tells the kinds apart (kindOf) says the
// token is of the other kind: then an error naming the claims that say so
// and the function to call instead (use).
func (raw *rawJWT) otherKind(err error, want Format, use string) error {
	kind := kindOf(raw.header, raw.payload)
	other, ok := kindEvidence[kind]
	if err == nil || kind == want || !ok {
		return err
	}
	var has []string
	for _, c := range other.claims {
		if raw.payload.has(c) {
			has = append(has, strconv.Quote(c))
		}
	}
	if len(has) == 0 {
		return err // a near-miss alone: the reader's own error says more
	}
	return malformed("this is a %s token (it has %s), not a %s token: use %s", other.name, strings.Join(has, ", "), kindEvidence[want].name, use)
}

// checkAlg refuses every header alg but HS256, before anything else is
// looked at, so that no other algorithm is ever considered.
func (raw *rawJWT) checkAlg() error {
	if raw.alg != "HS256" {
		return errorf(ErrAlgorithm, "the header says %q; Zoom uses HS256 only", clip(raw.alg))
	}
	return nil
}

// verify checks the HMAC, in constant time.
func (raw *rawJWT) verify(secret string) error {
	if !hmac.Equal(hmacSHA256(secret, raw.signingInput), raw.sig) {
		return errorf(ErrHashMismatch, "the token's HMAC-SHA256 does not match the secret")
	}
	return nil
}

// checkJWTTimes judges iat, exp and tokenExp (zero when absent) with the
// shared rules: the lifetime window, then the time judgement.
func checkJWTTimes(cfg *settings, iat, exp, tokenExp time.Time) error {
	if err := checkLifetime(exp.Sub(iat)); err != nil {
		return err
	}
	t := now(cfg.clock)
	f := judgeTime(t, iat, exp, cfg.leeway)
	switch {
	case f.early:
		return errorf(ErrNotYetValid, "iat is %v ahead of the clock (leeway %v)", f.ahead.Round(time.Second), cfg.leeway)
	case f.expired:
		return expiredError("%v ago (exp %v)", f.late.Round(time.Second), exp.Format(time.RFC3339))
	}
	if tokenExp.IsZero() {
		return nil
	}
	if f := judgeTime(t, iat, tokenExp, cfg.leeway); f.expired {
		return expiredError("%v ago (tokenExp %v)", f.late.Round(time.Second), tokenExp.Format(time.RFC3339))
	}
	return nil
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
