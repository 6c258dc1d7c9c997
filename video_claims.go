package zoomsig

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The Video SDK token's optional claims: one table that checking, writing
// and reading all follow, and the rules of each claim.

// Limits on Video SDK claims, counted as JavaScript counts string length
// (UTF-16 code units), as Zoom's sample does. MaxSessionNameLen,
// MaxUserIdentityLen and MaxSessionKeyLen are the sample's validator's,
// after Zoom's Video SDK docs; MaxUserKeyLen is Zoom's 2026 spec's (its
// auth page: "user_key … max 36 characters");
// MaxTelemetryTrackingIDLen is zoomsig's own, since Zoom's sample passes
// the value through unchecked.
const (
	MaxSessionNameLen         = 200
	MaxUserIdentityLen        = 35
	MaxUserKeyLen             = 36
	MaxSessionKeyLen          = 36
	MaxTelemetryTrackingIDLen = 256
)

// MaxTranscriptOption is the highest "cloud_recording_transcript_option":
// 0 none, 1 transcript, 2 transcript and summary (Zoom's 2026 spec).
const MaxTranscriptOption = 2

// GeoRegions are the data-center regions a Video SDK token may name.
var geoRegions = [...]string{"AU", "BR", "CA", "CN", "DE", "HK", "IN", "JP", "MX", "NL", "SG", "US"}

// GeoRegions returns the region codes Zoom accepts in "geo_regions".
func GeoRegions() []string { return append([]string(nil), geoRegions[:]...) }

// videoClaim is one of a VideoToken's optional claims: a string with a
// length limit, the regions, or a small number from 0 to top (exactly one
// of str, regions and num is set).
type videoClaim struct {
	claim, name string
	str         *string
	max         int
	regions     *[]string
	num         **int
	top         int64 // the highest value of num: 1 for a flag
}

// optional lists the optional claims in the order they are written: the
// sample's, with user_key beside user_identity (the signer writes one of
// them) and the transcript option last, as Zoom's 2026 sample payload.
func (v *VideoToken) optional() [10]videoClaim {
	return [10]videoClaim{
		{claim: "user_identity", name: "user identity", str: &v.UserIdentity, max: MaxUserIdentityLen},
		{claim: "user_key", name: "user key", str: &v.UserKey, max: MaxUserKeyLen},
		{claim: "session_key", name: "session key", str: &v.SessionKey, max: MaxSessionKeyLen},
		{claim: "geo_regions", name: "geo regions", regions: &v.GeoRegions},
		{claim: "cloud_recording_option", name: "cloud recording option", num: &v.CloudRecordingOption, top: 1},
		{claim: "cloud_recording_election", name: "cloud recording election", num: &v.CloudRecordingElection, top: 1},
		{claim: "telemetry_tracking_id", name: "telemetry tracking ID", str: &v.TelemetryTrackingID, max: MaxTelemetryTrackingIDLen},
		{claim: "video_webrtc_mode", name: "video WebRTC mode", num: &v.VideoWebRTCMode, top: 1},
		{claim: "audio_webrtc_mode", name: "audio WebRTC mode", num: &v.AudioWebRTCMode, top: 1},
		{claim: "cloud_recording_transcript_option", name: "cloud recording transcript option", num: &v.CloudRecordingTranscriptOption, top: MaxTranscriptOption},
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

// checkToSign is check, and zoomsig's own rule for what it signs: not
// both "user_identity" and "user_key" (checkUserNames).
func (v *VideoToken) checkToSign() error {
	if err := v.check(); err != nil {
		return err
	}
	return checkUserNames(v.UserIdentity, v.UserKey)
}

// checkUserNames is zoomsig's rule on the user's identifier: one name of
// it, not both. Zoom's 2026 spec renamed "user_identity" to "user_key";
// which one Zoom's server keeps when a token carries both is not known,
// and nothing says it refuses such a token, so this is the signer's
// choice (and a warning in Diagnose), not Zoom's rule.
func checkUserNames(identity, key string) error {
	if identity != "" && key != "" {
		return errorf(ErrInvalidVideoToken, "the user identity and the user key are both set: Zoom renamed user_identity to user_key, so set only one")
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
	case *c.num != nil:
		if err := checkChoice(c.name, int64(**c.num), c.top); err != nil {
			return also(ErrInvalidVideoToken, err)
		}
	}
	return nil
}

// checkChoice is the rule of a numbered choice: 0 to top (a flag: 0 or 1).
func checkChoice(name string, n, top int64) error {
	if top == 1 {
		return checkFlag(name, n)
	}
	if n < 0 || n > top {
		return fmt.Errorf("the %s %d is not from 0 to %d", name, n, top)
	}
	return nil
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
	case c.num != nil && *c.num != nil:
		return appendJSONInt(b, c.claim, int64(**c.num))
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
		*c.num, err = p.optInt(c.claim)
	}
	return err
}

// noVersion is VideoClaims.Version for a token without "version".
const noVersion = -1

// check applies Zoom's rules to decoded claims: version 1, and the rules
// of a VideoToken.
func (c *VideoClaims) check() error {
	if c.Version == noVersion {
		return errorf(ErrInvalidVideoToken, "the payload has no \"version\", which Zoom requires to be 1")
	}
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
