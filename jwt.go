package zoomsig

import (
	"strconv"
	"sync"
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
}

// meetingHead is the constant start of a Meeting SDK payload for key: with
// or without "sdkKey", and, for a token with a meeting, up to the opening
// quote of "mn"'s value. The longer the constant start, the more of it a
// Signer hashes once instead of on every token.
func meetingHead(key string, sdkKey, withMeeting bool) []byte {
	head := appendJSONString(append([]byte(nil), `{"appKey":`...), key)
	if sdkKey {
		head = appendJSONString(append(head, `,"sdkKey":`...), key)
	}
	if withMeeting {
		head = append(appendJSONField(head, "mn", false), '"')
	}
	return head
}

// meetingHeads are a Signer's cached token starts, one per meetingHead
// variant, each made on first use: a one-shot GenerateJWT makes one.
type meetingHeads struct {
	key  string
	keys *keySchedule
	once [2][2]sync.Once
	head [2][2]jwtPrefix // [omit "sdkKey"][with a meeting]
}

// get returns the cached start for the variant.
func (h *meetingHeads) get(omitSDKKey, withMeeting bool) *jwtPrefix {
	o, w := bit(omitSDKKey), bit(withMeeting)
	h.once[o][w].Do(func() {
		h.head[o][w] = newJWTPrefix(meetingHead(h.key, !omitSDKKey, withMeeting), h.keys)
	})
	return &h.head[o][w]
}

// bit is 1 for true and 0 for false.
func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// SignJWT returns a Meeting SDK JWT for the meeting and role. Options
// override the Signer's settings for this call: [WithExpiry],
// [WithVideoWebRTCMode], [WithSDKKeyClaim], [WithBackdate] (whole seconds
// for JWTs), [WithClock].
func (s *Signer) SignJWT(meetingNumber string, role Role, opts ...Option) (string, error) {
	cfg, err := s.settingsFor("SignJWT", forJWT, opts)
	if err != nil {
		return "", err
	}
	if err := checkMeetingNumber(meetingNumber); err != nil {
		return "", err
	}
	if err := checkRole(role); err != nil {
		return "", err
	}
	return s.signMeetingJWT(cfg, meetingNumber, role, true)
}

// SignNativeJWT returns a Meeting SDK JWT without "mn" and "role", as the
// native (non-web) Meeting SDKs take. Options as for SignJWT: [WithExpiry],
// [WithVideoWebRTCMode], [WithSDKKeyClaim], [WithBackdate], [WithClock].
func (s *Signer) SignNativeJWT(opts ...Option) (string, error) {
	cfg, err := s.settingsFor("SignNativeJWT", forJWT, opts)
	if err != nil {
		return "", err
	}
	return s.signMeetingJWT(cfg, "", 0, false)
}

// signMeetingJWT returns the token as a string.
func (s *Signer) signMeetingJWT(cfg *settings, mn string, role Role, withMeeting bool) (string, error) {
	st := s.macs.Get().(*macState)
	token, err := s.appendMeetingJWT(st, st.c[:0], cfg, mn, role, withMeeting)
	sig := string(token)
	s.macs.Put(st)
	return sig, err
}

// appendMeetingJWT appends the token to dst (which may be st.c), writing
// the payload after the Signer's cached head; it uses st.a and st.b.
func (s *Signer) appendMeetingJWT(st *macState, dst []byte, cfg *settings, mn string, role Role, withMeeting bool) ([]byte, error) {
	times, err := s.meetingTimes(cfg)
	if err != nil {
		return dst, err
	}
	prefix := s.heads.get(cfg.omitSDKKey, withMeeting)
	body := append(st.b[:0], prefix.tail...)
	if withMeeting {
		// The head ends with `"mn":"`, the value's opening quote.
		body = append(appendJSONEscaped(body, mn), '"')
		body = append(appendJSONField(body, "role", false), '0'+byte(role)) // 0 or 1, checked
	}
	body = append(body, times...)
	if cfg.webrtc >= 0 {
		body = appendJSONInt(body, "video_webrtc_mode", int64(cfg.webrtc))
	}
	return st.appendJWT(dst, prefix, append(body, '}')), nil
}

// timeText is `,"iat":I,"exp":E,"tokenExp":E` for one second and lifetime:
// every token a Signer makes within that second shares it, so a busy
// server formats the times once a second, not once a token.
type timeText struct {
	unix     int64 // the clock's second
	backdate time.Duration
	expiry   time.Duration
	text     []byte
}

