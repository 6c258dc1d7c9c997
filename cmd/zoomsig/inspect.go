package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zoomsig/zoomsig"
)

const inspectUsage = `inspect [flags] [SIGNATURE | -]

Decodes a legacy signature or a Meeting/Video SDK JWT (from the argument,
or stdin when it is - or absent) and, when credentials are available,
verifies it as Zoom would.`

// report is what inspect shows: the decoded fields in order, and a verdict.
type report struct {
	format string
	fields []field
	// verdict is nil when the signature verified; verified says whether
	// verification ran at all.
	verified bool
	verdict  error
}

type field struct{ name, value string }

func (r *report) add(name, value string) { r.fields = append(r.fields, field{name, value}) }

func runInspect(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("inspect", inspectUsage, stderr)
	var creds credentials
	creds.register(fs)
	at := fs.String("at", "", "judge as of this instant (RFC 3339) instead of now")
	pos, code := parseFlags(fs, args, stderr)
	if code >= 0 {
		return code
	}
	if len(pos) > 1 {
		fs.Usage()
		return exitUsage
	}
	judgedAt := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339Nano, *at)
		if err != nil {
			fmt.Fprintf(stderr, "zoomsig: --at: %v\n", err)
			return exitUsage
		}
		judgedAt = t
	}
	var sig string
	if len(pos) == 0 || pos[0] == "-" {
		if creds.secretFile == "-" {
			fmt.Fprintln(stderr, "zoomsig: stdin cannot hold both the signature and the secret")
			return exitUsage
		}
		b, err := io.ReadAll(io.LimitReader(stdin, 64<<10))
		if err != nil {
			fmt.Fprintln(stderr, "zoomsig: reading stdin:", err)
			return exitFailed
		}
		sig = string(b)
	} else {
		sig = pos[0]
	}
	sig = strings.TrimSpace(sig)

	key, secret, err := creds.load(stdin)
	if err != nil {
		fmt.Fprintln(stderr, "zoomsig:", err)
		return exitFailed
	}
	if key != "" && secret != "" {
		if err := zoomsig.CheckCredentials(key, secret); err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
	}
	r, err := inspect(sig, key, secret, judgedAt)
	if err != nil {
		fmt.Fprintln(stdout, err)
		return exitFailed
	}
	r.print(stdout, key != "" && secret != "")
	if r.verdict != nil || r.hasVisibleFault() {
		return exitFailed
	}
	return exitOK
}

// inspect decodes sig and, when key and secret are set, verifies it.
func inspect(sig, key, secret string, at time.Time) (*report, error) {
	verify := key != "" && secret != ""
	clock := zoomsig.WithClock(zoomsig.FixedClock(at))
	r := &report{verified: verify}
	if !strings.Contains(sig, ".") {
		s, err := zoomsig.Parse(sig)
		if err != nil {
			return nil, err
		}
		r.format = "legacy Web SDK 1.x signature"
		r.add("key", s.Key)
		r.add("meeting", s.MeetingNumber)
		r.add("role", roleText(s.Role))
		r.add("timestamp", when(s.Timestamp, at))
		alphabet := "standard alphabet"
		if s.HashURLSafe() {
			alphabet = "URL-safe alphabet: Zoom refuses it"
		}
		r.add("hash", s.Hash+" ("+alphabet+")")
		if verify {
			_, r.verdict = zoomsig.Verify(sig, key, secret, clock)
		}
		return r, nil
	}
	if c, err := zoomsig.ParseJWT(sig); err == nil {
		r.format = "Meeting SDK JWT (" + c.Algorithm + ")"
		if c.Native {
			r.format = "Meeting SDK JWT, native: no meeting or role (" + c.Algorithm + ")"
		}
		r.add("sdkKey", c.SDKKey)
		r.add("appKey", c.AppKey)
		if !c.Native {
			r.add("meeting", c.MeetingNumber)
			r.add("role", roleText(c.Role))
		}
		r.add("issued", when(c.IssuedAt, at))
		r.add("expires", when(c.ExpiresAt, at)+" (lifetime "+c.ExpiresAt.Sub(c.IssuedAt).String()+")")
		if !c.TokenExpiresAt.IsZero() {
			r.add("tokenExp", when(c.TokenExpiresAt, at))
		}
		if c.VideoWebRTCMode != nil {
			r.add("video_webrtc_mode", strconv.Itoa(*c.VideoWebRTCMode))
		}
		if verify {
			_, r.verdict = zoomsig.VerifyJWT(sig, key, secret, clock)
		}
		return r, nil
	} else if !errors.Is(err, zoomsig.ErrMalformed) || !strings.Contains(err.Error(), "sdkKey") {
		return nil, err
	}
	c, err := zoomsig.ParseVideoJWT(sig)
	if err != nil {
		return nil, err
	}
	r.format = "Video SDK JWT (" + c.Algorithm + ")"
	r.add("app_key", c.AppKey)
	r.add("session", strconv.Quote(c.SessionName))
	r.add("role", roleText(c.Role))
	r.add("issued", when(c.IssuedAt, at))
	r.add("expires", when(c.ExpiresAt, at)+" (lifetime "+c.ExpiresAt.Sub(c.IssuedAt).String()+")")
	if c.UserIdentity != "" {
		r.add("user_identity", c.UserIdentity)
	}
	if c.SessionKey != "" {
		r.add("session_key", c.SessionKey)
	}
	if len(c.GeoRegions) > 0 {
		r.add("geo_regions", strings.Join(c.GeoRegions, ","))
	}
	if verify {
		_, r.verdict = zoomsig.VerifyVideoJWT(sig, key, secret, clock)
	}
	return r, nil
}

// hasVisibleFault reports a fault seen without credentials.
func (r *report) hasVisibleFault() bool {
	for _, f := range r.fields {
		if strings.Contains(f.value, "Zoom refuses it") {
			return true
		}
	}
	return false
}

func (r *report) print(w io.Writer, withCredentials bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "format\t%s\n", r.format)
	for _, f := range r.fields {
		fmt.Fprintf(tw, "%s\t%s\n", f.name, f.value)
	}
	tw.Flush()
	switch {
	case !withCredentials:
		fmt.Fprintln(w, "\nnot verified:", "set ZOOM_SDK_KEY and ZOOM_SDK_SECRET (or pass --key and --secret-file) to check the HMAC")
	case r.verdict != nil:
		fmt.Fprintln(w, "\nrefused:", r.verdict)
	default:
		fmt.Fprintln(w, "\nverified: Zoom would accept this signature")
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
