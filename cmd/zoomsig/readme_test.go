package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The README and the command's help describe one surface: the same
// commands, the same flags for each command, the same environment
// variables; and the README names the Go version go.mod's `go` line asks
// for. TestReadmeMatchesHelp holds them together and lists every
// difference, with where it is.
//
// What counts, on the help's side:
//   - a command: a line of the "commands:" list of `zoomsig help` (and
//     every entry of the commands map must be on it);
//   - a flag of command C: every flag of the FlagSet `zoomsig C --help`
//     builds, walked with VisitAll (newFlagSet hands it to the recorder
//     this test passes as stderr), not read back from the help text;
//   - an environment variable: ZOOM_… or PORT anywhere in `zoomsig help`
//     and every `zoomsig C --help` (PORT not after a colon: HOST:PORT is a
//     placeholder).
//
// On the README's side, fenced ```go and ```json blocks hold no command
// lines, and:
//   - a command: `zoomsig C` in a shell or plain code block, or in an
//     inline code span (prose such as "zoomsig holds" is not one);
//   - a flag: a --name token (--name-* stands for every flag it begins). On a command line of a code block
//     (`zoomsig C …`, continued by a trailing \) or in a code span written
//     `C --name` or `zoomsig C … --name`, or in a table row whose first
//     cell is `C`, it is C's, and C must have it.
//     Anywhere else in the prose it belongs to the commands of its "## "
//     section (every `zoomsig C` in the section's code, or every command
//     when the section names none): at least one of them must have it, and
//     it counts as documented for each of them that does. Code-block lines
//     of other programs (npm, node, wrk, docker) are not ours and are skipped,
//     and so are code spans that run one (`docker run --rm …`);
//   - an environment variable: as on the help's side, anywhere.
//
// readmeOnly lists what may appear in the README alone, each with why.
var readmeOnly = map[string]string{
	// An Android Meeting SDK error code in the platform table: it looks
	// like a variable and is not one.
	"env ZOOM_ERROR_AUTHRET_TOKENWRONG": "an SDK error code",
	// Every command takes --help (parseFlags reads it before the FlagSet,
	// which does not define it).
	"flag --help": "parseFlags",
}

// flagSetRecorder is a stderr that keeps each FlagSet a command makes
// (see newFlagSet), so that the test walks the flag sets themselves.
type flagSetRecorder struct {
	bytes.Buffer
	sets []*flag.FlagSet
}

func (r *flagSetRecorder) recordFlagSet(fs *flag.FlagSet) { r.sets = append(r.sets, fs) }

// surface is what the help or the README says there is.
type surface struct {
	commands map[string]bool
	flags    map[string]map[string]bool // command → its flags, by name
	env      map[string]bool
}

var (
	helpCommandRe = regexp.MustCompile(`^  ([a-z]+)\b`)
	envRe         = regexp.MustCompile(`(ZOOM_[A-Z0-9_]*[A-Z0-9])|(?:^|[^:\w])(PORT)\b`)
	flagRe        = regexp.MustCompile(`(?:^|[^\w-])--([a-z][a-z0-9-]*\*?)`)
	invocationRe  = regexp.MustCompile(`(?:^|[\s/$(])zoomsig\s+([a-z]+)\b`)
	spanRe        = regexp.MustCompile("`[^`]+`")
	spanCommandRe = regexp.MustCompile(`(?:^|\bzoomsig\s+)([a-z]+)\s`)
	rowCommandRe  = regexp.MustCompile("^\\| `(?:zoomsig )?([a-z]+)`")
	goVersionRe   = regexp.MustCompile(`\bGo\s+(\d+\.\d+(?:\.\d+)?)(?:\+|\s+or\s+later|\s+or\s+newer)`)
)

func envNames(text string) []string {
	var names []string
	for _, m := range envRe.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1]+m[2])
	}
	return names
}

