package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zoomsig/zoomsig"
)

const inspectUsage = `inspect [--json] [--at RFC3339] [--sdk VERSION] [flags] [SIGNATURE | -]

Decodes a legacy signature, a Meeting/Video SDK JWT or a signature
endpoint's JSON response (from the argument, or stdin when it is - or
absent), and says why Zoom would refuse it. With credentials it checks the
HMAC too. Exit status: 0 when no error-level finding, 1 when any, 2 for
usage errors.`

// report is what inspect shows: the decoded fields in order, and the
// findings.
type report struct {
	Format   string            `json:"format"`
	Fields   fields            `json:"fields"`
	Findings []zoomsig.Finding `json:"findings"`
	clean    string            // the closing line when no finding is an error
}

type field struct{ name, value string }

// fields marshal as one JSON object, in order.
type fields []field

func (fs fields) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(f.name)
		v, _ := json.Marshal(f.value)
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}

func (r *report) add(name, value string) { r.Fields = append(r.Fields, field{name, value}) }

func runInspect(args []string, io stdio) error {
	fs := newFlagSet("inspect", inspectUsage, io.errOut)
	var creds credentials
	creds.register(fs)
	at := fs.String("at", "", "judge as of this instant (RFC 3339) instead of now")
	asJSON := fs.Bool("json", false, "print one JSON object: format, fields, findings")
	sdk := fs.String("sdk", "", "judge for Web SDK `VERSION` (6.2.0, 1.9.9): findings then follow what that version does")
	pos, err := parseFlags(fs, args)
	if err == nil {
		err = wantArgs(fs, pos, 0, 1)
	}
	if err != nil {
		return err
	}
	judgedAt, err := parseAt(*at)
	if err != nil {
		return err
	}
	pasted, err := readPasted(pos, creds, io)
	if err != nil {
		return err
	}
	key, secret, err := creds.load(io.in, meetingPairs)
	if err != nil {
		return err
	}
	if key != "" && secret != "" {
		if err := zoomsig.CheckCredentials(key, secret); err != nil {
			return asUsage(err)
		}
	}
	r := decode(zoomsig.ExtractSignature(pasted), judgedAt)
	opts := []zoomsig.Option{zoomsig.WithClock(zoomsig.FixedClock(judgedAt))}
	if *sdk != "" {
		opts = append(opts, zoomsig.WithSDKVersion(*sdk))
	}
	r.Findings = zoomsig.Diagnose(pasted, key, secret, opts...)
	if r.Findings == nil {
		r.Findings = []zoomsig.Finding{}
	}
	return r.finish(io, *asJSON)
}

