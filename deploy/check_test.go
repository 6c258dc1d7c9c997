package deploy

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"strconv"
	"strings"
)

// release is CI's release build: the environment and go build flags of
// .ci/release-flags.
type release struct {
	env   map[string]string
	flags []string
}

func readRelease(path string) (release, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return release{}, err
	}
	r := release{env: map[string]string{}}
	for i, line := range strings.Split(string(src), "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "-"):
			r.flags = append(r.flags, line)
		case strings.Contains(line, "="):
			k, v, _ := strings.Cut(line, "=")
			r.env[k] = v
		default:
			return release{}, fmt.Errorf("%s:%d: cannot read %q", path, i+1, line)
		}
	}
	if len(r.flags) == 0 || r.env["CGO_ENABLED"] != "0" {
		return release{}, fmt.Errorf("%s: a release build is static (CGO_ENABLED=0) and has flags", path)
	}
	return r, nil
}

// goBuild is the one `go build` of a Dockerfile and where it runs.
type goBuild struct {
	stage    stage
	env      map[string]string // the stage's ENV, then the command's own NAME=VALUE
	flags    []string          // normalized: -name=value, or -name alone
	output   string            // -o
	packages []string
}

// findGoBuild finds the one RUN command of the Dockerfile that is a
// `go build` (after any NAME=VALUE assignments), with the environment
// its stage gives it.
func findGoBuild(stages []stage) (goBuild, error) {
	var found []goBuild
	envs := make([]map[string]string, len(stages)) // the ENV each stage ends with
	for _, s := range stages {
		env := map[string]string{}
		if i := stageIndex(stages[:s.index], s.base); i >= 0 {
			env = maps.Clone(envs[i])
		}
		envs[s.index] = env
		for _, in := range s.instrs {
			switch in.cmd {
			case "ENV":
				if err := envOf(in, env); err != nil {
					return goBuild{}, err
				}
			case "RUN":
				ws, err := in.words()
				if err != nil {
					return goBuild{}, err
				}
				_, ws = options(ws)
				for _, cmd := range commands(ws) {
					if b, ok := asGoBuild(cmd, env); ok {
						b.stage = s
						found = append(found, b)
					}
				}
			}
		}
	}
	if len(found) != 1 {
		return goBuild{}, fmt.Errorf("want exactly one RUN … go build, found %d", len(found))
	}
	return found[0], nil
}

// stageIndex finds a stage by its name or index, -1 for an image.
func stageIndex(stages []stage, ref string) int {
	for _, s := range stages {
		if s.name != "" && strings.EqualFold(s.name, ref) || strconv.Itoa(s.index) == ref {
			return s.index
		}
	}
	return -1
}

// valueFlags are the go build flags that take their value as the next
// argument when it is not joined with "=".
var valueFlags = map[string]bool{"-o": true, "-ldflags": true, "-gcflags": true, "-asmflags": true,
	"-tags": true, "-buildmode": true, "-mod": true, "-modfile": true, "-overlay": true, "-pgo": true,
	"-p": true, "-pkgdir": true, "-installsuffix": true, "-toolexec": true, "-compiler": true,
	"-gccgoflags": true, "-C": true, "-covermode": true, "-coverpkg": true}

func asGoBuild(cmd []string, stageEnv map[string]string) (goBuild, bool) {
	env := maps.Clone(stageEnv)
	for len(cmd) > 0 && strings.Contains(cmd[0], "=") && !strings.HasPrefix(cmd[0], "-") {
		k, v, _ := strings.Cut(cmd[0], "=")
		env[k] = v
		cmd = cmd[1:]
	}
	if len(cmd) < 2 || cmd[0] != "go" || cmd[1] != "build" {
		return goBuild{}, false
	}
	b := goBuild{env: env}
	for args := cmd[2:]; len(args) > 0; args = args[1:] {
		a := args[0]
		if !strings.HasPrefix(a, "-") {
			b.packages = append(b.packages, a)
			continue
		}
		a = "-" + strings.TrimLeft(a, "-")
		if valueFlags[a] && len(args) > 1 {
			a += "=" + args[1]
			args = args[1:]
		}
		if v, ok := strings.CutPrefix(a, "-o="); ok {
			b.output = v
			continue
		}
		b.flags = append(b.flags, a)
	}
	return b, true
}

// checkDockerfile returns every way the Dockerfile departs from what CI
// builds and from the image's rules: a numeric non-root USER in the final
// stage, the binary it copies built by the one go build, which has CI's
// environment and flags exactly (and no GOFLAGS to add others), a Go image
// no older than go.mod's go line, no HEALTHCHECK, and a default command
// that serves on the EXPOSEd $PORT with --secret-file and --max-expiry.
func checkDockerfile(src string, rel release, goLine string) error {
	stages, err := parseDockerfile(src)
	if err != nil {
		return err
	}
	b, err := findGoBuild(stages)
	if err != nil {
		return err
	}
	final := stages[len(stages)-1]
	return errors.Join(
		checkUser(final),
		checkEnv(b, rel),
		checkFlags(b, rel),
		checkCopied(final, b),
		checkGoImage(b.stage, goLine),
		checkNoHealthcheck(final),
		checkServe(final),
	)
}
