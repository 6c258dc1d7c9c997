package zoomsig

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The diagnosis of a JWT's claims one by one, before the format's own
// judge: what kind of token the claims say it is, claims under the wrong
// name, numbers in the wrong form, times a library divided by 1000, and a
// secret published in the token.

// The claims that say which kind of token a JWT is (zoom-notes §2, §4.4).
var (
	videoEvidence   = []string{"app_key", "tpc", "session_key"}
	meetingEvidence = []string{"appKey", "sdkKey", "mn", "role", "tokenExp"}
)

// nearMiss lists, for each claim a kind of token needs, the names users
// write in its place.
type nearMiss struct {
	claim  string
	alts   []string
	covers []string // claims whose presence means the need is met
}

var (
	meetingNear = []nearMiss{
		{"mn", []string{"meetingNumber", "meeting_number", "meetingId", "meeting_id", "meetingNo"}, []string{"mn"}},
		{"appKey", []string{"appkey", "app_key", "sdk_key", "apiKey", "api_key", "clientId", "client_id"}, []string{"appKey", "sdkKey"}},
		{"role", []string{"role_type", "roleType"}, []string{"role"}},
		{"tokenExp", []string{"token_exp", "tokenexp"}, []string{"tokenExp"}},
	}
	videoNear = []nearMiss{
		{"app_key", []string{"appKey", "sdkKey", "appkey", "sdk_key", "apiKey"}, []string{"app_key"}},
		{"role_type", []string{"role", "roleType"}, []string{"role_type"}},
		{"tpc", []string{"topic", "sessionName", "session_name"}, []string{"tpc"}},
	}
)

// kindOf is the one rule that says what kind of JWT a header and payload
// make, used by DetectFormat and Inspect alike. A join token (ZAK or OBF:
// "aud":"clientsm", or Zoom's "zm_skm" header) is one whatever else it
// holds. A Video SDK token has "app_key", "tpc", "session_key", or
// "role_type" without "mn" (a Meeting token that writes role_type for role
// still has its mn). A Meeting SDK token has "appKey", "sdkKey", "mn",
// "role", "tokenExp" or a near-miss of one. A REST-API JWT has "iss" and
// none of those.
func kindOf(header, payload claimSet) Format {
	if aud, _, _ := payload.str("aud"); aud == "clientsm" || header.has("zm_skm") {
		return FormatJoinToken
	}
	switch {
	case hasAny(payload, videoEvidence) || payload.has("role_type") && !payload.has("mn"):
		return FormatVideoJWT
	case hasAny(payload, meetingEvidence) || hasNear(payload, meetingNear):
		return FormatMeetingJWT
	case hasNear(payload, videoNear) && payload.has("version"):
		return FormatVideoJWT
	case payload.has("iss"):
		return FormatRESTAPIJWT
	}
	return FormatOtherJWT
}

func hasAny(p claimSet, names []string) bool {
	for _, n := range names {
		if p.has(n) {
			return true
		}
	}
	return false
}

func hasNear(p claimSet, near []nearMiss) bool {
	for _, m := range near {
		if hasAny(p, m.alts) {
			return true
		}
	}
	return false
}

// misnamed names each claim the kind needs that is absent while a
// near-miss stands in its place.
func (d *diagnosis) misnamed(kind Format, p claimSet) {
	near := meetingNear
	if kind == FormatVideoJWT {
		near = videoNear
	}
	if kind != FormatMeetingJWT && kind != FormatVideoJWT {
		return
	}
	for _, m := range near {
		if hasAny(p, m.covers) {
			continue
		}
		for _, alt := range m.alts {
			if p.has(alt) {
				d.add(CodeMisnamedClaim, "The token has %q where Zoom reads %q, and no %q: Zoom does not read it under that name, so %s", alt, m.claim, m.claim, d.says(answerInvalid))
				break
			}
		}
	}
}

// duplicates notes each member written more than once: JSON readers keep
// the last, and Zoom's reader is not known to do the same.
func (d *diagnosis) duplicates(part string, cs []Claim) {
	count := map[string]int{}
	for _, c := range cs {
		count[c.Name]++
		if count[c.Name] == 2 {
			d.add(CodeDuplicateClaim, "The %s writes %q more than once: JSON readers keep the last value, which is the one judged here, but what Zoom's reader keeps is not known, so %s if it reads another", part, c.Name, d.says(answerInvalid))
		}
	}
}

