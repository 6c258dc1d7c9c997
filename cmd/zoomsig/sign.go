package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig"
)

const signUsage = "sign [--legacy [--dialect NAME]] [--role 0|1] [--at RFC3339] [--backdate D] [--key KEY] [--secret-file PATH|-] MEETING"

func runSign(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("sign", signUsage, stderr)
	var creds credentials
	creds.register(fs)
	legacy := fs.Bool("legacy", false, "make a legacy Web SDK 1.x signature")
	dialectName := fs.String("dialect", "standard", "legacy dialect: "+dialectNames())
	role := fs.Int("role", 0, "0 to join (attendee), 1 to start (host)")
	at := fs.String("at", "", "sign as of this instant (RFC 3339) instead of now")
	backdate := fs.Duration("backdate", zoomsig.DefaultBackdate, "date the signature this far before the instant")
	pos, code := parseFlags(fs, args, stderr)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitUsage
	}
	mn, err := zoomsig.NormalizeMeetingNumber(pos[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	dialect, err := zoomsig.ParseDialect(*dialectName)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	opts := []zoomsig.Option{zoomsig.WithBackdate(*backdate)}
	if *at != "" {
		t, err := time.Parse(time.RFC3339Nano, *at)
		if err != nil {
			fmt.Fprintf(stderr, "zoomsig: --at: %v\n", err)
			return exitUsage
		}
		opts = append(opts, zoomsig.WithClock(zoomsig.FixedClock(t)))
	}
	if !*legacy {
		if isSet(fs, "dialect") {
			fmt.Fprintln(stderr, "zoomsig: --dialect applies to --legacy signatures only")
			return exitUsage
		}
		fmt.Fprintln(stderr, "zoomsig: only --legacy signatures are available in this build")
		return exitUsage
	}
	key, secret, err := creds.load(stdin)
	if err != nil {
		fmt.Fprintln(stderr, "zoomsig:", err)
		return exitFailed
	}
	if key == "" || secret == "" {
		fmt.Fprintln(stderr, "zoomsig:", errNoCredentials)
		return exitFailed
	}
	signer, err := zoomsig.NewSigner(key, secret, append(opts, zoomsig.WithDialect(dialect))...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	sig, err := signer.Sign(mn, zoomsig.Role(*role))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	fmt.Fprintln(stdout, sig)
	return exitOK
}

func dialectNames() string {
	var names []string
	for _, d := range zoomsig.Dialects() {
		names = append(names, d.String())
	}
	return strings.Join(names, ", ")
}

func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
