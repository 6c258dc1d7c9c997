package zoomsig

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Video SDK JWTs. The payload is written in the order Zoom's
// videosdk-auth-endpoint-sample writes it:
//
//	{"app_key":K,"role_type":1,"tpc":"session","version":1,"iat":S,"exp":S+7200,
//	 "user_identity":…,"session_key":…,"geo_regions":"US,AU",
//	 "cloud_recording_option":…,"cloud_recording_election":…,
//	 "video_webrtc_mode":…,"audio_webrtc_mode":…}
//
// with each optional member present only when set.

// Zoom's limits on Video SDK claims, counted as JavaScript counts string
// length (UTF-16 code units), as Zoom's sample does.
const (
	MaxSessionNameLen  = 200
	MaxUserIdentityLen = 35
	MaxSessionKeyLen   = 36
)

// GeoRegions are the data-center regions a Video SDK token may name.
var geoRegions = [...]string{"AU", "BR", "CA", "CN", "DE", "HK", "IN", "JP", "MX", "NL", "SG", "US"}

// GeoRegions returns the region codes Zoom accepts in "geo_regions".
func GeoRegions() []string { return append([]string(nil), geoRegions[:]...) }

// VideoToken is what a Video SDK JWT grants. SessionName is required; the
// rest are optional (empty or nil: the claim is absent).
type VideoToken struct {
	Role                   Role     // "role_type": RoleHost or RoleAttendee
	SessionName            string   // "tpc", at most 200 characters
	UserIdentity           string   // "user_identity", at most 35 characters
	SessionKey             string   // "session_key", at most 36 characters
	GeoRegions             []string // "geo_regions", written comma-joined; see GeoRegions
	CloudRecordingOption   *int     // "cloud_recording_option", 0 or 1
	CloudRecordingElection *int     // "cloud_recording_election", 0 or 1
	VideoWebRTCMode        *int     // "video_webrtc_mode", 0 or 1
	AudioWebRTCMode        *int     // "audio_webrtc_mode", 0 or 1
}

// VideoClaims is a decoded Video SDK JWT.
type VideoClaims struct {
	VideoToken
	AppKey    string    // "app_key"
	Version   int       // "version", 1
	IssuedAt  time.Time // "iat"
	ExpiresAt time.Time // "exp"
	Algorithm string    // the header's "alg"
}

// flag is one of a VideoToken's optional 0-or-1 claims.
type flag struct {
	claim, name string
	v           **int
}

// flags lists the optional 0-or-1 claims in the order Zoom's sample writes
// them, for checking, writing and reading alike.
func (v *VideoToken) flags() [4]flag {
	return [4]flag{
		{"cloud_recording_option", "cloud recording option", &v.CloudRecordingOption},
		{"cloud_recording_election", "cloud recording election", &v.CloudRecordingElection},
		{"video_webrtc_mode", "video WebRTC mode", &v.VideoWebRTCMode},
		{"audio_webrtc_mode", "audio WebRTC mode", &v.AudioWebRTCMode},
	}
}

// check applies Zoom's rules to a VideoToken.
func (v *VideoToken) check() error {
	if err := checkRole(v.Role); err != nil {
		return err
	}
	for _, f := range [...]struct {
		name, value string
		max         int
		required    bool
	}{
		{"session name", v.SessionName, MaxSessionNameLen, true},
		{"user identity", v.UserIdentity, MaxUserIdentityLen, false},
		{"session key", v.SessionKey, MaxSessionKeyLen, false},
	} {
		switch {
		case f.required && f.value == "":
			return errorf(ErrInvalidVideoToken, "the %s is required", f.name)
		case !utf8.ValidString(f.value):
			return errorf(ErrInvalidVideoToken, "the %s is not valid UTF-8", f.name)
		case jsLength(f.value) > f.max:
			return errorf(ErrInvalidVideoToken, "the %s is %d characters, more than %d", f.name, jsLength(f.value), f.max)
		}
	}
	for _, r := range v.GeoRegions {
		if !knownRegion(r) {
			return errorf(ErrInvalidVideoToken, "geo region %q is not one of %s", clip(r), strings.Join(geoRegions[:], ","))
		}
	}
	for _, f := range v.flags() {
		if p := *f.v; p != nil {
			if err := checkFlag(f.name, int64(*p)); err != nil {
				return also(ErrInvalidVideoToken, err)
			}
		}
	}
	return nil
}

// check applies Zoom's rules to decoded claims: version 1, and the rules
// of a VideoToken.
func (c *VideoClaims) check() error {
	if c.Version != 1 {
		return errorf(ErrInvalidVideoToken, "\"version\" is %d, not 1", c.Version)
	}
	return c.VideoToken.check()
}

func knownRegion(r string) bool {
	for _, g := range geoRegions {
		if r == g {
			return true
		}
	}
	return false
}