// readPasted returns the signature from the argument, or from stdin when
// it is - or absent.
func readPasted(pos []string, creds credentials, io stdio) (string, error) {
	if len(pos) == 1 && pos[0] != "-" {
		return pos[0], nil
	}
	if creds.secretFile == "-" {
		return "", usageError("stdin cannot hold both the signature and the secret")
	}
	b, err := readAll(io.in, zoomsig.MaxDiagnoseLen+1)
	if err != nil {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	return string(b), nil
}

func (r *report) write(w io.Writer, asJSON bool) error {
	if !asJSON {
		r.print(w)
		return nil
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func (r *report) hasError() bool {
	for _, f := range r.Findings {
		if f.Severity == zoomsig.SeverityError {
			return true
		}
	}
	return false
}

// decode fills a report's format and fields with what sig holds, as far as
// it decodes; the findings say what is wrong with it. The format comes
// from the library's detection, the one Diagnose uses.
func decode(sig string, at time.Time) *report {
	r := &report{Format: "unrecognised", Fields: fields{}}
	switch zoomsig.DetectFormat(sig) {
	case zoomsig.FormatLegacy:
		if s, err := zoomsig.Parse(sig); err == nil {
			r.legacy(s, at)
		}
	case zoomsig.FormatMeetingJWT:
		if c, err := zoomsig.ParseJWT(unpadded(sig)); err == nil {
			r.meeting(c, at)
		}
	case zoomsig.FormatVideoJWT:
		if c, err := zoomsig.ParseVideoJWT(unpadded(sig)); err == nil {
			r.video(c, at)
		}
	}
	return r
}

// unpadded drops the '=' padding a JWT should not have (Diagnose names it,
// jwt-padding), so that its fields can still be shown; base64url has no
// other use for '='.
func unpadded(token string) string { return strings.ReplaceAll(token, "=", "") }

func (r *report) legacy(s *zoomsig.Signature, at time.Time) {
	r.Format = "legacy Web SDK 1.x signature"
	r.add("key", s.Key)
	r.add("meeting", s.MeetingNumber)
	r.add("role", roleText(s.Role))
	r.add("timestamp", when(s.Timestamp, at))
	alphabet := "standard alphabet"
	if s.HashURLSafe() {
		alphabet = "URL-safe alphabet"
	}
	r.add("hash", s.Hash+" ("+alphabet+")")
}

func (r *report) meeting(c *zoomsig.Claims, at time.Time) {
	r.Format = "Meeting SDK JWT (" + c.Algorithm + ")"
	if c.Native {
		r.Format = "Meeting SDK JWT, native: no meeting or role (" + c.Algorithm + ")"
	}
	r.add("sdkKey", c.SDKKey)
	r.add("appKey", c.AppKey)
	if !c.Native {
		r.add("meeting", c.MeetingNumber)
		r.add("role", roleText(c.Role))
	}
	r.times(c.IssuedAt, c.ExpiresAt, at)
	if !c.TokenExpiresAt.IsZero() {
		r.add("tokenExp", when(c.TokenExpiresAt, at))
	}
	if c.VideoWebRTCMode != nil {
		r.add("video_webrtc_mode", strconv.Itoa(*c.VideoWebRTCMode))
	}
}

func (r *report) times(iat, exp, at time.Time) {
	r.add("issued", when(iat, at))
	r.add("expires", when(exp, at)+" (lifetime "+exp.Sub(iat).String()+")")
}

func (r *report) video(c *zoomsig.VideoClaims, at time.Time) {
	r.Format = "Video SDK JWT (" + c.Algorithm + ")"
	r.add("app_key", c.AppKey)
	r.add("session", strconv.Quote(c.SessionName))
	r.add("role", roleText(c.Role))
	r.times(c.IssuedAt, c.ExpiresAt, at)
	for _, f := range []field{{"user_identity", c.UserIdentity}, {"session_key", c.SessionKey}, {"geo_regions", strings.Join(c.GeoRegions, ",")},
		{"telemetry_tracking_id", c.TelemetryTrackingID}} {
		if f.value != "" {
			r.add(f.name, f.value)
		}
	}
}

func (r *report) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "format\t%s\n", r.Format)
	for _, f := range r.Fields {
		fmt.Fprintf(tw, "%s\t%s\n", f.name, f.value)
	}
	tw.Flush()
	fmt.Fprintln(w)
	errors := 0
	for _, f := range r.Findings {
		if f.Severity == zoomsig.SeverityError {
			errors++
		}
		fmt.Fprintf(w, "%-7s %s: %s\n        fix: %s\n", f.Severity, f.Code, f.Message, f.Fix)
	}
	if errors == 0 {
		fmt.Fprintln(w, cmp.Or(r.clean, "no error: Zoom would accept this signature, as far as zoomsig can tell"))
	}
}

func roleText(r zoomsig.Role) string { return fmt.Sprintf("%d (%s)", int(r), r) }

// when formats t with how far it lies from now.
func when(t, now time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z") + " (" + relative(t, now) + ")"
}

// relative says how far t lies from now, in words.
func relative(t, now time.Time) string {
	d := now.Sub(t)
	suffix := "ago"
	if d < 0 {
		d, suffix = -d, "from now"
	}
	switch {
	case d < time.Second:
		return "now"
	case d < time.Minute:
		return fmt.Sprintf("%ds %s", int(d.Seconds()), suffix)
	case d < time.Hour:
		return fmt.Sprintf("%dm %s", int(d.Minutes()), suffix)
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm %s", int(d.Hours()), int(d.Minutes())%60, suffix)
	}
	return fmt.Sprintf("%d days %s", int(d.Hours()/24), suffix)
}

// readAll reads at most max bytes of r.
func readAll(r io.Reader, max int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, max))
}
