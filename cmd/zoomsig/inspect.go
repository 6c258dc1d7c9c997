package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/zoomsig/zoomsig"
)

const inspectUsage = `inspect [--json] [--at RFC3339] [--sdk [PLATFORM@][VERSION]] [--meeting N] [--session NAME] [--join-key KEY] [--password P] [flags] [SIGNATURE | -]

Decodes a legacy signature, a Meeting/Video SDK JWT or a signature
endpoint's JSON response (from the argument, or stdin when it is - or
absent), shows every claim as written, and says why Zoom would refuse it,
in the words of the SDK judged for (--sdk: web, video-web, android, ios,
macos, windows, video-android, video-ios, with or without @VERSION). With
credentials it checks the HMAC too. --meeting, --session, --join-key and
--password give what the page passed to join(), compared with the token;
the password is never printed. Exit status: 0 when no error-level finding,
1 when any, 2 for usage errors.`

// report is what inspect shows: the library's Report, with the decoded
// claims also as the human strings of the text view.
type report struct {
	Format     string            `json:"format"`
	*inspected                   // inspect's alone (audit's report has none)
	Fields     fields            `json:"fields"`
	Findings   []zoomsig.Finding `json:"findings"`
	clean      string            // the closing line when no finding is an error
}

// inspected is what inspect's JSON adds: the kind, whether the HMAC
// verified, and the header and payload members as written (numbers stay
// numbers; a duplicated member keeps its last value).
type inspected struct {
	Kind     zoomsig.Format `json:"kind"`
	Verified bool           `json:"verified"`
	Header   claimObject    `json:"header"`
	Claims   claimObject    `json:"claims"`
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

// inspectFlags are inspect's flags beyond the credentials.
type inspectFlags struct {
	at, sdk                             *string
	asJSON                              *bool
	meeting, session, joinKey, password *string
}

func (f *inspectFlags) register(fs *flag.FlagSet) {
	f.at = fs.String("at", "", "judge as of this instant (RFC 3339) instead of now")
	f.asJSON = fs.Bool("json", false, "print one JSON object: format, kind, verified, header, claims, fields, findings")
	f.sdk = fs.String("sdk", "", "judge for the SDK the page or app runs, `[PLATFORM@][VERSION]` (6.2.0, web@6.2.0, android, video-web@2.5.0)")
	f.meeting = fs.String("meeting", "", "the meeting number the page passed to join()")
	f.session = fs.String("session", "", "the Video SDK session name (topic) the page passed to join()")
	f.joinKey = fs.String("join-key", "", "the sdkKey the page passed to join()")
	f.password = fs.String("password", "", "the session passcode the page passed to join(): its join input, never printed")
}

// options turns the flags into the library's options; text that cannot be
// parsed (--sdk's grammar) is a usage error, a value Zoom would refuse a
// finding.
func (f *inspectFlags) options(judgedAt time.Time) ([]zoomsig.Option, error) {
	opts := []zoomsig.Option{zoomsig.WithClock(zoomsig.FixedClock(judgedAt))}
	if *f.sdk != "" {
		for _, finding := range zoomsig.Diagnose("", "", "", zoomsig.WithSDKVersion(*f.sdk)) {
			if finding.Code == zoomsig.CodeInvalidOption {
				return nil, usageError("--sdk: %s", finding.Message)
			}
		}
		opts = append(opts, zoomsig.WithSDKVersion(*f.sdk))
	}
	if j := (zoomsig.JoinCall{MeetingNumber: *f.meeting, Topic: *f.session, SDKKey: *f.joinKey, Password: *f.password}); j != (zoomsig.JoinCall{}) {
		opts = append(opts, zoomsig.WithJoinCall(j))
	}
	return opts, nil
}

func runInspect(args []string, io stdio) error {
	fs := newFlagSet("inspect", inspectUsage, io.errOut)
	var creds credentials
	creds.register(fs)
	var f inspectFlags
	f.register(fs)
	pos, err := parseFlags(fs, args)
	if err == nil {
		err = wantArgs(fs, pos, 0, 1)
	}
	if err != nil {
		return err
	}
	judgedAt, err := parseAt(*f.at)
	if err != nil {
		return err
	}
	opts, err := f.options(judgedAt)
	if err != nil {
		return err
	}
	pasted, err := readPasted(pos, creds, io)
	if err != nil {
		return err
	}
	key, secret, err := creds.loadAny(io.in, meetingPairs)
	if err != nil {
		return err
	}
	r := newReport(zoomsig.Inspect(pasted, key, secret, opts...), judgedAt)
	return r.finish(io, *f.asJSON)
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

func (r *report) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "format\t%s\n", r.Format)
	for _, f := range r.Fields {
		fmt.Fprintf(tw, "%s\t%s\n", f.name, f.value)
	}
	if r.inspected != nil && r.Verified {
		fmt.Fprintf(tw, "hash\tverified with the given secret\n")
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

// relative says how far t lies from now, in words. Beyond two days it
// counts whole seconds, so that no time a claim may hold overflows it.
func relative(t, now time.Time) string {
	secs := now.Unix() - t.Unix()
	suffix := "ago"
	if secs < 0 {
		secs, suffix = -secs, "from now"
	}
	if secs >= 2*86400 {
		return fmt.Sprintf("%d days %s", secs/86400, suffix)
	}
	d := now.Sub(t).Abs()
	switch {
	case d < time.Second:
		return "now"
	case d < time.Minute:
		return fmt.Sprintf("%ds %s", int(d.Seconds()), suffix)
	case d < time.Hour:
		return fmt.Sprintf("%dm %s", int(d.Minutes()), suffix)
	}
	return fmt.Sprintf("%dh%02dm %s", int(d.Hours()), int(d.Minutes())%60, suffix)
}

// readAll reads at most max bytes of r.
func readAll(r io.Reader, max int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, max))
}
