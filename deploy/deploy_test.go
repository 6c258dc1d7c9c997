package deploy

import (
	"debug/buildinfo"
	"debug/elf"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// goLine is go.mod's go line.
func goLine(t *testing.T) string {
	for _, line := range strings.Split(readFile(t, "../go.mod"), "\n") {
		if v, ok := strings.CutPrefix(line, "go "); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatal("go.mod has no go line")
	return ""
}

func TestDockerfile(t *testing.T) {
	rel, err := readRelease("../.ci/release-flags")
	require.NoError(t, err)
	require.NoError(t, checkDockerfile(readFile(t, "../Dockerfile"), rel, goLine(t)))
}

// Each case edits testdata/Dockerfile, a copy of the Dockerfile as it was
// written (the check passes it; the text to replace must be in it, so a
// case cannot pass by no longer applying), and wants the check to fail
// with its message, or to pass ("") for a spelling that builds the same.
func TestDockerfileCheckFails(t *testing.T) {
	const build = `RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/zoomsig ./cmd/zoomsig`
	tests := []struct {
		name, old, new, wantErr string
	}{
		{"no USER", "USER 65532:65532\n", "", "sets no USER"},
		{"USER by name", "USER 65532:65532", "USER nonroot", "want a numeric uid"},
		{"USER root", "USER 65532:65532", "USER 0", "runs as root"},
		{"root group", "USER 65532:65532", "USER 65532:0", "runs as root"},
		{"a flag changed", `-ldflags="-s -w"`, `-ldflags="-s"`, "not CI's release build's"},
		{"a flag added", "-trimpath", "-trimpath -race", "not CI's release build's"},
		{"a flag removed", "-trimpath ", "", "not CI's release build's"},
		{"flags from a variable", `-ldflags="-s -w"`, `-ldflags="$LDFLAGS"`, "not CI's release build's"},
		{"CGO on", "CGO_ENABLED=0 go build", "CGO_ENABLED=1 go build", "without CGO_ENABLED=0"},
		{"CGO unset", "CGO_ENABLED=0 go build", "go build", "without CGO_ENABLED=0"},
		{"GOFLAGS adds flags", build, "ENV GOFLAGS=-race\n" + build, "GOFLAGS=-race"},
		{"two go builds", build, build + "\nRUN go build ./...", "exactly one"},
		{"another package", "-o /out/zoomsig ./cmd/zoomsig", "-o /out/zoomsig .", "not ./cmd/zoomsig"},
		{"copies something else", "COPY --from=build /out/zoomsig", "COPY --from=build /src/go.mod", "does not COPY --from=build /out/zoomsig"},
		{"Go older than go.mod", "FROM golang:1.26 AS build", "FROM golang:1.22 AS build", "older than go.mod"},
		{"Go image unpinned", "FROM golang:1.26 AS build", "FROM golang:latest AS build", "older than go.mod"},
		{"a HEALTHCHECK", "ENTRYPOINT", "HEALTHCHECK CMD [\"/usr/local/bin/zoomsig\", \"version\"]\nENTRYPOINT", "HEALTHCHECK"},
		{"no --max-expiry", `, "--max-expiry", "2h"`, "", "has no --max-expiry"},
		{"no --secret-file", `"--secret-file", "/run/secrets/zoom_sdk_secret", `, "", "has no --secret-file"},
		{"PORT not exposed", "EXPOSE 4000", "EXPOSE 8080", "ENV PORT=4000 is not EXPOSEd"},
		{"escape directive", "# zoomsig serve", "# escape=`\n# zoomsig serve", "escape directive"},
		{"one stage", "FROM gcr.io/distroless/static-debian12:nonroot\n", "", "runs in the final stage"},
		// Spellings of the same build: the check must not fail them.
		{"-ldflags apart", `-ldflags="-s -w"`, `-ldflags '-s -w'`, ""},
		{"flags reordered", `-trimpath -ldflags="-s -w"`, `-ldflags="-s -w" -trimpath`, ""},
		{"CGO from ENV", build, "ENV CGO_ENABLED=0\n" + strings.Replace(build, "CGO_ENABLED=0 ", "", 1), ""},
		{"continued lines", "-trimpath -ldflags", "-trimpath \\\n    # a comment in a continuation\n    -ldflags", ""},
		{"after another command", "RUN CGO_ENABLED=0 go build", "RUN go version && CGO_ENABLED=0 go build", ""},
	}
	// The release build testdata/Dockerfile was written for, fixed here so
	// that the cases test the check, whatever .ci/release-flags becomes.
	rel := release{env: map[string]string{"CGO_ENABLED": "0"}, flags: []string{"-trimpath", "-ldflags=-s -w"}}
	src := readFile(t, "testdata/Dockerfile")
	require.NoError(t, checkDockerfile(src, rel, goLine(t)))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, strings.Contains(src, tt.old), "the case no longer applies to testdata/Dockerfile")
			err := checkDockerfile(strings.Replace(src, tt.old, tt.new, 1), rel, goLine(t))
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestShellWords(t *testing.T) {
	tests := []struct {
		in   string
		want [][]string
	}{
		{`a -x="1 2" 'b c'`, [][]string{{"a", "-x=1 2", "b c"}}},
		{`a\ b "q\"q" "\n"`, [][]string{{"a b", `q"q`, `\n`}}},
		{`a && b || c; d | e`, [][]string{{"a"}, {"b"}, {"c"}, {"d"}, {"e"}}},
		{`a "&&" b`, [][]string{{"a", "&&", "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ws, err := shellWords(tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, commands(ws))
		})
	}
	for _, bad := range []string{`a "b`, `a 'b`} {
		_, err := shellWords(bad)
		require.Error(t, err, bad)
	}
}

func TestUnit(t *testing.T) {
	require.NoError(t, checkUnit(readFile(t, "zoomsig.service")))
}

// As for the Dockerfile: each case edits testdata/zoomsig.service, a copy
// of the unit as it was written, and wants the check to fail; every
// sandbox directive is removed in turn.
func TestUnitCheckFails(t *testing.T) {
	type edit struct{ name, old, new, wantErr string }
	tests := []edit{
		{"secret in the environment", "EnvironmentFile=", "Environment=ZOOM_SDK_SECRET=s3cret\nEnvironmentFile=", "never the environment"},
		{"no LoadCredential", "LoadCredential=zoom-sdk-secret:/etc/zoomsig/secret\n", "", "want one LoadCredential="},
		{"secret file not the credential", "--secret-file ${CREDENTIALS_DIRECTORY}/zoom-sdk-secret", "--secret-file /etc/zoomsig/secret", "want ${CREDENTIALS_DIRECTORY}/zoom-sdk-secret"},
		{"credential renamed", "LoadCredential=zoom-sdk-secret:", "LoadCredential=secret:", "want ${CREDENTIALS_DIRECTORY}/secret"},
		{"no --max-expiry", " --max-expiry 2h", "", "no --max-expiry"},
		{"relative ExecStart", "ExecStart=/usr/local/bin/zoomsig", "ExecStart=zoomsig", "want /absolute/path/zoomsig serve"},
		{"a capability", "CapabilityBoundingSet=\n", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n", "CapabilityBoundingSet="},
		{"any address family", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK", "RestrictAddressFamilies="},
		{"ProtectSystem full", "ProtectSystem=strict", "ProtectSystem=full", "ProtectSystem=strict"},
	}
	src := readFile(t, "testdata/zoomsig.service")
	require.NoError(t, checkUnit(src))
	for _, d := range sandbox {
		line := d[0] + "=" + d[1] + "\n"
		tests = append(tests, edit{"without " + d[0], line, "", "wants " + d[0] + "="})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, strings.Contains(src, tt.old), "the case no longer applies to testdata/zoomsig.service")
			require.ErrorContains(t, checkUnit(strings.Replace(src, tt.old, tt.new, 1)), tt.wantErr)
		})
	}
}

// TestReleaseBinary reads back the build settings of the binary CI built
// with .ci/release-build (ZOOMSIG_RELEASE_BIN names it; .ci/run sets it):
// its environment and flags are .ci/release-flags' and no others, so a
// GOFLAGS in CI's environment cannot make CI's build differ from the
// Dockerfile's. -ldflags is not recorded with -trimpath; the effect of
// its -s and -w is read from the ELF sections instead (the linker's -s
// drops DWARF too, so that "-s" alone would pass here: that the flags are
// the file's word for word rests on .ci/release-build passing them as read).
func TestReleaseBinary(t *testing.T) {
	bin := os.Getenv("ZOOMSIG_RELEASE_BIN")
	if bin == "" {
		t.Skip("ZOOMSIG_RELEASE_BIN is not set (.ci/run sets it to the binary .ci/release-build made)")
	}
	rel, err := readRelease("../.ci/release-flags")
	require.NoError(t, err)
	info, err := buildinfo.ReadFile(bin)
	require.NoError(t, err)
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	for k, v := range rel.env {
		require.Equal(t, v, settings[k], "the binary was built with %s=%s", k, settings[k])
	}
	want := map[string]string{"-buildmode": "exe", "-compiler": "gc"} // always recorded
	for _, f := range rel.flags {
		k, v, ok := strings.Cut(f, "=")
		want[k] = map[bool]string{true: v, false: "true"}[ok]
	}
	for k, v := range settings {
		if strings.HasPrefix(k, "-") {
			require.Equal(t, want[k], v, "the binary records %s=%s, which .ci/release-flags does not give", k, v)
		}
	}
	for k, v := range want {
		if _, recorded := settings[k]; !recorded {
			require.Equal(t, "-ldflags", k, "the binary does not record %s", k)
			requireStripped(t, bin, strings.Fields(v))
		}
	}
}

// requireStripped checks the effect of the linker flags -s (no symbol
// table) and -w (no DWARF) on the ELF binary.
func requireStripped(t *testing.T, bin string, ldflags []string) {
	f, err := elf.Open(bin)
	require.NoError(t, err)
	defer f.Close()
	for _, flag := range ldflags {
		switch flag {
		case "-s":
			require.True(t, f.Section(".symtab") == nil, "built with -s, yet it has a symbol table")
		case "-w":
			for _, s := range f.Sections {
				require.False(t, strings.HasPrefix(s.Name, ".debug_") || strings.HasPrefix(s.Name, ".zdebug_"), "built with -w, yet it has %s", s.Name)
			}
		default:
			t.Fatalf("cannot confirm the linker flag %s from the binary", flag)
		}
	}
}
