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

// Meeting SDK JWTs (Web SDK 2.3 and later, and the native Meeting SDKs).
//
// The header is always {"alg":"HS256","typ":"JWT"}; the payload is written
// member by member in the order Zoom's meetingsdk-auth-endpoint-sample
// writes it, so that a token is byte-identical to the sample's for the same
// inputs and instant:
//
//	{"appKey":K,"sdkKey":K,"mn":"123456789","role":0,"iat":S,"exp":S+7200,"tokenExp":S+7200}
//
// followed by "video_webrtc_mode" only when it is set.

const (
	jwtHeaderB64 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" // {"alg":"HS256","typ":"JWT"}

	// MaxTokenLen caps the input ParseJWT, VerifyJWT and their Video SDK
	// counterparts read. Real tokens are under 1 KiB.
	MaxTokenLen = 8192
)

// Claims is a decoded Meeting SDK JWT.
type Claims struct {
	AppKey          string    // "appKey"
	SDKKey          string    // "sdkKey"
	MeetingNumber   string    // "mn", digits; Zoom writes a string, a number is accepted
	Role            Role      // "role"
	IssuedAt        time.Time // "iat"
	ExpiresAt       time.Time // "exp"
	TokenExpiresAt  time.Time // "tokenExp"; zero when absent
	VideoWebRTCMode *int      // "video_webrtc_mode"; nil when absent

	// Native is set for a token without "mn" and "role", as the native
	// Meeting SDKs take (see SignNativeJWT).
	Native bool
	// Algorithm is the header's "alg".
	Algorithm string

	raw *rawJWT // what Diagnose looks at beyond the fields above
}

// WithExpiry sets a JWT's lifetime, exp - iat. The default is
// [DefaultExpiry] (2 h). Zoom accepts whole seconds from [MinExpiry] (30 min)
// to [MaxExpiry] (48 h); anything else is an error. Applies to NewSigner (as
// the Signer's default) and to every JWT-making function.
func WithExpiry(d time.Duration) Option {
	return func(cfg *config) {
		cfg.set |= optExpiry
		switch {
		case d%time.Second != 0:
			cfg.fail("expiry %v is not whole seconds", d)
		case d < MinExpiry || d > MaxExpiry:
			cfg.fail("expiry %v is outside %v..%v, which Zoom refuses", d, MinExpiry, MaxExpiry)
		}
		cfg.expiry = d
	}
}

// WithVideoWebRTCMode adds the "video_webrtc_mode" claim (0 or 1) to a
// Meeting SDK JWT; without it the claim is absent. Applies to NewSigner (as
// the Signer's default), GenerateJWT, SignJWT, GenerateNativeJWT and
// SignNativeJWT.
func WithVideoWebRTCMode(mode int) Option {
	return func(cfg *config) {
		cfg.set |= optVideoWebRTCMode
		if mode != 0 && mode != 1 {
			cfg.fail("video WebRTC mode %d is neither 0 nor 1", mode)
		}
		cfg.webrtc = mode
	}
}

// jwtTimes are the instants a JWT is signed with.
type jwtTimes struct{ iat, exp int64 }

// jwtConfig is what a JWT-making call needs beyond key and secret.
type jwtConfig struct {
	clock    Clock
	backdate time.Duration
	expiry   time.Duration
	webrtc   int // -1: absent
}

func (j jwtConfig) times() (jwtTimes, error) {
	if j.backdate%time.Second != 0 {
		return jwtTimes{}, fmt.Errorf("zoomsig: %w: backdate %v is not whole seconds, as JWT times are", ErrInvalidOption, j.backdate)
	}
	t := now(j.clock)
	iat := t.Unix() - int64(j.backdate/time.Second)
	if iat <= 0 || t.Year() > 9999 {
		return jwtTimes{}, fmt.Errorf("zoomsig: %w: the clock reads %v, outside 1970..9999", ErrInvalidOption, t.UTC())
	}
	return jwtTimes{iat, iat + int64(j.expiry/time.Second)}, nil
}

const jwtOptions = optClock | optBackdate | optExpiry | optVideoWebRTCMode

