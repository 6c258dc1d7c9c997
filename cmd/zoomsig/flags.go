package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig"
)

// newFlagSet returns a FlagSet that reports to stderr and returns errors.
// A stderr that records flag sets (the README test's) is handed it, so
// that a test walks every command's flags rather than reading its help.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if r, ok := stderr.(interface{ recordFlagSet(*flag.FlagSet) }); ok {
		r.recordFlagSet(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: zoomsig %s\n\nflags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// errNoSecretFlag refuses --secret without echoing its value.
var errNoSecretFlag = errors.New("there is no --secret flag: a secret on the command line is seen by every user of the machine (ps, /proc) and kept in shell history.\n" +
	"Set ZOOM_SDK_SECRET in the environment, or pass --secret-file PATH (or --secret-file - to read it from stdin)")

// parseFlags parses args, allowing flags after positional arguments
// ("zoomsig sign 123456789 --role 1"), and returns the positionals. --help
// ends the command with exit 0; a bad flag (already reported by the flag
// package) with exit 2.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	for _, a := range args {
		if a == "--" {
			break
		}
		name := strings.TrimLeft(a, "-")
		if strings.HasPrefix(a, "-") && (name == "secret" || strings.HasPrefix(name, "secret=")) {
			return nil, asUsage(errNoSecretFlag)
		}
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.Usage()
			return nil, exitWith(exitOK)
		}
	}
	// The flag package's own report (its words, then the whole help) is
	// replaced by one line in ours and a pointer to --help.
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	defer func() { fs.SetOutput(out); fs.Usage = usage }()
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(fs, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// seeHelp ends a usage error's message.
func seeHelp(fs *flag.FlagSet) string {
	return "\nRun \"zoomsig " + fs.Name() + " --help\" for usage."
}

// usageOf is a usage error of command fs: what is wrong, then where help is.
func usageOf(fs *flag.FlagSet, format string, args ...any) error {
	return usageError("%s: %s%s", fs.Name(), fmt.Sprintf(format, args...), seeHelp(fs))
}

// flagError says in our words what is wrong with a flag.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return usageOf(fs, "there is no --%s flag", name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return usageOf(fs, "--%s needs a value", name)
	}
	var value, name string
	if _, scanErr := fmt.Sscanf(msg, "invalid value %q for flag -%s", &value, &name); scanErr == nil {
		name = strings.TrimSuffix(name, ":")
		return usageOf(fs, "--%s %q: %s", name, value, wantedValue(fs.Lookup(name), msg))
	}
	return usageOf(fs, "%s", msg)
}

// wantedValue says what a flag takes, or what its own parser said.
func wantedValue(f *flag.Flag, msg string) string {
	if f != nil {
		if g, ok := f.Value.(flag.Getter); ok {
			switch g.Get().(type) {
			case int, int64, uint, uint64:
				return "not a whole number"
			case time.Duration:
				return "not a duration such as 90s, 30m or 2h"
			case bool:
				return "neither true nor false"
			}
		}
	}
	switch {
	case strings.Contains(msg, "strconv."):
		return "not a whole number"
	case strings.Contains(msg, "netip.ParsePrefix"):
		return "not an address range such as 10.0.0.0/8 or 2001:db8::/32"
	}
	if _, detail, ok := strings.Cut(msg, ": "); ok {
		return detail
	}
	return msg
}

// wantArgs checks the number of positional arguments, saying what is
// wrong: how many were given and how many the command takes.
func wantArgs(fs *flag.FlagSet, pos []string, min, max int) error {
	switch {
	case len(pos) >= min && len(pos) <= max:
		return nil
	case max == 0 && fs.Name() == "sign" && isSet(fs, "video"):
		return usageOf(fs, "--native and --video take no meeting number (%q given): the Video SDK's session is --session NAME", clipArg(pos[0]))
	case max == 0 && fs.Name() == "sign":
		return usageOf(fs, "--native and --video take no meeting number (%q given): a native Meeting SDK JWT names none, the app passes the meeting to join", clipArg(pos[0]))
	case max == 0:
		return usageOf(fs, "takes no argument, %d given (%q)", len(pos), clipArg(pos[0]))
	case len(pos) < min:
		return usageOf(fs, "%s", missingArg(fs.Name()))
	case fs.Name() == "sign" && allDigitGroups(pos):
		return usageOf(fs, "%d arguments given; quote a meeting number with spaces: %q", len(pos), strings.Join(pos, " "))
	}
	return usageOf(fs, "%d arguments given, at most %d taken", len(pos), max)
}

// missingArg says what a command is missing.
func missingArg(cmd string) string {
	switch cmd {
	case "sign":
		return "a meeting number is needed (or --native, or --video --session NAME)"
	case "audit":
		return "the endpoint's URL is needed"
	case "token":
		return "the kind of token is needed: zak"
	}
	return "an argument is missing"
}

func allDigitGroups(pos []string) bool {
	for _, p := range pos {
		if p == "" || strings.Trim(p, "0123456789-") != "" {
			return false
		}
	}
	return true
}

// clipArg shortens an argument for a message.
func clipArg(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// isSet reports whether the flag was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// parseAt reads an --at flag: the instant to sign or judge at, or now.
func parseAt(at string) (time.Time, error) {
	if at == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return time.Time{}, usageError("--at %q is not an RFC 3339 instant such as 2026-11-30T09:00:00Z", clipArg(at))
	}
	return t, nil
}