// meetingTimes returns the time members of a token signed now under cfg.
func (s *Signer) meetingTimes(cfg *settings) ([]byte, error) {
	t := now(cfg.clock)
	if c := s.times.Load(); c != nil && c.unix == t.Unix() && c.backdate == cfg.backdate && c.expiry == cfg.expiry {
		return c.text, nil
	}
	iat, exp, err := cfg.jwtTimesAt(t)
	if err != nil {
		return nil, err
	}
	text := appendJSONInt(nil, "iat", iat)
	text = appendJSONInt(text, "exp", exp)
	text = appendJSONInt(text, "tokenExp", exp)
	s.times.Store(&timeText{t.Unix(), cfg.backdate, cfg.expiry, text})
	return text, nil
}

// GenerateJWT is the one-shot form of [NewSigner] and [Signer.SignJWT]: it
// returns a Meeting SDK JWT. Options: [WithClock], [WithBackdate] (default
// 30 s; WithBackdate(0) reproduces Zoom's current sample, which does not
// back-date), [WithExpiry], [WithVideoWebRTCMode], [WithSDKKeyClaim].
//
// Why back-date by default: Zoom refuses a token whose iat lies in its
// future ("Invalid signature", 3712), and the signing server's clock may run
// seconds ahead of Zoom's; Zoom's own sample back-dated by 30 s in 2022-2023.
func GenerateJWT(key, secret, meetingNumber string, role Role, opts ...Option) (string, error) {
	s, err := oneShot("GenerateJWT", forJWT, key, secret, opts)
	if err != nil {
		return "", err
	}
	return s.SignJWT(meetingNumber, role)
}

// GenerateNativeJWT is the one-shot form of [Signer.SignNativeJWT].
// Options as for [GenerateJWT]: [WithClock], [WithBackdate], [WithExpiry],
// [WithVideoWebRTCMode], [WithSDKKeyClaim].
func GenerateNativeJWT(key, secret string, opts ...Option) (string, error) {
	s, err := oneShot("GenerateNativeJWT", forJWT, key, secret, opts)
	if err != nil {
		return "", err
	}
	return s.SignNativeJWT()
}

// ParseJWT decodes a Meeting SDK JWT without checking its signature or its
// times: for inspection only. It refuses a token that is not a well-formed
// JWT or whose payload has neither "sdkKey" nor "appKey" ([ErrMalformed];
// for a Video SDK token the error says so and names [ParseVideoJWT]). It
// accepts any "alg"; VerifyJWT does not.
func ParseJWT(token string) (*Claims, error) {
	raw, err := decodeJWT(token)
	if err != nil {
		return nil, err
	}
	m := readMeetingClaims(raw)
	if err := m.err(); err != nil {
		return nil, raw.otherKind(err, FormatMeetingJWT, "ParseVideoJWT")
	}
	return &m.Claims, nil
}

// VerifyJWT parses a Meeting SDK JWT and judges it as Zoom does: the header
// alg must be HS256, checked first ([ErrAlgorithm]; "none" and every other
// alg are refused);
// "sdkKey" and "appKey", where present, must be key ([ErrKeyMismatch]); the
// HMAC-SHA256 under secret must match, compared in constant time
// ([ErrHashMismatch]); exp - iat must lie in [MinExpiry]..[MaxExpiry]
// ([ErrExpiryWindow]); iat must not lie in the future ([ErrNotYetValid], see
// [WithLeeway]); the token is expired at or after exp and tokenExp
// ([ErrExpired]). "mn" and "role" must come together, or neither (a native
// token). A Video SDK token is refused with an error wrapping
// [ErrMalformed] that says so and names [VerifyVideoJWT]. Options:
// [WithClock], [WithLeeway].
//
// VerifyJWT returns the claims whenever the token parses, even with an
// error, so that a caller can show what it holds.
func VerifyJWT(token, key, secret string, opts ...Option) (*Claims, error) {
	cfg, raw, err := startVerify("VerifyJWT", token, key, secret, opts)
	if err != nil {
		return nil, err
	}
	m := readMeetingClaims(raw)
	if err := m.err(); err != nil {
		return nil, raw.otherKind(err, FormatMeetingJWT, "VerifyVideoJWT")
	}
	c := &m.Claims
	for _, k := range m.keyClaims() {
		if err := checkKeyMatch("token's "+strconv.Quote(k.name), k.value, key); err != nil {
			return c, err
		}
	}
	if err := raw.verify(secret); err != nil {
		return c, err
	}
	if m.hasMN != m.hasRole {
		return c, malformed("the token has one of \"mn\" and \"role\" without the other")
	}
	if !c.Native {
		if err := checkMeetingNumber(c.MeetingNumber); err != nil {
			return c, also(ErrMalformed, err)
		}
	}
	return c, checkJWTTimes(cfg, c.IssuedAt, c.ExpiresAt, c.TokenExpiresAt)
}

