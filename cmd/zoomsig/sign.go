package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig"
)

const signUsage = `sign [flags] MEETING
       zoomsig sign --native [flags]
       zoomsig sign --video --session NAME [flags]

Makes a Meeting SDK JWT (Web SDK 2.3 and later) by default, a legacy Web
SDK 1.x signature with --legacy, or a Video SDK JWT with --video (its
credentials: --key and --secret-file, else ZOOM_VIDEO_SDK_KEY and
ZOOM_VIDEO_SDK_SECRET, else ZOOM_SDK_KEY and ZOOM_SDK_SECRET).`

// signFlags are sign's flags.
type signFlags struct {
	fs               *flag.FlagSet
	creds            credentials
	legacy, native   bool
	dialect, at      string
	expiry, backdate time.Duration
	webrtc           optInt
	role             int
	meetingNumber    string
	sdkKeyClaim      bool
	video            videoFlags
}

func newSignFlags(io stdio) *signFlags {
	f := &signFlags{fs: newFlagSet("sign", signUsage, io.errOut)}
	fs := f.fs
	f.creds.register(fs)
	fs.BoolVar(&f.legacy, "legacy", false, "make a legacy Web SDK 1.x signature instead of a JWT")
	fs.BoolVar(&f.native, "native", false, "make a JWT without meeting number and role, for the native Meeting SDKs")
	fs.StringVar(&f.dialect, "dialect", "standard", "legacy dialect: "+dialectNames())
	fs.DurationVar(&f.expiry, "expiry", zoomsig.DefaultExpiry, "JWT lifetime, "+zoomsig.MinExpiry.String()+" to "+zoomsig.MaxExpiry.String())
	fs.Var(&f.webrtc, "video-webrtc-mode", "JWT video_webrtc_mode claim, 0 or 1 (default: absent)")
	fs.IntVar(&f.role, "role", 0, "0 to join (attendee), 1 to start (host)")
	fs.StringVar(&f.at, "at", "", "sign as of this instant (RFC 3339) instead of now")
	fs.DurationVar(&f.backdate, "backdate", zoomsig.DefaultBackdate, "date the signature this far before the instant (Zoom refuses a future one)")
	fs.BoolVar(&f.sdkKeyClaim, "sdk-key-claim", true, "write \"sdkKey\" beside \"appKey\" in a Meeting SDK JWT, as Zoom's sample does (false: appKey alone, which SDK 5.0+ takes without a warning)")
	f.video.register(fs)
	return f
}

func runSign(args []string, io stdio) error {
	f := newSignFlags(io)
	pos, err := parseFlags(f.fs, args)
	if err != nil {
		return err
	}
	if err := f.check(pos); err != nil {
		return err
	}
	opts, err := f.options()
	if err != nil {
		return err
	}
	pairs := meetingPairs
	if f.video.on {
		pairs = videoPairs
	}
	key, secret, err := f.creds.require(io.in, pairs)
	if err != nil {
		return err
	}
	signer, err := zoomsig.NewSigner(key, secret, opts...)
	if err != nil {
		return err
	}
	sig, err := f.sign(signer)
	if err != nil {
		return err
	}
	fmt.Fprintln(io.out, sig)
	if f.legacy && legacyRefused(sig, f.at) {
		// Still made, for tests that pin old behaviour.
		fmt.Fprintln(io.errOut, "zoomsig: warning: Zoom ended JWT apps, whose key and secret a legacy signature needs, on 8 September 2023: Zoom refuses this signature (inspect says legacy-format)")
	}
	return nil
}

// check refuses flags that do not go together, and reads the meeting.
func (f *signFlags) check(pos []string) error {
	want := 1
	if f.native || f.video.on {
		want = 0
	}
	if err := wantArgs(f.fs, pos, want, want); err != nil {
		return err
	}
	if err := f.video.check(f.fs, f.legacy || f.native || isSet(f.fs, "dialect") || isSet(f.fs, "sdk-key-claim")); err != nil {
		return err
	}
	for _, c := range []struct {
		msg string
		bad bool
	}{
		{"--native cannot be used with --legacy", f.native && f.legacy},
		{"--dialect applies to --legacy signatures only", !f.legacy && isSet(f.fs, "dialect")},
		{"--expiry applies to JWTs only", f.legacy && isSet(f.fs, "expiry")},
		{"--video-webrtc-mode applies to JWTs only", f.legacy && isSet(f.fs, "video-webrtc-mode")},
		{"--sdk-key-claim applies to Meeting SDK JWTs only", f.legacy && isSet(f.fs, "sdk-key-claim")},
		{"--role does not apply to --native tokens", f.native && isSet(f.fs, "role")},
	} {
		if c.bad {
			return usageError("%s", c.msg)
		}
	}
	if want == 0 {
		return nil
	}
	mn, err := zoomsig.NormalizeMeetingNumber(pos[0])
	if err != nil {
		return asUsage(err)
	}
	f.meetingNumber = mn
	return nil
}

// options turns the flags into the Signer's options.
func (f *signFlags) options() ([]zoomsig.Option, error) {
	dialect, err := zoomsig.ParseDialect(f.dialect)
	if err != nil {
		return nil, asUsage(err)
	}
	at, err := parseAt(f.at)
	if err != nil {
		return nil, err
	}
	opts := []zoomsig.Option{zoomsig.WithBackdate(f.backdate), zoomsig.WithClock(zoomsig.FixedClock(at))}
	if f.legacy {
		return append(opts, zoomsig.WithDialect(dialect)), nil
	}
	opts = append(opts, zoomsig.WithExpiry(f.expiry))
	if !f.video.on {
		opts = append(opts, zoomsig.WithSDKKeyClaim(f.sdkKeyClaim))
	}
	if f.webrtc.v != nil && !f.video.on {
		opts = append(opts, zoomsig.WithVideoWebRTCMode(*f.webrtc.v))
	}
	return opts, nil
}

func (f *signFlags) sign(s *zoomsig.Signer) (string, error) {
	switch {
	case f.video.on:
		v := f.video.token()
		v.Role, v.VideoWebRTCMode = zoomsig.Role(f.role), f.webrtc.v
		return s.SignVideoJWT(v)
	case f.legacy:
		return s.Sign(f.meetingNumber, zoomsig.Role(f.role))
	case f.native:
		return s.SignNativeJWT()
	}
	return s.SignJWT(f.meetingNumber, zoomsig.Role(f.role))
}

func dialectNames() string {
	var names []string
	for _, d := range zoomsig.Dialects() {
		names = append(names, d.String())
	}
	return strings.Join(names, ", ")
}

// legacyRefused reports whether the diagnosis, judging at the signing
// instant, calls the legacy format itself an error (the one rule, in the
// library: legacy-format after JWT apps ended).
func legacyRefused(sig, at string) bool {
	judged, err := parseAt(at)
	if err != nil {
		return false
	}
	for _, f := range zoomsig.Diagnose(sig, "", "", zoomsig.WithClock(zoomsig.FixedClock(judged))) {
		if f.Code == zoomsig.CodeLegacyFormat && f.Severity == zoomsig.SeverityError {
			return true
		}
	}
	return false
}