// envPair names two environment variables that hold a key and its secret.
type envPair struct{ key, secret string }

// meetingPairs are where the Meeting SDK credentials may be, in order.
var meetingPairs = []envPair{{"ZOOM_SDK_KEY", "ZOOM_SDK_SECRET"}, {"ZOOM_MEETING_SDK_KEY", "ZOOM_MEETING_SDK_SECRET"}}

// credentials holds the key and secret flags shared by every command.
type credentials struct {
	key        string
	secretFile string
	// keyFrom and secretFrom say where load found them, for serve's
	// start-up line: "flag", "file", "stdin" or "env" (never the value).
	keyFrom, secretFrom string
}

func (c *credentials) register(fs *flag.FlagSet) {
	fs.StringVar(&c.key, "key", "", "SDK/API key (default: $ZOOM_SDK_KEY or $ZOOM_MEETING_SDK_KEY)")
	fs.StringVar(&c.secretFile, "secret-file", "", "read the secret from `PATH`, or from stdin if -\n(default: $ZOOM_SDK_SECRET or $ZOOM_MEETING_SDK_SECRET)")
}

// load returns the key and secret: the flags first, then the first
// environment pair that holds either. A key and a secret never come from
// different pairs, and half a pair is an error naming what is missing.
// Either may be empty when nothing provides it.
func (c *credentials) load(stdin io.Reader, pairs []envPair) (key, secret string, err error) {
	key = c.key
	c.keyFrom, c.secretFrom = "flag", "file"
	if c.secretFile == "-" {
		c.secretFrom = "stdin"
	}
	if c.secretFile != "" {
		if secret, err = readSecretFile(c.secretFile, stdin); err != nil {
			return "", "", fmt.Errorf("reading the secret: %w", err)
		}
	}
	for _, p := range pairs {
		k, s := os.Getenv(p.key), os.Getenv(p.secret)
		if k == "" && s == "" {
			continue
		}
		if (k == "" && key == "") || (s == "" && secret == "") {
			return "", "", fmt.Errorf("%s is set but %s is not", setName(p, k), unsetName(p, k))
		}
		if key == "" {
			key, c.keyFrom = k, "env"
		}
		if secret == "" {
			secret, c.secretFrom = s, "env"
		}
		break
	}
	return key, secret, nil
}

// loadAny returns what was given, as given, for inspect: --key alone is
// allowed (keys compared, no HMAC), and a key or secret the diagnosis
// cannot use is its invalid-credentials finding; half an environment pair
// or a secret file that cannot be read is a usage error.
func (c *credentials) loadAny(stdin io.Reader, pairs []envPair) (key, secret string, err error) {
	key = c.key
	if c.secretFile != "" {
		if secret, err = readSecretFile(c.secretFile, stdin); err != nil {
			return "", "", usageError("--secret-file: %v", err)
		}
	}
	for _, p := range pairs {
		k, s := os.Getenv(p.key), os.Getenv(p.secret)
		if k == "" && s == "" {
			continue
		}
		if (k == "" && key == "") || (s == "" && secret == "") {
			return "", "", usageError("%s is set but %s is not: set both, or neither and pass --key", setName(p, k), unsetName(p, k))
		}
		return cmp.Or(key, k), cmp.Or(secret, s), nil
	}
	return key, secret, nil
}

func setName(p envPair, k string) string {
	if k != "" {
		return p.key
	}
	return p.secret
}

func unsetName(p envPair, k string) string {
	if k != "" {
		return p.secret
	}
	return p.key
}

// require returns usable credentials, or an error saying what is missing.
func (c *credentials) require(stdin io.Reader, pairs []envPair) (key, secret string, err error) {
	key, secret, err = c.load(stdin, pairs)
	if err != nil {
		return "", "", err
	}
	if key == "" || secret == "" {
		return "", "", c.missing(key, secret, pairs)
	}
	return key, secret, zoomsig.CheckCredentials(key, secret)
}

// missing says which credential is missing: both, or the one half the
// flags did not give.
func (c *credentials) missing(key, secret string, pairs []envPair) error {
	switch {
	case key == "" && secret != "":
		return fmt.Errorf("no key: set %s or pass --key (the secret was given)", pairs[0].key)
	case key != "" && secret == "":
		return fmt.Errorf("no secret: set %s or pass --secret-file PATH (the key was given)", pairs[0].secret)
	}
	return fmt.Errorf("no credentials: set %s and %s (or %s), or pass --key and --secret-file", pairs[0].key, pairs[0].secret, pairNames(pairs[1:]))
}

func pairNames(pairs []envPair) string {
	var names []string
	for _, p := range pairs {
		names = append(names, p.key+" and "+p.secret)
	}
	return strings.Join(names, ", or ")
}

func readSecretFile(path string, stdin io.Reader) (string, error) {
	if path == "-" {
		return readSecret(stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return readSecret(f)
}

// readSecret reads r, less one line ending at its end ("\n" or "\r\n", as
// editors write it): anything more (a second newline, trailing spaces) is
// kept, for the signing side to refuse and the diagnosis to report.
func readSecret(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, 4096))
	if err != nil {
		return "", err
	}
	s := string(b)
	if t, ok := strings.CutSuffix(s, "\r\n"); ok {
		s = t
	} else {
		s = strings.TrimSuffix(s, "\n")
	}
	if s == "" {
		return "", errors.New("the secret is empty")
	}
	return s, nil
}