// secretInToken finds the given secret in a claim's name or value, as
// written or as JSON decodes it (an escaped character hides nothing), in
// any format; such a claim is shown as "[REDACTED]".
func (d *diagnosis) secretInToken() {
	found := false
	for _, cs := range [][]Claim{d.report.Header, d.report.Claims} {
		for i, c := range cs {
			name, value := d.holdsSecret(c.Name), d.holdsSecret(string(c.Value)) || d.holdsSecret(decodedText(c.Value))
			if name {
				cs[i].Name = redactedMark
			}
			if value {
				cs[i].Value = json.RawMessage(`"` + redactedMark + `"`)
			}
			found = found || name || value
		}
	}
	if found {
		d.add(CodeSecretInToken, "A claim of the token holds the secret (shown as %s): anyone who reads the token (it is only base64) has the secret and can sign as your app; Zoom may accept the token all the same, and %s", redactedMark, d.says(answerNone))
	}
}

// holdsSecret reports whether s holds the secret given, as given or
// trimmed.
func (d *diagnosis) holdsSecret(s string) bool {
	for _, secret := range []string{d.given, strings.TrimSpace(d.given)} {
		if len(secret) >= minSecretLen && strings.Contains(s, secret) {
			return true
		}
	}
	return false
}

// decodedText is a claim's text as JSON decodes it (jsonText), or "".
func decodedText(v json.RawMessage) string {
	s, _ := jsonText(v)
	return s
}

// numberClaims are the claims read as whole numbers, per kind.
var numberClaims = map[Format][]string{
	FormatMeetingJWT: {"role", "iat", "exp", "tokenExp", "video_webrtc_mode"},
	FormatVideoJWT: {"role_type", "iat", "exp", "version", "cloud_recording_option", "cloud_recording_election",
		"video_webrtc_mode", "audio_webrtc_mode", "audio_compatible_mode", "cloud_recording_transcript_option"},
}

// normalize reads each number claim in whatever form it was written (a
// number-form warning when not a plain integer, an error when no whole
// number at all) and returns the token with each readable one rewritten
// as a plain integer, for the format's judge; an unreadable one is left
// out of the judging, its finding already made.
func (d *diagnosis) normalize(kind Format, t *tolerantJWT) *rawJWT {
	raw := *t.raw
	raw.payload = make(claimSet, len(t.raw.payload))
	for k, v := range t.raw.payload {
		raw.payload[k] = v
	}
	d.secondsReadAsMS(t.raw.payload)
	for _, name := range numberClaims[kind] {
		v, ok := raw.payload[name]
		if !ok {
			continue
		}
		switch n, form := readWhole(v); form {
		case formOther:
			d.add(CodeNumberForm, "%q is written %s, where Zoom's samples write a plain integer: read here as %d, but Zoom documents integers only and how its server reads other forms is not known", name, clipTo(string(v), 24), n)
			raw.payload[name] = json.RawMessage(itoa(n))
		case formUnreadable:
			d.addAs(CodeNumberForm, SeverityError, "%q is %s, which is no whole number Zoom can read (not a number, a fraction, or out of range), and %s", name, clipTo(string(v), 24), d.says(answerInvalid))
			d.unreadable = append(d.unreadable, name)
		}
	}
	return &raw
}

// msSlack is how far from now ÷ 1000 a time may lie and still be read as
// a seconds value a library divided by 1000: a year, in milliseconds' terms.
const msSlack = 366 * 24 * time.Hour

// secondsReadAsMS names iat and exp of about now ÷ 1000: the times were
// given in seconds to a JWT library that takes milliseconds and divides by
// 1000. react-native-pure-jwt is one: its Android module makes a Date of
// the value given for iat and exp (RNPureJwtModule.java, npm 3.1.0), its iOS
// module divides by 1000 (RNPureJwt.m).
func (d *diagnosis) secondsReadAsMS(p claimSet) {
	nowS := float64(d.now.Unix())
	var named []string
	for _, name := range []string{"iat", "exp"} {
		v, ok := p[name]
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.Trim(string(v), `"`), 64)
		if err == nil && f > 0 && math.Abs(f*1000-nowS) < msSlack.Seconds() {
			named = append(named, fmt.Sprintf("%s %s", name, clipTo(string(v), 24)))
		}
	}
	if len(named) > 0 {
		d.add(CodeSecondsReadAsMS, "%s about now ÷ 1000 (now is %d s): times in seconds were given to a JWT library that takes milliseconds (react-native-pure-jwt does) and divided by 1000, so Zoom reads a date in January 1970 and %s", strings.Join(named, " and "), int64(nowS), d.says(answerExpired))
	}
}