// jwtConfig returns the Signer's JWT settings overridden by opts.
func (s *Signer) jwtConfig(caller string, allowed optID, opts []Option) (jwtConfig, error) {
	j := jwtConfig{clock: s.clock, backdate: s.backdate, expiry: s.expiry, webrtc: s.webrtc}
	if len(opts) == 0 {
		return j, nil
	}
	cfg := config{clock: j.clock, backdate: j.backdate, expiry: j.expiry, webrtc: j.webrtc, maxAge: DefaultMaxAge}
	if err := cfg.apply(caller, allowed, opts); err != nil {
		return j, err
	}
	return jwtConfig{clock: cfg.clock, backdate: cfg.backdate, expiry: cfg.expiry, webrtc: cfg.webrtc}, nil
}

// SignJWT returns a Meeting SDK JWT for the meeting and role. Options
// override the Signer's settings for this call: [WithExpiry],
// [WithVideoWebRTCMode], [WithBackdate] (whole seconds for JWTs), [WithClock].
func (s *Signer) SignJWT(meetingNumber string, role Role, opts ...Option) (string, error) {
	j, err := s.jwtConfig("SignJWT", jwtOptions, opts)
	if err != nil {
		return "", err
	}
	if err := checkMeetingNumber(meetingNumber); err != nil {
		return "", err
	}
	if err := checkRole(role); err != nil {
		return "", err
	}
	return s.signMeetingJWT(j, meetingNumber, role, true)
}

// SignNativeJWT returns a Meeting SDK JWT without "mn" and "role", as the
// native (non-web) Meeting SDKs take. Options as for SignJWT.
func (s *Signer) SignNativeJWT(opts ...Option) (string, error) {
	j, err := s.jwtConfig("SignNativeJWT", jwtOptions, opts)
	if err != nil {
		return "", err
	}
	return s.signMeetingJWT(j, "", 0, false)
}

func (s *Signer) signMeetingJWT(j jwtConfig, mn string, role Role, withMeeting bool) (string, error) {
	t, err := j.times()
	if err != nil {
		return "", err
	}
	st := s.macs.Get().(*macState)
	body := st.a[:0]
	if withMeeting {
		body = appendJSONString(appendJSONField(body, "mn", false), mn)
		body = appendJSONInt(body, "role", int64(role))
	}
	body = appendJSONInt(body, "iat", t.iat)
	body = appendJSONInt(body, "exp", t.exp)
	body = appendJSONInt(body, "tokenExp", t.exp)
	if j.webrtc >= 0 {
		body = appendJSONInt(body, "video_webrtc_mode", int64(j.webrtc))
	}
	body = append(body, '}')
	token := string(st.appendJWT(st.c[:0], &s.jwtPrefix, body))
	s.macs.Put(st)
	return token, nil
}

// jwtPrefix caches the start of a Signer's Meeting SDK tokens: the header,
// the '.', and the base64 of the payload's `{"appKey":K,"sdkKey":K` up to a
// multiple of three bytes; tail holds the bytes left over.
type jwtPrefix struct {
	encoded string
	tail    string
}

func newJWTPrefix(key string) jwtPrefix {
	head := appendJSONString(append([]byte(nil), `{"appKey":`...), key)
	head = appendJSONString(append(head, `,"sdkKey":`...), key)
	n := len(head) / 3 * 3
	return jwtPrefix{
		encoded: jwtHeaderB64 + "." + string(appendBase64(nil, head[:n], true, false)),
		tail:    string(head[n:]),
	}
}

// appendJWT appends header.payload.signature to dst, where the payload is
// the prefix's bytes followed by body. It uses st.b as scratch.
func (st *macState) appendJWT(dst []byte, p *jwtPrefix, body []byte) []byte {
	rest := append(append(st.b[:0], p.tail...), body...)
	start := len(dst)
	dst = append(dst, p.encoded...)
	dst = appendBase64(dst, rest, true, false)
	st.mac.Reset()
	st.mac.Write(dst[start:])
	dst = append(dst, '.')
	return appendBase64(dst, st.mac.Sum(st.sum[:0]), true, false)
}