// helpSurface runs `zoomsig help` and `zoomsig C --help` for every command
// it lists, in-process, and walks each command's FlagSet.
func helpSurface(t *testing.T) surface {
	clearEnv(t)
	t.Setenv("PORT", "") // serve's --addr default reads it
	s := surface{commands: map[string]bool{}, flags: map[string]map[string]bool{}, env: map[string]bool{}}
	r := runCmd(t, "", "help")
	require.Equal(t, exitOK, r.code, r.stderr)
	_, list, ok := strings.Cut(r.stdout, "\ncommands:\n")
	require.True(t, ok, "`zoomsig help` has no \"commands:\" list:\n%s", r.stdout)
	list, _, _ = strings.Cut(list, "\n\n")
	for _, line := range strings.Split(list, "\n") {
		if m := helpCommandRe.FindStringSubmatch(line); m != nil {
			s.commands[m[1]] = true
		}
	}
	texts := []string{r.stdout}
	for name := range s.commands {
		if _, ok := commands[name]; !ok {
			continue // help, version: no flags
		}
		var out bytes.Buffer
		rec := &flagSetRecorder{}
		code := run([]string{name, "--help"}, strings.NewReader(""), &out, rec)
		require.Equal(t, exitOK, code, "zoomsig %s --help: %s", name, rec.String())
		require.Len(t, rec.sets, 1, "zoomsig %s --help made %d flag sets", name, len(rec.sets))
		s.flags[name] = map[string]bool{}
		rec.sets[0].VisitAll(func(f *flag.Flag) { s.flags[name][f.Name] = true })
		texts = append(texts, out.String(), rec.String())
	}
	for _, name := range envNames(strings.Join(texts, "\n")) {
		s.env[name] = true
	}
	return s
}

// mention is one thing the README names, and where.
type mention struct {
	line     int
	what     string   // "--name", "zoomsig C", or a variable
	explicit bool     // a flag written with its command
	cmds     []string // a flag's commands: its own, or its section's
	section  string
}

// readme is the README, split into what the test reads.
type readme struct {
	lines    []string
	prose    string    // the text with every fenced block's lines blanked
	codeRuns []codeRun // command lines of shell and plain code blocks
	sections []section
}

type codeRun struct {
	line int
	text string
}

type section struct {
	line  int // 1-based, of its "## " heading
	title string
	cmds  map[string]bool
}

