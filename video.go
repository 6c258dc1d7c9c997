package zoomsig

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Video SDK JWTs. The payload is written in the order Zoom's
// videosdk-auth-endpoint-sample (at f8a4164) writes it:
//
//	{"app_key":K,"role_type":1,"tpc":"session","version":1,"iat":S,"exp":S+7200,
//	 "user_identity":…,"session_key":…,"geo_regions":"US,AU",
//	 "cloud_recording_option":…,"cloud_recording_election":…,
//	 "telemetry_tracking_id":…,"video_webrtc_mode":…,"audio_webrtc_mode":…}
//
// with each optional member present only when set.

// Limits on Video SDK claims, counted as JavaScript counts string length
// (UTF-16 code units), as Zoom's sample does. The first three are Zoom's
// (the sample's validator, after Zoom's Video SDK docs);
// MaxTelemetryTrackingIDLen is zoomsig's own, since Zoom's sample passes
// the value through unchecked.
const (
	MaxSessionNameLen         = 200
	MaxUserIdentityLen        = 35
	MaxSessionKeyLen          = 36
	MaxTelemetryTrackingIDLen = 256
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
	TelemetryTrackingID    string   // "telemetry_tracking_id", at most 256 characters
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

// videoClaim is one of a VideoToken's optional claims: a string with a
// length limit, the regions, or a 0-or-1 flag (exactly one of str,
// regions and flag is set).
type videoClaim struct {
	claim, name string
	str         *string
	max         int
	regions     *[]string
	flag        **int
}

// optional lists the optional claims in the order Zoom's sample writes
// them: the one table that checking, writing and reading all follow.
func (v *VideoToken) optional() [8]videoClaim {
	return [8]videoClaim{
		{claim: "user_identity", name: "user identity", str: &v.UserIdentity, max: MaxUserIdentityLen},
		{claim: "session_key", name: "session key", str: &v.SessionKey, max: MaxSessionKeyLen},
		{claim: "geo_regions", name: "geo regions", regions: &v.GeoRegions},
		{claim: "cloud_recording_option", name: "cloud recording option", flag: &v.CloudRecordingOption},
		{claim: "cloud_recording_election", name: "cloud recording election", flag: &v.CloudRecordingElection},
		{claim: "telemetry_tracking_id", name: "telemetry tracking ID", str: &v.TelemetryTrackingID, max: MaxTelemetryTrackingIDLen},
		{claim: "video_webrtc_mode", name: "video WebRTC mode", flag: &v.VideoWebRTCMode},
		{claim: "audio_webrtc_mode", name: "audio WebRTC mode", flag: &v.AudioWebRTCMode},
	}
}

// check applies Zoom's rules to a VideoToken.
func (v *VideoToken) check() error {
	if err := checkRole(v.Role); err != nil {
		return err
	}
	if err := checkSessionName(v.SessionName); err != nil {
		return err
	}
	for _, c := range v.optional() {
		if err := c.check(); err != nil {
			return err
		}
	}
	return nil
}

// check applies the claim's rule to its value, if set.
func (c videoClaim) check() error {
	switch {
	case c.str != nil:
		return checkText(c.name, *c.str, c.max)
	case c.regions != nil:
		return checkRegions(*c.regions)
	case *c.flag != nil:
		if err := checkFlag(c.name, int64(**c.flag)); err != nil {
			return also(ErrInvalidVideoToken, err)
		}
	}
	return nil
}

// checkSessionName is the rule of "tpc": required, at most
// MaxSessionNameLen characters.
func checkSessionName(name string) error {
	if name == "" {
		return errorf(ErrInvalidVideoToken, "the session name is required")
	}
	return checkText("session name", name, MaxSessionNameLen)
}

// checkText is the length rule of Video SDK strings, in UTF-16 units.
func checkText(name, value string, max int) error {
	switch {
	case !utf8.ValidString(value):
		return errorf(ErrInvalidVideoToken, "the %s is not valid UTF-8", name)
	case jsLength(value) > max:
		return errorf(ErrInvalidVideoToken, "the %s is %d characters, more than %d", name, jsLength(value), max)
	}
	return nil
}

// appendTo writes the claim, if set.
func (c videoClaim) appendTo(b []byte) []byte {
	switch {
	case c.str != nil && *c.str != "":
		return appendJSONString(appendJSONField(b, c.claim, false), *c.str)
	case c.regions != nil && len(*c.regions) > 0:
		return appendJSONString(appendJSONField(b, c.claim, false), strings.Join(*c.regions, ","))
	case c.flag != nil && *c.flag != nil:
		return appendJSONInt(b, c.claim, int64(**c.flag))
	}
	return b
}

// readFrom reads the claim from a payload.
func (c videoClaim) readFrom(p claimSet) error {
	var err error
	switch {
	case c.str != nil:
		*c.str, _, err = p.str(c.claim)
	case c.regions != nil:
		var joined string
		var ok bool
		if joined, ok, err = p.str(c.claim); ok && err == nil && joined != "" {
			*c.regions = strings.Split(joined, ",")
		}
	default:
		*c.flag, err = p.optInt(c.claim)
	}
	return err
}

// check applies Zoom's rules to decoded claims: version 1, and the rules
// of a VideoToken.
func (c *VideoClaims) check() error {
	if c.Version != 1 {
		return errorf(ErrInvalidVideoToken, "\"version\" is %d, not 1", c.Version)
	}
	return c.VideoToken.check()
}

// checkRegions is the rule of "geo_regions": each one of Zoom's regions.
func checkRegions(regions []string) error {
	for _, r := range regions {
		if !knownRegion(r) {
			return errorf(ErrInvalidVideoToken, "geo region %q is not one of %s", clip(r), strings.Join(geoRegions[:], ","))
		}
	}
	return nil
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
	return s.signVideoJWT(cfg, &v)
}

// signVideoJWT checks v and writes its payload.
func (s *Signer) signVideoJWT(cfg *settings, v *VideoToken) (string, error) {
	if err := v.check(); err != nil {
		return "", err
	}
	iat, exp, err := cfg.jwtTimes()
	if err != nil {
		return "", err
	}
	st := s.macs.Get().(*macState)
	b := appendJSONString(append(st.b[:0], `{"app_key":`...), s.key)
	b = appendJSONInt(b, "role_type", int64(v.Role))
	b = appendJSONString(appendJSONField(b, "tpc", false), v.SessionName)
	b = appendJSONInt(b, "version", 1)
	b = appendJSONInt(b, "iat", iat)
	b = appendJSONInt(b, "exp", exp)
	for _, c := range v.optional() {
		b = c.appendTo(b)
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
// ([ErrMalformed]; for a Meeting SDK token the error says so and names
// [ParseJWT]).
func ParseVideoJWT(token string) (*VideoClaims, error) {
	raw, err := decodeJWT(token)
	if err != nil {
		return nil, err
	}
	c, err := videoClaims(raw)
	return c, raw.otherKind(err, FormatVideoJWT, "ParseJWT")
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
	for _, o := range c.optional() {
		if err := o.readFrom(p); err != nil {
			return err
		}
	}
	return nil
}

// VerifyVideoJWT parses a Video SDK JWT and judges it as Zoom does: HS256
// only ([ErrAlgorithm]); "app_key" must be key ([ErrKeyMismatch]); the HMAC
// must match ([ErrHashMismatch]); the claims must follow Zoom's rules
// ([ErrInvalidVideoToken]: version 1, a session name of at most 200
// characters, and so on); exp - iat within [MinExpiry]..[MaxExpiry] ([ErrExpiryWindow]);
// iat not in the future ([ErrNotYetValid]); not at or after exp
// ([ErrExpired]). A Meeting SDK token is refused with an error wrapping
// [ErrMalformed] that says so and names [VerifyJWT]. Options: [WithClock],
// [WithLeeway].
func VerifyVideoJWT(token, key, secret string, opts ...Option) (*VideoClaims, error) {
	cfg, raw, err := startVerify("VerifyVideoJWT", token, key, secret, opts)
	if err != nil {
		return nil, err
	}
	c, err := videoClaims(raw)
	if err != nil {
		return nil, raw.otherKind(err, FormatVideoJWT, "VerifyJWT")
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
