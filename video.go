package zoomsig

import (
	"time"
)

// Video SDK JWTs. The payload is written in the order Zoom's
// videosdk-auth-endpoint-sample (at f8a4164) writes it, with the two
// claims of Zoom's 2026 spec (its auth page, shipped in @zoom/videosdk
// 2.5.0 as skill/references/auth.md) where that page's sample payload
// puts them: "user_key" in "user_identity"'s place, the transcript option
// last:
//
//	{"app_key":K,"role_type":1,"tpc":"session","version":1,"iat":S,"exp":S+7200,
//	 "user_identity" or "user_key":…,"session_key":…,"geo_regions":"US,AU",
//	 "cloud_recording_option":…,"cloud_recording_election":…,
//	 "telemetry_tracking_id":…,"video_webrtc_mode":…,"audio_webrtc_mode":…,
//	 "cloud_recording_transcript_option":…}
//
// with each optional member present only when set, so that a token
// without the new claims is byte for byte the sample's.

// VideoToken is what a Video SDK JWT grants. SessionName is required; the
// rest are optional (empty or nil: the claim is absent).
type VideoToken struct {
	Role        Role   // "role_type": RoleHost or RoleAttendee
	SessionName string // "tpc", at most 200 characters; Zoom reads it case-insensitively
	// UserIdentity is "user_identity", at most 35 characters: the name
	// Zoom's endpoint sample writes. Zoom's 2026 spec renamed it
	// "user_key" (UserKey). Setting both is refused by the signer, a
	// choice of zoomsig's: nothing says Zoom refuses a token with both.
	UserIdentity string
	// UserKey is "user_key", at most 36 characters: the user's identifier
	// in Zoom's usage reports, by Zoom's 2026 spec (formerly user_identity).
	UserKey                string
	SessionKey             string   // "session_key", at most 36 characters
	GeoRegions             []string // "geo_regions", written comma-joined; see GeoRegions
	CloudRecordingOption   *int     // "cloud_recording_option", 0 or 1; Zoom's doc says it needs a host token
	CloudRecordingElection *int     // "cloud_recording_election", 0 or 1
	TelemetryTrackingID    string   // "telemetry_tracking_id", at most 256 characters
	VideoWebRTCMode        *int     // "video_webrtc_mode", 0 or 1
	AudioWebRTCMode        *int     // "audio_webrtc_mode", 0 or 1
	// CloudRecordingTranscriptOption is "cloud_recording_transcript_option"
	// (Zoom's 2026 spec): 0 none, 1 transcript, 2 transcript and summary;
	// Zoom's doc says it needs a universal-credit account.
	CloudRecordingTranscriptOption *int
}

// VideoClaims is a decoded Video SDK JWT.
type VideoClaims struct {
	VideoToken
	AppKey    string    // "app_key"
	Version   int       // "version", 1 (-1 when the token has none)
	IssuedAt  time.Time // "iat"
	ExpiresAt time.Time // "exp"
	Algorithm string    // the header's "alg"
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
	if err := v.checkToSign(); err != nil {
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
		// A Video SDK token whose role breaks Zoom's rule (the SDK's 3010
		// "Role type error"): both unreadable as claims and invalid.
		return also(ErrInvalidVideoToken, malformed("the \"role_type\" claim %s", detailOf(err)))
	}
	if c.SessionName, _, err = p.str("tpc"); err != nil {
		return err
	}
	version, hasVersion, err := p.integer("version")
	if err != nil {
		return err
	}
	c.Version = int(version)
	if !hasVersion {
		c.Version = noVersion
	}
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
// must match ([ErrHashMismatch], also when a claim cannot be read); the claims must follow Zoom's rules
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
		if kindOf(raw.header, raw.payload) != FormatVideoJWT {
			return nil, raw.otherKind(err, FormatVideoJWT, "VerifyJWT")
		}
		if herr := raw.verify(secret); herr != nil {
			return nil, herr // a Video SDK token with a wrong secret: that is the cause, whatever its claims say
		}
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
