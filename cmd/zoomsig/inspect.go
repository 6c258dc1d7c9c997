package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/zoomsig/zoomsig"
	"github.com/zoomsig/zoomsig/internal/inspectjson"
)

const inspectUsage = `inspect [--json] [--at RFC3339] [--sdk [PLATFORM@][VERSION]] [--meeting N] [--session NAME] [--join-key KEY] [--password P] [flags] [SIGNATURE | -]
       zoomsig inspect --web [--addr HOST:PORT]

Decodes a legacy signature, a Meeting/Video SDK JWT or a signature
endpoint's JSON response (from the argument, or stdin when it is - or
absent), shows every claim as written, and says why Zoom would refuse it,
in the words of the SDK judged for (--sdk: web, video-web, android, ios,
macos, windows, video-android, video-ios, with or without @VERSION). With
credentials it checks the HMAC too (a Video SDK token's from
ZOOM_VIDEO_SDK_KEY and ZOOM_VIDEO_SDK_SECRET first). --meeting, --session, --join-key and
--password give what the page passed to join(), compared with the token;
the password is never printed. Exit status: 0 when no error-level finding,
1 when any, 2 for usage errors.

With --web it serves the same diagnosis as a page on loopback (--addr:
127.0.0.0/8, [::1] or localhost; default 127.0.0.1:0, a free port), prints
its URL and runs until interrupted: paste a signature, see its claims on a
timeline and the findings as you type. The page takes every input,
credentials included, and sends them only to this process, in a request
body; no request body is logged. Exit status: 0 when interrupted, 2 for
usage errors (an --addr that is not loopback), 3 when it cannot listen.`

// report is what inspect and audit show: inspect --json's object, and the
// closing line of the text view.
type report struct {
	*inspectjson.Report
	clean string // the closing line when no finding is an error
}

// inspectFlags are inspect's flags beyond the credentials.
type inspectFlags struct {
	at, sdk                             *string
	asJSON                              *bool
	meeting, session, joinKey, password *string
	web                                 *bool
	addr                                *string
}

func (f *inspectFlags) register(fs *flag.FlagSet) {
	f.at = fs.String("at", "", "judge as of this instant (RFC 3339) instead of now")
	f.asJSON = fs.Bool("json", false, "print one JSON object: format, kind, verified, header, claims, fields, findings")
	f.sdk = fs.String("sdk", "", "judge for the SDK the page or app runs, `[PLATFORM@][VERSION]` (6.2.0, web@6.2.0, android, video-web@2.5.0)")
	f.meeting = fs.String("meeting", "", "the meeting number the page passed to join()")
	f.session = fs.String("session", "", "the Video SDK session name (topic) the page passed to join()")
	f.joinKey = fs.String("join-key", "", "the sdkKey the page passed to join()")
	f.password = fs.String("password", "", "the session passcode the page passed to join(): its join input, never printed")
	f.web = fs.Bool("web", false, "serve the inspector as a page on loopback instead (see above)")
	f.addr = fs.String("addr", defaultWebAddr, "with --web, listen on `HOST:PORT`, a loopback address (port 0: any free port)")
}

// options turns the flags into the library's options; text that cannot be
// parsed (--sdk's grammar) is a usage error, a value Zoom would refuse a
// finding.
func (f *inspectFlags) options(judgedAt time.Time) ([]zoomsig.Option, error) {
	join := zoomsig.JoinCall{MeetingNumber: *f.meeting, Topic: *f.session, SDKKey: *f.joinKey, Password: *f.password}
	opts, err := inspectjson.Options(judgedAt, *f.sdk, join)
	if err != nil {
		return nil, usageError("--sdk: %s", err)
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
	if *f.web || isSet(fs, "addr") {
		return runInspectWeb(fs, pos, &f, io)
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
	key, secret, err := creds.loadAny(io.in, pairsFor(pasted))
	if err != nil {
		return err
	}
	r := &report{Report: inspectjson.New(zoomsig.Inspect(pasted, key, secret, opts...), judgedAt)}
	return r.finish(io, *f.asJSON)
}

// pairsFor is where inspect looks for credentials: a Video SDK token's
// first (ZOOM_VIDEO_SDK_KEY and ZOOM_VIDEO_SDK_SECRET, as sign --video and
// serve --video read them), then ZOOM_SDK_*, then ZOOM_MEETING_SDK_*.
func pairsFor(pasted string) []envPair {
	if zoomsig.DetectFormat(pasted) == zoomsig.FormatVideoJWT {
		return append(videoPairs[:len(videoPairs):len(videoPairs)], meetingPairs[1:]...)
	}
	return meetingPairs
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
	return r.Encode(w)
}

func (r *report) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "format\t%s\n", r.Format)
	for _, f := range r.Fields {
		fmt.Fprintf(tw, "%s\t%s\n", f.Name, f.Value)
	}
	if r.Inspected != nil && r.Verified {
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

// readAll reads at most max bytes of r.
func readAll(r io.Reader, max int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, max))
}
