// Package inspectjson is `zoomsig inspect --json`'s object: built from the
// library's Report in one place for the command, its web page's POST
// /inspect and the page's WebAssembly build, so the three answer alike.
package inspectjson

import (
	"encoding/json"
	"time"

	"github.com/zoomsig/zoomsig"
)

// Report is what inspect shows: the library's Report, with the decoded
// claims also as the human strings of the text view. Audit's report uses
// the same shape without Inspected.
type Report struct {
	Format     string            `json:"format"`
	*Inspected                   // inspect's alone (audit's report has none)
	Fields     Fields            `json:"fields"`
	Findings   []zoomsig.Finding `json:"findings"`
}

// Inspected is what inspect's JSON adds: the kind, whether the HMAC
// verified, and the header and payload members as written (numbers stay
// numbers; a duplicated member keeps its last value).
type Inspected struct {
	Kind     zoomsig.Format `json:"kind"`
	Verified bool           `json:"verified"`
	Header   ClaimObject    `json:"header"`
	Claims   ClaimObject    `json:"claims"`
}

// Field is one line of the text view: a name and its human value.
type Field struct{ Name, Value string }

// Fields marshal as one JSON object, in order.
type Fields []Field

// MarshalJSON writes the fields as one object, in order.
func (fs Fields) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(f.Name)
		v, _ := json.Marshal(f.Value)
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}

// Add appends a field.
func (r *Report) Add(name, value string) { r.Fields = append(r.Fields, Field{name, value}) }

// HasError reports whether any finding is an error.
func (r *Report) HasError() bool {
	for _, f := range r.Findings {
		if f.Severity == zoomsig.SeverityError {
			return true
		}
	}
	return false
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

// New builds inspect's report from the library's, its times told relative
// to at, the instant judged at.
func New(rep zoomsig.Report, at time.Time) *Report {
	r := &Report{Format: "unrecognised", Fields: Fields{}, Findings: rep.Findings,
		Inspected: &Inspected{Kind: rep.Format, Verified: rep.Verified, Header: rep.Header, Claims: rep.Claims}}
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
