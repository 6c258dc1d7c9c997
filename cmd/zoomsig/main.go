// Command zoomsig signs, decodes and verifies the signatures a backend hands
// a browser so it can join a Zoom meeting through the Web/Meeting SDK.
//
//	zoomsig sign [flags] MEETING      make a signature
//	zoomsig inspect [flags] SIGNATURE  decode it and say why Zoom would refuse it
//	zoomsig serve [flags]              serve signatures over HTTP
//
// Credentials come from the environment (ZOOM_SDK_KEY and ZOOM_SDK_SECRET,
// or ZOOM_MEETING_SDK_KEY and ZOOM_MEETING_SDK_SECRET), or from --key and
// --secret-file PATH (or - for stdin); never from a flag value.
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "devel"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0 // done; for inspect, no Error-level finding
	exitFailed  = 1 // a finding, a refused signature, or a failure
	exitUsage   = 2 // bad command line
	usageHeader = `usage: zoomsig COMMAND [flags] [ARG]

commands:
  sign MEETING         make a Meeting SDK JWT (or --legacy signature) for a meeting
  inspect SIGNATURE    decode a signature and say why Zoom would refuse it
  serve                serve signatures over HTTP, as Zoom's endpoint sample does
  help [COMMAND]       show help
  version              print the version

Run "zoomsig COMMAND --help" for a command's flags.
`
)

// run is main without the process: tests call it in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageHeader)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "sign":
		return runSign(rest, stdin, stdout, stderr)
	case "inspect":
		return runInspect(rest, stdin, stdout, stderr)
	case "serve":
		return runServe(rest, stdin, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "zoomsig", version)
		return exitOK
	case "help", "--help", "-help", "-h":
		if len(rest) > 0 && rest[0] != "help" {
			return run([]string{rest[0], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usageHeader)
		return exitOK
	}
	fmt.Fprintf(stderr, "zoomsig: unknown command %q\n%s", cmd, usageHeader)
	return exitUsage
}