// claimProblem is one thing wrong with a claim, as a reader found it: the
// Finding code Diagnose reports it under, and an error wrapping
// [ErrMalformed] that ParseJWT returns.
type claimProblem struct {
	claim, code string
	err         error
}

// meetingRead is a Meeting SDK payload as read: the claims, which of them
// are present, and every problem, in claim order. It is the one reader of
// Meeting SDK claims, for ParseJWT, VerifyJWT and Diagnose alike.
type meetingRead struct {
	Claims
	hasAppKey, hasSDKKey, hasMN, hasRole bool
	hasIat, hasExp, hasTokenExp          bool
	mnNumber                             bool // "mn" written as a JSON number, not a string
	problems                             []claimProblem
}

func (m *meetingRead) problem(claim, code string, err error) {
	m.problems = append(m.problems, claimProblem{claim, code, err})
}

// hasProblem reports whether the claim was found unusable.
func (m *meetingRead) hasProblem(claim string) bool {
	for _, p := range m.problems {
		if p.claim == claim {
			return true
		}
	}
	return false
}

// err is the first problem, if any.
func (m *meetingRead) err() error {
	if len(m.problems) == 0 {
		return nil
	}
	return m.problems[0].err
}

type keyClaim struct{ name, value string }

// keyClaims lists the key claims the payload holds.
func (m *meetingRead) keyClaims() []keyClaim {
	var ks []keyClaim
	if m.hasSDKKey {
		ks = append(ks, keyClaim{"sdkKey", m.SDKKey})
	}
	if m.hasAppKey {
		ks = append(ks, keyClaim{"appKey", m.AppKey})
	}
	return ks
}

func readMeetingClaims(raw *rawJWT) *meetingRead {
	p := raw.payload
	m := &meetingRead{Claims: Claims{Algorithm: raw.alg}}
	m.readKeys(p)
	m.readMeeting(p)
	m.IssuedAt, m.hasIat = m.readTime(p, "iat", true)
	m.ExpiresAt, m.hasExp = m.readTime(p, "exp", true)
	m.TokenExpiresAt, m.hasTokenExp = m.readTime(p, "tokenExp", false)
	webrtc, err := p.optInt("video_webrtc_mode")
	if err != nil {
		m.problem("video_webrtc_mode", CodeMalformed, err)
	}
	m.VideoWebRTCMode = webrtc
	return m
}

func (m *meetingRead) readKeys(p claimSet) {
	var err error
	if m.AppKey, m.hasAppKey, err = p.str("appKey"); err != nil {
		m.problem("appKey", CodeMalformed, err)
	}
	if m.SDKKey, m.hasSDKKey, err = p.str("sdkKey"); err != nil {
		m.problem("sdkKey", CodeMalformed, err)
	}
	if !m.hasAppKey && !m.hasSDKKey {
		m.problem("appKey", CodeMissingClaim, malformed("the payload has neither \"sdkKey\" nor \"appKey\": not a Meeting SDK token"))
	}
}

// readMeeting reads "mn" (Zoom writes a string; a whole number is read
// too, and noted) and "role" (through the one role rule).
func (m *meetingRead) readMeeting(p claimSet) {
	m.hasMN, m.hasRole = p.has("mn"), p.has("role")
	m.Native = !m.hasMN && !m.hasRole
	if m.hasMN {
		mn, _, err := p.str("mn")
		if err != nil {
			n, _, nerr := p.integer("mn")
			if nerr != nil || n < 0 {
				m.problem("mn", CodeMalformed, malformed("the \"mn\" claim is neither a string nor a whole number"))
			} else {
				mn, m.mnNumber = itoa(n), true
			}
		}
		m.MeetingNumber = mn
	}
	if m.hasRole {
		n, _, err := p.integer("role")
		if err == nil {
			m.Role, err = roleOf(n)
			if err != nil {
				err = malformed("the \"role\" claim %s", detailOf(err))
			}
		}
		if err != nil {
			m.problem("role", CodeRole, err)
		}
	}
}

// readTime reads a time claim in seconds.
func (m *meetingRead) readTime(p claimSet, name string, required bool) (time.Time, bool) {
	n, ok, err := p.integer(name)
	switch {
	case err != nil:
		m.problem(name, CodeMalformed, err)
	case !ok && required:
		m.problem(name, CodeMissingClaim, malformed("the payload has no %q", name))
	case ok:
		return time.Unix(n, 0).UTC(), true
	}
	return time.Time{}, false
}