func loadReadme(t *testing.T) readme {
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	rd := readme{lines: strings.Split(string(b), "\n")}
	prose := make([]string, len(rd.lines))
	fence, cont := "", -1 // the open fence's language; the run a trailing \ continues
	for i, l := range rd.lines {
		switch {
		case strings.HasPrefix(l, "```") && fence == "":
			fence = cmp.Or(strings.TrimPrefix(l, "```"), "plain")
		case strings.HasPrefix(l, "```"):
			fence = ""
		case fence == "go" || fence == "json":
		case fence != "" && cont >= 0:
			rd.codeRuns[cont].text += " " + l
		case fence != "":
			rd.codeRuns = append(rd.codeRuns, codeRun{i + 1, l})
		default:
			prose[i] = l
			if title, ok := strings.CutPrefix(l, "## "); ok {
				rd.sections = append(rd.sections, section{line: i + 1, title: title, cmds: map[string]bool{}})
			}
		}
		cont = -1
		if fence != "" && fence != "go" && fence != "json" && strings.HasSuffix(l, `\`) && len(rd.codeRuns) > 0 {
			cont = len(rd.codeRuns) - 1
		}
	}
	rd.prose = strings.Join(prose, "\n")
	return rd
}

// sectionAt is the "## " section holding line (nil before the first).
func (rd *readme) sectionAt(line int) *section {
	var s *section
	for i := range rd.sections {
		if rd.sections[i].line <= line {
			s = &rd.sections[i]
		}
	}
	return s
}

func (rd *readme) lineAt(pos int) int { return 1 + strings.Count(rd.prose[:pos], "\n") }

// commandMentions finds every `zoomsig C` in code, and notes each in its
// section.
func (rd *readme) commandMentions() []mention {
	var ms []mention
	add := func(line int, text string) {
		for _, m := range invocationRe.FindAllStringSubmatch(text, -1) {
			ms = append(ms, mention{line: line, what: "zoomsig " + m[1], cmds: []string{m[1]}})
			if s := rd.sectionAt(line); s != nil {
				s.cmds[m[1]] = true
			}
		}
	}
	for _, c := range rd.codeRuns {
		add(c.line, withoutComment(c.text))
	}
	for _, loc := range spanRe.FindAllStringIndex(rd.prose, -1) {
		add(rd.lineAt(loc[0]), rd.prose[loc[0]+1:loc[1]-1])
	}
	return ms
}

// withoutComment cuts a shell comment off a command line.
func withoutComment(line string) string {
	if i := strings.Index(line, " #"); i >= 0 {
		return line[:i]
	}
	return line
}

// flagMentions finds every --name: on command lines, in code spans that
// name their command, and in the prose of a section. Call commandMentions
// first: it fills in the sections' commands.
func (rd *readme) flagMentions(all []string) []mention {
	var ms []mention
	for _, c := range rd.codeRuns {
		text := withoutComment(c.text)
		loc := invocationRe.FindStringSubmatchIndex(text)
		if loc == nil {
			continue // another program's line
		}
		cmd := text[loc[2]:loc[3]]
		for _, f := range flagRe.FindAllStringSubmatch(text[loc[1]:], -1) {
			ms = append(ms, mention{line: c.line, what: "--" + f[1], explicit: true, cmds: []string{cmd}})
		}
	}
	spans := spanRe.FindAllStringIndex(rd.prose, -1)
	for _, loc := range flagRe.FindAllStringSubmatchIndex(rd.prose, -1) {
		line := rd.lineAt(loc[2])
		m := mention{line: line, what: "--" + rd.prose[loc[2]:loc[3]]}
		if otherProgramSpan(rd.prose, spans, loc[2], all) {
			continue // `docker run --rm …`: another program's flag
		}
		if cmd := cmp.Or(spanCommand(rd.prose, spans, loc[2], all), rowCommand(rd.lines[line-1], all)); cmd != "" {
			m.explicit, m.cmds = true, []string{cmd}
		} else if s := rd.sectionAt(line); s != nil && len(s.cmds) > 0 {
			m.section, m.cmds = s.title, sortedKeys(s.cmds)
		} else {
			m.section, m.cmds = "(no command named)", all
		}
		ms = append(ms, m)
	}
	return ms
}

// spanCommand is the command a code span names before the flag at pos
// ("`sign --video`", "`zoomsig serve --allow-host`"), or "".
func spanCommand(prose string, spans [][]int, pos int, all []string) string {
	for _, s := range spans {
		if s[0] < pos && pos < s[1] {
			before := prose[s[0]+1 : pos]
			ms := spanCommandRe.FindAllStringSubmatch(before, -1)
			if len(ms) > 0 && slices.Contains(all, ms[len(ms)-1][1]) {
				return ms[len(ms)-1][1]
			}
		}
	}
	return ""
}

// otherProgramSpan reports whether pos is in a code span that runs
// another program: one whose first word is neither zoomsig, one of its
// commands nor a flag ("`docker run --rm zoomsig version`").
func otherProgramSpan(prose string, spans [][]int, pos int, all []string) bool {
	for _, s := range spans {
		if s[0] < pos && pos < s[1] {
			first, _, _ := strings.Cut(prose[s[0]+1:s[1]-1], " ")
			return first != "zoomsig" && !slices.Contains(all, first) && !strings.HasPrefix(first, "-")
		}
	}
	return false
}

// rowCommand is the command a table row is about, when its first cell is
// one ("| `inspect` | … |"), or "".
func rowCommand(line string, all []string) string {
	m := rowCommandRe.FindStringSubmatch(line)
	if m != nil && slices.Contains(all, m[1]) {
		return m[1]
	}
	return ""
}

// envMentions finds every variable anywhere in the README, code included.
func (rd *readme) envMentions() []mention {
	var ms []mention
	for i, l := range rd.lines {
		for _, name := range envNames(l) {
			ms = append(ms, mention{line: i + 1, what: name})
		}
	}
	return ms
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestReadmeMatchesHelp: see the comment at the top of this file.
func TestReadmeMatchesHelp(t *testing.T) {
	help := helpSurface(t)
	var problems []string
	for name := range commands {
		if !help.commands[name] {
			problems = append(problems, fmt.Sprintf("`zoomsig help` does not list the command %q", name))
		}
	}
	rd := loadReadme(t)
	all := sortedKeys(help.commands)
	problems = append(problems, compareCommands(help, rd.commandMentions())...)
	problems = append(problems, compareFlags(help, rd.flagMentions(all))...)
	problems = append(problems, compareEnv(help, rd.envMentions())...)
	problems = append(problems, compareGoVersion(t, rd)...)
	sort.Strings(problems)
	require.Empty(t, problems, "README.md and the help disagree:\n%s", strings.Join(problems, "\n"))
}

func compareCommands(help surface, ms []mention) []string {
	var problems []string
	seen := map[string]bool{}
	for _, m := range ms {
		seen[m.cmds[0]] = true
		if !help.commands[m.cmds[0]] {
			problems = append(problems, fmt.Sprintf("README.md:%d: `%s`: `zoomsig help` lists no such command", m.line, m.what))
		}
	}
	for name := range help.commands {
		if !seen[name] {
			problems = append(problems, fmt.Sprintf("`zoomsig help` lists the command %q; the README never shows `zoomsig %s`", name, name))
		}
	}
	return problems
}

func compareFlags(help surface, ms []mention) []string {
	var problems []string
	documented := map[string]map[string]bool{}
	for _, m := range ms {
		var owners []string
		for _, c := range m.cmds {
			names := matchFlags(help.flags[c], strings.TrimPrefix(m.what, "--"))
			if len(names) > 0 {
				owners = append(owners, c)
				documented[c] = cmpMap(documented[c])
			}
			for _, name := range names {
				documented[c][name] = true
			}
		}
		switch {
		case len(owners) > 0 || readmeOnly["flag "+m.what] != "":
		case m.explicit:
			problems = append(problems, fmt.Sprintf("README.md:%d: `zoomsig %s %s`: %s has no %s flag", m.line, m.cmds[0], m.what, m.cmds[0], m.what))
		default:
			problems = append(problems, fmt.Sprintf("README.md:%d: %s (section %q, about %s): none of those commands has it", m.line, m.what, m.section, strings.Join(m.cmds, ", ")))
		}
	}
	for cmd, flags := range help.flags {
		for name := range flags {
			if !documented[cmd][name] {
				problems = append(problems, fmt.Sprintf("`zoomsig %s --help` lists --%s; the README never mentions it for %s", cmd, name, cmd))
			}
		}
	}
	return problems
}

// matchFlags is the flags among flags that name means: itself, or for a
// name ending in * ("the --zoom-* flags") every flag it is a prefix of.
func matchFlags(flags map[string]bool, name string) []string {
	prefix, glob := strings.CutSuffix(name, "*")
	var names []string
	for f := range flags {
		if f == name || glob && strings.HasPrefix(f, prefix) {
			names = append(names, f)
		}
	}
	return names
}

func cmpMap(m map[string]bool) map[string]bool {
	if m == nil {
		return map[string]bool{}
	}
	return m
}

func compareEnv(help surface, ms []mention) []string {
	var problems []string
	seen := map[string]bool{}
	for _, m := range ms {
		seen[m.what] = true
		if !help.env[m.what] && readmeOnly["env "+m.what] == "" {
			problems = append(problems, fmt.Sprintf("README.md:%d: %s: no help text names this variable", m.line, m.what))
		}
	}
	for name := range help.env {
		if !seen[name] {
			problems = append(problems, fmt.Sprintf("the help names the variable %s; the README never does", name))
		}
	}
	return problems
}

// compareGoVersion: the README says which Go the module needs ("Go 1.23
// or later", "Go 1.23+") at least once, and every time as go.mod does.
func compareGoVersion(t *testing.T, rd readme) []string {
	b, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(b)
	require.NotNil(t, m, "go.mod has no go line")
	want := string(m[1])
	var problems []string
	found := false
	text := strings.Join(rd.lines, "\n")
	for _, loc := range goVersionRe.FindAllStringSubmatchIndex(text, -1) {
		found = true
		if v := text[loc[2]:loc[3]]; v != want && v+".0" != want {
			line := 1 + strings.Count(text[:loc[0]], "\n")
			problems = append(problems, fmt.Sprintf("README.md:%d: %q, but go.mod says go %s", line, text[loc[0]:loc[1]], want))
		}
	}
	if !found {
		problems = append(problems, fmt.Sprintf("the README never says which Go the module needs (\"Go %s or later\", from go.mod)", want))
	}
	return problems
}
