package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zoomsig/zoomsig"
)

const inspectUsage = "inspect [--at RFC3339] [--key KEY] [--secret-file PATH] [SIGNATURE | -]"

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

	s, err := zoomsig.Parse(sig)
	if err != nil {
		fmt.Fprintln(stdout, err)
		return exitFailed
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "format\tlegacy Web SDK 1.x signature\n")
	fmt.Fprintf(w, "key\t%s\n", s.Key)
	fmt.Fprintf(w, "meeting\t%s\n", s.MeetingNumber)
	fmt.Fprintf(w, "role\t%d (%s)\n", s.Role, s.Role)
	fmt.Fprintf(w, "timestamp\t%s (%s)\n", s.Timestamp.Format("2006-01-02T15:04:05.000Z07:00"), relative(s.Timestamp, judgedAt))
	alphabet := "standard alphabet"
	if s.HashURLSafe() {
		alphabet = "URL-safe alphabet: Zoom refuses it"
	}
	fmt.Fprintf(w, "hash\t%s (%s)\n", s.Hash, alphabet)
	w.Flush()

	key, secret, err := creds.load(stdin)
	if err != nil {
		fmt.Fprintln(stderr, "zoomsig:", err)
		return exitFailed
	}
	if key == "" || secret == "" {
		fmt.Fprintln(stdout, "\nnot verified:", errNoCredentials)
		if s.HashURLSafe() {
			return exitFailed
		}
		return exitOK
	}
	_, err = zoomsig.Verify(sig, key, secret, zoomsig.WithClock(zoomsig.FixedClock(judgedAt)))
	if err != nil {
		fmt.Fprintln(stdout, "\nrefused:", err)
		if errors.Is(err, zoomsig.ErrInvalidKey) || errors.Is(err, zoomsig.ErrInvalidSecret) {
			return exitUsage
		}
		return exitFailed
	}
	fmt.Fprintln(stdout, "\nverified: Zoom would accept this signature")
	return exitOK
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