// GenerateJWT is the one-shot form of [NewSigner] and [Signer.SignJWT]: it
// returns a Meeting SDK JWT. Options: [WithClock], [WithBackdate] (default
// 30 s; WithBackdate(0) reproduces Zoom's current sample, which does not
// back-date), [WithExpiry], [WithVideoWebRTCMode].
//
// Why back-date by default: Zoom refuses a token whose iat lies in its
// future ("Invalid signature", 3712), and the signing server's clock may run
// seconds ahead of Zoom's; Zoom's own sample back-dated by 30 s in 2022-2023.
func GenerateJWT(key, secret, meetingNumber string, role Role, opts ...Option) (string, error) {
	s, err := oneShot("GenerateJWT", jwtOptions, key, secret, opts)
	if err != nil {
		return "", err
	}
	return s.SignJWT(meetingNumber, role)
}

// GenerateNativeJWT is the one-shot form of [Signer.SignNativeJWT].
func GenerateNativeJWT(key, secret string, opts ...Option) (string, error) {
	s, err := oneShot("GenerateNativeJWT", jwtOptions, key, secret, opts)
	if err != nil {
		return "", err
	}
	return s.SignNativeJWT()
}

// oneShot builds a Signer for one JWT-making call that takes the options
// in allowed.
func oneShot(caller string, allowed optID, key, secret string, opts []Option) (*Signer, error) {
	cfg := defaultConfig()
	if err := cfg.apply(caller, allowed, opts); err != nil {
		return nil, err
	}
	return newSigner(key, secret, &cfg)
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
			return nil, malformed("the %s segment %v", names[i], err)
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
			return nil, fmt.Errorf("holds %q at byte %d, which is not unpadded base64url", c, i)
		}
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || base64.RawURLEncoding.EncodeToString(b) != s {
		return nil, fmt.Errorf("is not canonical base64url")
	}
	return b, nil
}

// ParseJWT decodes a Meeting SDK JWT without checking its signature or its
// times: for inspection only. It refuses a token that is not a well-formed
// JWT or whose payload has neither "sdkKey" nor "appKey" ([ErrMalformed]).
// It accepts any "alg"; VerifyJWT does not.
func ParseJWT(token string) (*Claims, error) {
	raw, err := decodeJWT(token)
	if err != nil {
		return nil, err
	}
	return meetingClaims(raw)
}

