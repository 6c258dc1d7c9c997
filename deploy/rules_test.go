package deploy

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// checkUser: the final stage sets USER to a numeric uid (and gid) other
// than 0, so that a runtime can tell it is not root without the image's
// /etc/passwd (Kubernetes' runAsNonRoot needs a number).
func checkUser(final stage) error {
	user := ""
	for _, in := range final.instrs {
		if in.cmd == "USER" {
			user = in.args
		}
	}
	if user == "" {
		return errors.New("the final stage sets no USER: the container would run as the base image's user, root unless it says otherwise")
	}
	for _, id := range strings.Split(user, ":") {
		n, err := strconv.Atoi(id)
		if err != nil || n < 0 {
			return fmt.Errorf("USER %s: want a numeric uid[:gid], so that a runtime can see it is not root", user)
		}
		if n == 0 {
			return fmt.Errorf("USER %s: the final stage runs as root", user)
		}
	}
	return nil
}

// checkEnv: the go build's environment has CI's values, and no GOFLAGS
// (which would add flags CI does not build with).
func checkEnv(b goBuild, rel release) error {
	var errs []error
	for k, v := range rel.env {
		if got, ok := b.env[k]; !ok || got != v {
			errs = append(errs, fmt.Errorf("the go build runs without %s=%s (CI's release build sets it: .ci/release-flags)", k, v))
		}
	}
	if g := b.env["GOFLAGS"]; g != "" {
		errs = append(errs, fmt.Errorf("the go build runs with GOFLAGS=%s: its flags would not be CI's", g))
	}
	return errors.Join(errs...)
}

// checkFlags: the go build's flags are CI's, no more and no fewer, and it
// builds the command.
func checkFlags(b goBuild, rel release) error {
	got, want := slices.Sorted(slices.Values(b.flags)), slices.Sorted(slices.Values(rel.flags))
	var errs []error
	if !slices.Equal(got, want) {
		errs = append(errs, fmt.Errorf("the go build's flags %q are not CI's release build's %q (.ci/release-flags)", got, want))
	}
	if !slices.Equal(b.packages, []string{"./cmd/zoomsig"}) {
		errs = append(errs, fmt.Errorf("the go build builds %q, not ./cmd/zoomsig", b.packages))
	}
	return errors.Join(errs...)
}

// checkCopied: the final stage copies the binary the go build wrote.
func checkCopied(final stage, b goBuild) error {
	if b.stage.index == final.index {
		return errors.New("the go build runs in the final stage: the image would carry the Go toolchain")
	}
	for _, in := range final.instrs {
		if in.cmd != "COPY" {
			continue
		}
		ws, err := in.words()
		if err != nil {
			return err
		}
		opts, rest := options(ws)
		from, ok := opts["from"]
		if ok && stageIndex([]stage{b.stage}, from) == b.stage.index && len(rest) >= 2 && rest[0].text == b.output {
			return nil
		}
	}
	return fmt.Errorf("the final stage does not COPY --from=%s %s (the go build's -o)", cmp.Or(b.stage.name, strconv.Itoa(b.stage.index)), b.output)
}

// checkGoImage: a golang:X.Y build image is not older than go.mod's go
// line (the toolchain the module asks for).
func checkGoImage(build stage, goLine string) error {
	tag, ok := strings.CutPrefix(build.base, "golang:")
	if !ok {
		return fmt.Errorf("the go build runs FROM %s, not an official golang:X.Y image", build.base)
	}
	tag, _, _ = strings.Cut(tag, "-") // 1.26-bookworm
	if versionLess(tag, goLine) {
		return fmt.Errorf("FROM %s: older than go.mod's go %s", build.base, goLine)
	}
	return nil
}

// versionLess compares dotted Go versions numerically, a missing part
// counting as 0 (1.26 is not less than 1.23.0); text that is not a
// version is less than any.
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		x, errX := part(as, i)
		y, _ := part(bs, i)
		if errX != nil || x != y {
			return errX != nil || x < y
		}
	}
	return false
}

func part(parts []string, i int) (int, error) {
	if i >= len(parts) {
		return 0, nil
	}
	return strconv.Atoi(parts[i])
}

// checkNoHealthcheck: the image has no shell or curl to run one;
// orchestrators probe GET /healthz.
func checkNoHealthcheck(final stage) error {
	for _, in := range final.instrs {
		if in.cmd == "HEALTHCHECK" && !strings.EqualFold(in.args, "NONE") {
			return fmt.Errorf("line %d: a HEALTHCHECK, but the image has no shell tools to run it: probe GET /healthz from the orchestrator", in.line)
		}
	}
	return nil
}

// checkServe: the image serves by default, on $PORT, which it EXPOSEs,
// with the secret read from a file and a lifetime cap.
func checkServe(final stage) error {
	var errs []error
	run := map[string][]string{} // the last ENTRYPOINT and CMD
	env := map[string]string{}
	exposed := map[string]bool{}
	for _, in := range final.instrs {
		switch in.cmd {
		case "ENTRYPOINT", "CMD":
			ws, err := in.words()
			if err != nil {
				return err
			}
			run[in.cmd] = nil
			for _, w := range ws {
				run[in.cmd] = append(run[in.cmd], w.text)
			}
		case "ENV":
			if err := envOf(in, env); err != nil {
				return err
			}
		case "EXPOSE":
			for _, p := range strings.Fields(in.args) {
				exposed[strings.TrimSuffix(p, "/tcp")] = true
			}
		}
	}
	argv := append(run["ENTRYPOINT"], run["CMD"]...)
	for _, want := range []string{"serve", "--secret-file", "--max-expiry"} {
		if !slices.Contains(argv, want) {
			errs = append(errs, fmt.Errorf("the image's command %q has no %s", argv, want))
		}
	}
	if port := env["PORT"]; port == "" || !exposed[port] {
		errs = append(errs, fmt.Errorf("ENV PORT=%s is not EXPOSEd (serve listens on :$PORT)", port))
	}
	return errors.Join(errs...)
}
