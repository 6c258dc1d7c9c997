package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig"
)

// The decoded claims of a Report as inspect shows them: every member in
// the token's order, times with how far they lie from the judging instant,
// roles with their names.

// claimObject marshals claims as one JSON object of their values as
// written, in order of first appearance; a duplicated member keeps its
// last value, as JSON readers do.
type claimObject []zoomsig.Claim

func (cs claimObject) MarshalJSON() ([]byte, error) {
	last := map[string]json.RawMessage{}
	var order []string
	for _, c := range cs {
		if _, ok := last[c.Name]; !ok {
			order = append(order, c.Name)
		}
		last[c.Name] = c.Value
	}
	b := []byte{'{'}
	for i, name := range order {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(name)
		// A value with bytes that are not UTF-8 (a finding says so) is
		// written with U+FFFD in their place, so the output stays JSON.
		b = append(append(append(b, k...), ':'), strings.ToValidUTF8(string(last[name]), "\ufffd")...)
	}
	return append(b, '}'), nil
}

// formatText names each kind in the text view.
var formatText = map[zoomsig.Format]string{
	zoomsig.FormatLegacy:         "legacy Web SDK 1.x signature",
	zoomsig.FormatMeetingJWT:     "Meeting SDK JWT",
	zoomsig.FormatVideoJWT:       "Video SDK JWT",
	zoomsig.FormatRESTAPIJWT:     "REST-API JWT",
	zoomsig.FormatOtherJWT:       "JWT of no Zoom SDK kind",
	zoomsig.FormatJWTSegment:     "part of a JWT (or an HMAC alone), not a whole signature",
	zoomsig.FormatResponseObject: "a signature endpoint's JSON answer",
	zoomsig.FormatJoinToken:      "a Zoom join token (ZAK or OBF), not a signature",
}

// newReport builds inspect's report from the library's.
func newReport(rep zoomsig.Report, at time.Time) *report {
	r := &report{Format: "unrecognised", Fields: fields{}, Findings: rep.Findings,
		inspected: &inspected{Kind: rep.Format, Verified: rep.Verified, Header: rep.Header, Claims: rep.Claims}}
	if text, ok := formatText[rep.Format]; ok {
		r.Format = text
	}
	alg := ""
	for _, c := range rep.Header {
		if c.Name == "alg" {
			alg = stringValue(c.Value)
		}
	}
	switch {
	case rep.Format == zoomsig.FormatMeetingJWT && !hasClaim(rep.Claims, "mn") && !hasClaim(rep.Claims, "role"):
		r.Format += ", native: no meeting or role (" + alg + ")"
	case alg != "" && (rep.Format == zoomsig.FormatMeetingJWT || rep.Format == zoomsig.FormatVideoJWT):
		r.Format += " (" + alg + ")"
	}
	names := fieldNames[rep.Format]
	for _, c := range rep.Claims {
		r.claim(c, names, rep.Claims, at)
	}
	return r
}

// fieldNames are the names the text view has always used for some claims
// of each kind.
var fieldNames = map[zoomsig.Format]map[string]string{
	zoomsig.FormatLegacy:     {"meetingNumber": "meeting"},
	zoomsig.FormatMeetingJWT: {"mn": "meeting", "iat": "issued", "exp": "expires"},
	zoomsig.FormatVideoJWT:   {"role_type": "role", "tpc": "session", "iat": "issued", "exp": "expires"},
}

// claim adds one claim as a field.
func (r *report) claim(c zoomsig.Claim, names map[string]string, all []zoomsig.Claim, at time.Time) {
	name := c.Name
	if n, ok := names[name]; ok {
		name = n
	}
	value := strings.ToValidUTF8(stringValue(c.Value), "\ufffd")
	switch c.Name {
	case "timestamp":
		if ms, err := strconv.ParseInt(value, 10, 64); err == nil {
			value = when(time.UnixMilli(ms), at)
		}
	case "iat", "tokenExp":
		value = timeText(value, at)
	case "exp":
		value = timeText(value, at)
		if iat, ok1 := seconds(claimText(all, "iat")); ok1 {
			if exp, ok2 := seconds(stringValue(c.Value)); ok2 {
				value += " (lifetime " + exp.Sub(iat).String() + ")"
			}
		}
	case "role", "role_type":
		if n, err := strconv.Atoi(value); err == nil && (n == int(zoomsig.RoleAttendee) || n == int(zoomsig.RoleHost)) {
			value = roleText(zoomsig.Role(n))
		}
	case "tpc":
		value = string(c.Value)
	case "hash":
		value += " (" + hashAlphabet(value) + ")"
	}
	r.add(name, value)
}

// stringValue is a claim's text: a string's contents, else the JSON as
// written.
func stringValue(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

func claimText(cs []zoomsig.Claim, name string) string {
	text := ""
	for _, c := range cs {
		if c.Name == name {
			text = stringValue(c.Value)
		}
	}
	return text
}

func hasClaim(cs []zoomsig.Claim, name string) bool {
	for _, c := range cs {
		if c.Name == name {
			return true
		}
	}
	return false
}

// seconds reads a time in seconds written in any numeric form.
func seconds(text string) (time.Time, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || f != float64(int64(f)) {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0), true
}

// timeText shows a time claim as a date when it reads as seconds.
func timeText(text string, at time.Time) string {
	if t, ok := seconds(text); ok {
		return when(t, at)
	}
	return text
}

func hashAlphabet(h string) string {
	if strings.ContainsAny(h, "-_") {
		return "URL-safe alphabet"
	}
	return "standard alphabet"
}
