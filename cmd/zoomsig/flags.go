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
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
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
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitWith(exitOK)
			}
			return nil, exitWith(exitUsage)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// wantArgs checks the number of positional arguments.
func wantArgs(fs *flag.FlagSet, pos []string, min, max int) error {
	if len(pos) < min || len(pos) > max {
		fs.Usage()
		return exitWith(exitUsage)
	}
	return nil
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
		return time.Time{}, usageError("--at: %v", err)
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
			key = k
		}
		if secret == "" {
			secret = s
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
		return "", "", fmt.Errorf("no credentials: set %s and %s (or %s), or pass --key and --secret-file", pairs[0].key, pairs[0].secret, pairNames(pairs[1:]))
	}
	return key, secret, zoomsig.CheckCredentials(key, secret)
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
