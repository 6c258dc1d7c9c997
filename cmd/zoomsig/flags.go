package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
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

// parseFlags parses args, allowing flags after positional arguments
// ("zoomsig sign 123456789 --role 1"), and returns the positionals. It
// refuses --secret without echoing its value. The returned code is -1 to
// go on, or the exit code to stop with.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, int) {
	for _, a := range args {
		if a == "--" {
			break
		}
		name := strings.TrimLeft(a, "-")
		if strings.HasPrefix(a, "-") && (name == "secret" || strings.HasPrefix(name, "secret=")) {
			fmt.Fprintln(stderr, "zoomsig: there is no --secret flag: a secret on the command line is seen by every user of the machine (ps, /proc) and kept in shell history.\n"+
				"Set ZOOM_SDK_SECRET in the environment, or pass --secret-file PATH (or --secret-file - to read it from stdin).")
			return nil, exitUsage
		}
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK
			}
			return nil, exitUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, -1
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// credentials holds the key and secret flags shared by every command.
type credentials struct {
	key        string
	secretFile string
}

func (c *credentials) register(fs *flag.FlagSet) {
	fs.StringVar(&c.key, "key", "", "SDK/API key (default: $ZOOM_SDK_KEY or $ZOOM_MEETING_SDK_KEY)")
	fs.StringVar(&c.secretFile, "secret-file", "", "read the secret from `PATH`, or from stdin if -\n(default: $ZOOM_SDK_SECRET or $ZOOM_MEETING_SDK_SECRET)")
}

// errNoCredentials means neither the environment nor the flags gave a key
// and a secret.
var errNoCredentials = errors.New("no credentials: set ZOOM_SDK_KEY and ZOOM_SDK_SECRET (or ZOOM_MEETING_SDK_KEY and ZOOM_MEETING_SDK_SECRET), or pass --key and --secret-file")

// load returns the key and secret: flags first, then the environment.
// Either may be empty when nothing provides it.
func (c *credentials) load(stdin io.Reader) (key, secret string, err error) {
	key = firstNonEmpty(c.key, os.Getenv("ZOOM_SDK_KEY"), os.Getenv("ZOOM_MEETING_SDK_KEY"))
	switch c.secretFile {
	case "":
		secret = firstNonEmpty(os.Getenv("ZOOM_SDK_SECRET"), os.Getenv("ZOOM_MEETING_SDK_SECRET"))
	case "-":
		secret, err = readSecret(stdin)
	default:
		var f *os.File
		if f, err = os.Open(c.secretFile); err == nil {
			secret, err = readSecret(f)
			f.Close()
		}
	}
	if err != nil {
		return "", "", fmt.Errorf("reading the secret: %w", err)
	}
	return key, secret, nil
}

// readSecret reads the first line of r, without its line ending.
func readSecret(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("the secret is empty")
	}
	return line, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
