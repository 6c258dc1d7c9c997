package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig"
)

const signUsage = `sign [flags] MEETING
       zoomsig sign --native [flags]

Makes a Meeting SDK JWT (Web SDK 2.3 and later) by default, or a legacy
Web SDK 1.x signature with --legacy.`

func runSign(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("sign", signUsage, stderr)
	var creds credentials
	creds.register(fs)
	legacy := fs.Bool("legacy", false, "make a legacy Web SDK 1.x signature instead of a JWT")
	native := fs.Bool("native", false, "make a JWT without meeting number and role, for the native Meeting SDKs")
	dialectName := fs.String("dialect", "standard", "legacy dialect: "+dialectNames())
	expiry := fs.Duration("expiry", zoomsig.DefaultExpiry, "JWT lifetime, 30m to 48h")
	webrtc := fs.Int("video-webrtc-mode", -1, "JWT video_webrtc_mode claim, 0 or 1 (default: absent)")
	role := fs.Int("role", 0, "0 to join (attendee), 1 to start (host)")
	at := fs.String("at", "", "sign as of this instant (RFC 3339) instead of now")
	backdate := fs.Duration("backdate", zoomsig.DefaultBackdate, "date the signature this far before the instant (Zoom refuses a future one)")
	pos, code := parseFlags(fs, args, stderr)
	if code >= 0 {
		return code
	}
	wantPos := 1
	if *native {
		wantPos = 0
	}
	if len(pos) != wantPos {
		fs.Usage()
		return exitUsage
	}
	for _, c := range []struct {
		flag string
		bad  bool
	}{
		{"--native cannot be used with --legacy", *native && *legacy},
		{"--dialect applies to --legacy signatures only", !*legacy && isSet(fs, "dialect")},
		{"--expiry applies to JWTs only", *legacy && isSet(fs, "expiry")},
		{"--video-webrtc-mode applies to JWTs only", *legacy && isSet(fs, "video-webrtc-mode")},
		{"--role does not apply to --native tokens", *native && isSet(fs, "role")},
	} {
		if c.bad {
			fmt.Fprintln(stderr, "zoomsig:", c.flag)
			return exitUsage
		}
	}
	var mn string
	if !*native {
		var err error
		if mn, err = zoomsig.NormalizeMeetingNumber(pos[0]); err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
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
	if *legacy {
		opts = append(opts, zoomsig.WithDialect(dialect))
	} else {
		opts = append(opts, zoomsig.WithExpiry(*expiry))
		if isSet(fs, "video-webrtc-mode") {
			opts = append(opts, zoomsig.WithVideoWebRTCMode(*webrtc))
		}
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
	signer, err := zoomsig.NewSigner(key, secret, opts...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	var sig string
	switch {
	case *legacy:
		sig, err = signer.Sign(mn, zoomsig.Role(*role))
	case *native:
		sig, err = signer.SignNativeJWT()
	default:
		sig, err = signer.SignJWT(mn, zoomsig.Role(*role))
	}
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
