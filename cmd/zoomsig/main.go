// Command zoomsig signs, decodes and verifies the signatures a backend hands
// a browser so it can join a Zoom meeting through the Web/Meeting SDK.
//
//	zoomsig sign [flags] MEETING      make a signature
//	zoomsig inspect [flags] SIGNATURE  decode it and say why Zoom would refuse it
//	zoomsig inspect --web              the same, as a page in the browser (loopback)
//	zoomsig serve [flags]              serve signatures over HTTP
//
// Credentials come from the environment (ZOOM_SDK_KEY and ZOOM_SDK_SECRET,
// or ZOOM_MEETING_SDK_KEY and ZOOM_MEETING_SDK_SECRET), or from --key and
// --secret-file PATH (or - for stdin); never from a flag value.
package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// version, when set at build time with -ldflags "-X main.version=…",
// wins; otherwise buildVersion reads the module version and VCS revision
// the Go toolchain recorded in the binary.
var version = ""

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes, one convention for every command (README "Exit codes"):
//
//	command    0                  1                             2                                       3
//	sign       printed            –                             usage, bad value, credentials, file     –
//	inspect    Zoom would accept  Zoom would refuse             usage, --sdk/--at text, half a pair     --web: cannot listen
//	serve      clean shutdown     –                             usage, bad flags, credentials           cannot listen
//	audit      no error finding   an error finding              usage                                   endpoint unreachable; every meeting refused
//	token      printed            Zoom refused (4xx)            usage, credentials                      Zoom unreachable
//	version    always             –                             –                                       –
//	help       always             –                             unknown command                         –
const (
	exitOK          = 0 // done; for inspect and audit, no Error-level finding
	exitFailed      = 1 // inspect and audit: an error finding; token: Zoom refused
	exitUsage       = 2 // the command line or its credentials cannot be used
	exitUnavailable = 3 // a peer could not be reached (serve, inspect --web: the address could not be listened on)
	usageHeader     = `usage: zoomsig COMMAND [flags] [ARG]

commands:
  sign MEETING         make a Meeting SDK JWT (or --legacy signature) for a meeting;
                       sign --video --session NAME makes a Video SDK JWT
  inspect SIGNATURE    decode a signature and say why Zoom would refuse it
                       (--web: the same as a page in the browser, on loopback)
  serve                serve signatures over HTTP, as Zoom's endpoint sample does
                       (--video: as Zoom's Video SDK endpoint sample does)
  audit URL            probe a deployed signature endpoint as an attacker and as Zoom would
  token zak --user U   print a Zoom user's ZAK (server-to-server OAuth credentials)
  help [COMMAND]       show help
  version              print the version

Run "zoomsig COMMAND --help" for a command's flags.

exit status, the same for every command:
  0  done (inspect: Zoom would accept; audit: no error finding)
  1  inspect, audit: an error finding; token: Zoom refused (4xx)
  2  usage: a bad command line, flag value or credentials
  3  a peer out of reach: serve, inspect --web cannot listen; audit: the endpoint (or it
     refused every meeting probed: give --meeting N); token: Zoom
`
)

// exitError is an error that carries its exit code. A nil err exits with
// the code and prints nothing (the command has said what it had to say).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return "exit " + strconv.Itoa(e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError is a bad command line: exit 2.
func usageError(format string, args ...any) error {
	return &exitError{exitUsage, fmt.Errorf(format, args...)}
}

// asUsage marks err as a bad command line.
func asUsage(err error) error { return &exitError{exitUsage, err} }

// usageUnlessMarked marks err as a bad command line unless it carries an
// exit code already: for commands whose every failure is their input's.
func usageUnlessMarked(err error) error {
	var ee *exitError
	if err == nil || errors.As(err, &ee) {
		return err
	}
	return asUsage(err)
}

// unavailable marks err as a peer that could not be reached.
func unavailable(err error) error { return &exitError{exitUnavailable, err} }

// exitWith exits with code, printing nothing more.
func exitWith(code int) error { return &exitError{code: code} }

// stdio is a command's standard streams.
type stdio struct {
	in          io.Reader
	out, errOut io.Writer
}

// commands maps each subcommand to its function.
var commands = map[string]func(args []string, io stdio) error{
	"sign":    func(args []string, io stdio) error { return usageUnlessMarked(runSign(args, io)) },
	"inspect": runInspect,
	"serve":   runServe,
	"token":   runToken,
	"audit":   runAudit,
}

// run is main without the process: tests call it in-process. It alone
// prints errors and picks the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return exitCode(dispatch(args, stdio{stdin, stdout, stderr}), stderr)
}

func dispatch(args []string, io stdio) error {
	if len(args) == 0 {
		fmt.Fprint(io.errOut, usageHeader)
		return exitWith(exitUsage)
	}
	cmd, rest := args[0], args[1:]
	if f, ok := commands[cmd]; ok {
		return f(rest, io)
	}
	switch cmd {
	case "version", "--version", "-version":
		fmt.Fprintln(io.out, "zoomsig", cmp.Or(version, buildVersion()))
		return nil
	case "help", "--help", "-help", "-h":
		if len(rest) > 0 && rest[0] != "help" {
			return dispatch([]string{rest[0], "--help"}, io)
		}
		fmt.Fprint(io.out, usageHeader)
		return nil
	}
	fmt.Fprint(io.errOut, usageHeader)
	return usageError("unknown command %q", cmd)
}

// exitCode prints err once, prefixed "zoomsig: " (the library's errors
// carry the prefix already), and returns the exit code it carries: 1
// unless it says otherwise.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	code := exitFailed
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
		if ee.err == nil {
			return code
		}
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "zoomsig: ") {
		msg = "zoomsig: " + msg
	}
	fmt.Fprintln(stderr, msg)
	return code
}

// buildVersion is the module version the binary was built at ("v1.2.3",
// or a pseudo-version for a build from a clone) and the VCS revision, from
// runtime/debug.ReadBuildInfo; "(devel)" stands where the toolchain
// recorded none, as in tests.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev != "" {
		v += " (" + rev + modified + ")"
	}
	return v
}