// SignVideoJWT returns a Video SDK JWT for v. Options override the Signer's
// settings for this call: [WithExpiry], [WithBackdate] (whole seconds),
// [WithClock]. The Signer's video WebRTC default does not apply: set
// v.VideoWebRTCMode.
func (s *Signer) SignVideoJWT(v VideoToken, opts ...Option) (string, error) {
	cfg, err := s.settingsFor("SignVideoJWT", forVideoJWT, opts)
	if err != nil {
		return "", err
	}
	if err := v.check(); err != nil {
		return "", err
	}
	iat, exp, err := cfg.jwtTimes()
	if err != nil {
		return "", err
	}
	st := s.macs.Get().(*macState)
	b := appendJSONString(append(st.a[:0], `{"app_key":`...), s.key)
	b = appendJSONInt(b, "role_type", int64(v.Role))
	b = appendJSONString(appendJSONField(b, "tpc", false), v.SessionName)
	b = appendJSONInt(b, "version", 1)
	b = appendJSONInt(b, "iat", iat)
	b = appendJSONInt(b, "exp", exp)
	if v.UserIdentity != "" {
		b = appendJSONString(appendJSONField(b, "user_identity", false), v.UserIdentity)
	}
	if v.SessionKey != "" {
		b = appendJSONString(appendJSONField(b, "session_key", false), v.SessionKey)
	}
	if len(v.GeoRegions) > 0 {
		b = appendJSONString(appendJSONField(b, "geo_regions", false), strings.Join(v.GeoRegions, ","))
	}
	for _, f := range v.flags() {
		if p := *f.v; p != nil {
			b = appendJSONInt(b, f.claim, int64(*p))
		}
	}
	b = append(b, '}')
	token := string(st.appendJWT(st.c[:0], &jwtPrefix{encoded: jwtHeaderB64 + "."}, b))
	s.macs.Put(st)
	return token, nil
}

// GenerateVideoJWT is the one-shot form of [Signer.SignVideoJWT]. Options:
// [WithClock], [WithBackdate], [WithExpiry].
func GenerateVideoJWT(key, secret string, v VideoToken, opts ...Option) (string, error) {
	s, err := oneShot("GenerateVideoJWT", forVideoJWT, key, secret, opts)
	if err != nil {
		return "", err
	}
	return s.SignVideoJWT(v)
}

// ParseVideoJWT decodes a Video SDK JWT without checking its signature or
// its times: for inspection only. A payload without "app_key" is refused
// ([ErrMalformed]).
func ParseVideoJWT(token string) (*VideoClaims, error) {
	raw, err := decodeJWT(token)
	if err != nil {
		return nil, err
	}
	return videoClaims(raw)
}

func videoClaims(raw *rawJWT) (*VideoClaims, error) {
	c := &VideoClaims{Algorithm: raw.alg}
	if err := c.readRequired(raw.payload); err != nil {
		return nil, err
	}
	if err := c.readOptional(raw.payload); err != nil {
		return nil, err
	}
	return c, nil
}

// readRequired reads the claims every Video SDK token has.
func (c *VideoClaims) readRequired(p claimSet) error {
	var ok bool
	var err error
	if c.AppKey, ok, err = p.str("app_key"); err != nil {
		return err
	} else if !ok {
		return malformed("the payload has no \"app_key\": not a Video SDK token")
	}
	role, ok, err := p.integer("role_type")
	if err != nil {
		return err
	}
	if !ok {
		return malformed("the payload has no \"role_type\"")
	}
	if c.Role, err = roleOf(role); err != nil {
		return malformed("the \"role_type\" claim %s", detailOf(err))
	}
	if c.SessionName, _, err = p.str("tpc"); err != nil {
		return err
	}
	version, _, err := p.integer("version")
	if err != nil {
		return err
	}
	c.Version = int(version)
	if c.IssuedAt, err = requiredTime(p, "iat"); err != nil {
		return err
	}
	c.ExpiresAt, err = requiredTime(p, "exp")
	return err
}

// readOptional reads the claims a token may leave out.
func (c *VideoClaims) readOptional(p claimSet) error {
	var err error
	for _, s := range c.optionalStrings() {
		if *s.v, _, err = p.str(s.claim); err != nil {
			return err
		}
	}
	regions, ok, err := p.str("geo_regions")
	if err != nil {
		return err
	}
	if ok && regions != "" {
		c.GeoRegions = strings.Split(regions, ",")
	}
	for _, f := range c.flags() {
		if *f.v, err = p.optInt(f.claim); err != nil {
			return err
		}
	}
	return nil
}

// optionalString is one of a VideoToken's optional string claims.
type optionalString struct {
	claim string
	v     *string
}

// optionalStrings lists the optional string claims read alike.
func (v *VideoToken) optionalStrings() []optionalString {
	return []optionalString{{"user_identity", &v.UserIdentity}, {"session_key", &v.SessionKey}}
}

// VerifyVideoJWT parses a Video SDK JWT and judges it as Zoom does: HS256
// only ([ErrAlgorithm]); "app_key" must be key ([ErrKeyMismatch]); the HMAC
// must match ([ErrHashMismatch]); the claims must follow Zoom's rules
// ([ErrInvalidVideoToken]: version 1, a session name of at most 200
// characters, and so on); exp - iat within [MinExpiry]..[MaxExpiry] ([ErrExpiryWindow]);
// iat not in the future ([ErrNotYetValid]); not at or after exp
// ([ErrExpired]). Options: [WithClock], [WithLeeway].
func VerifyVideoJWT(token, key, secret string, opts ...Option) (*VideoClaims, error) {
	cfg, raw, err := startVerify("VerifyVideoJWT", token, key, secret, opts)
	if err != nil {
		return nil, err
	}
	c, err := videoClaims(raw)
	if err != nil {
		return nil, err
	}
	if err := checkKeyMatch(`token's "app_key"`, c.AppKey, key); err != nil {
		return c, err
	}
	if err := raw.verify(secret); err != nil {
		return c, err
	}
	if err := c.check(); err != nil {
		return c, err
	}
	return c, checkJWTTimes(cfg, c.IssuedAt, c.ExpiresAt, time.Time{})
}