func meetingClaims(raw *rawJWT) (*Claims, error) {
	p := raw.payload
	c := &Claims{Algorithm: raw.alg, raw: raw}
	var okApp, okSDK bool
	var err error
	if c.AppKey, okApp, err = p.str("appKey"); err != nil {
		return nil, err
	}
	if c.SDKKey, okSDK, err = p.str("sdkKey"); err != nil {
		return nil, err
	}
	if !okApp && !okSDK {
		return nil, malformed("the payload has neither \"sdkKey\" nor \"appKey\": not a Meeting SDK token")
	}
	hasMN := p.has("mn")
	if hasMN {
		if c.MeetingNumber, _, err = p.str("mn"); err != nil {
			n, _, nerr := p.integer("mn")
			if nerr != nil || n < 0 {
				return nil, malformed("the \"mn\" claim is neither a string nor a whole number")
			}
			c.MeetingNumber = strconv.FormatInt(n, 10)
		}
	}
	role, hasRole, err := p.integer("role")
	if err != nil {
		return nil, err
	}
	if hasRole && role != 0 && role != 1 {
		return nil, malformed("the \"role\" claim %d is neither 0 nor 1", role)
	}
	c.Role = Role(role)
	c.Native = !hasMN && !hasRole
	if c.IssuedAt, err = requiredTime(p, "iat"); err != nil {
		return nil, err
	}
	if c.ExpiresAt, err = requiredTime(p, "exp"); err != nil {
		return nil, err
	}
	if n, ok, err := p.integer("tokenExp"); err != nil {
		return nil, err
	} else if ok {
		c.TokenExpiresAt = time.Unix(n, 0).UTC()
	}
	if c.VideoWebRTCMode, err = p.optInt("video_webrtc_mode"); err != nil {
		return nil, err
	}
	return c, nil
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

// VerifyJWT parses a Meeting SDK JWT and judges it as Zoom does: the header
// alg must be HS256, checked first ([ErrAlgorithm]; "none" and every other
// alg are refused);
// "sdkKey" and "appKey", where present, must be key ([ErrKeyMismatch]); the
// HMAC-SHA256 under secret must match, compared in constant time
// ([ErrHashMismatch]); exp - iat must lie in 30 min..48 h ([ErrExpiryWindow]);
// iat must not lie in the future ([ErrNotYetValid], see [WithLeeway]); the
// token is expired at or after exp and tokenExp ([ErrExpired]). "mn" and
// "role" must come together, or neither (a native token). Options:
// [WithClock], [WithLeeway].
//
// VerifyJWT returns the claims whenever the token parses, even with an
// error, so that a caller can show what it holds.
func VerifyJWT(token, key, secret string, opts ...Option) (*Claims, error) {
	cfg, raw, err := startVerify("VerifyJWT", token, key, secret, opts)
	if err != nil {
		return nil, err
	}
	c, err := meetingClaims(raw)
	if err != nil {
		return nil, err
	}
	for _, k := range [...]struct{ name, value string }{{"sdkKey", c.SDKKey}, {"appKey", c.AppKey}} {
		if raw.payload.has(k.name) && k.value != key {
			return c, fmt.Errorf("zoomsig: %w: the token's %q is %q, not the expected key", ErrKeyMismatch, k.name, clip(k.value))
		}
	}
	if err := raw.verify(secret); err != nil {
		return c, err
	}
	if raw.payload.has("mn") != raw.payload.has("role") {
		return c, malformed("the token has one of \"mn\" and \"role\" without the other")
	}
	if !c.Native {
		if err := checkMeetingNumber(c.MeetingNumber); err != nil {
			return c, fmt.Errorf("zoomsig: %w: %w", ErrMalformed, err)
		}
	}
	return c, cfg.checkJWTTimes(c.IssuedAt, c.ExpiresAt, c.TokenExpiresAt)
}

// startVerify is what every JWT verifier does first: take its options and
// credentials, decode the token, and refuse every alg but HS256.
func startVerify(caller, token, key, secret string, opts []Option) (*config, *rawJWT, error) {
	cfg := defaultConfig()
	if err := cfg.apply(caller, optClock|optLeeway, opts); err != nil {
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

// checkAlg refuses every header alg but HS256, before anything else is
// looked at, so that no other algorithm is ever considered.
func (raw *rawJWT) checkAlg() error {
	if raw.alg != "HS256" {
		return fmt.Errorf("zoomsig: %w: the header says %q; Zoom uses HS256 only", ErrAlgorithm, clip(raw.alg))
	}
	return nil
}

// verify checks the HMAC, in constant time.
func (raw *rawJWT) verify(secret string) error {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(raw.signingInput))
	if !hmac.Equal(m.Sum(nil), raw.sig) {
		return fmt.Errorf("zoomsig: %w: the token's HMAC-SHA256 does not match the secret", ErrHashMismatch)
	}
	return nil
}

// checkJWTTimes judges iat, exp and tokenExp (zero when absent).
func (c *config) checkJWTTimes(iat, exp, tokenExp time.Time) error {
	if w := exp.Sub(iat); w < MinExpiry || w > MaxExpiry {
		return fmt.Errorf("zoomsig: %w: exp - iat is %ds, outside %d..%d", ErrExpiryWindow, exp.Unix()-iat.Unix(), int(MinExpiry.Seconds()), int(MaxExpiry.Seconds()))
	}
	t := now(c.clock)
	if ahead := iat.Sub(t); ahead > c.leeway {
		return fmt.Errorf("zoomsig: %w: iat is %v ahead of the clock (leeway %v)", ErrNotYetValid, ahead.Round(time.Second), c.leeway)
	}
	if !t.Before(exp) {
		return fmt.Errorf("zoomsig: %w %v ago (exp %v)", ErrExpired, t.Sub(exp).Round(time.Second), exp.Format(time.RFC3339))
	}
	if !tokenExp.IsZero() && !t.Before(tokenExp) {
		return fmt.Errorf("zoomsig: %w %v ago (tokenExp %v)", ErrExpired, t.Sub(tokenExp).Round(time.Second), tokenExp.Format(time.RFC3339))
	}
	return nil
}
