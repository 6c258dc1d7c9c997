package deploy

import (
	"encoding/json"
	"fmt"
	"strings"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd  string // upper case: FROM, RUN, USER, …
	args string
	line int
}

// stage is one FROM and the instructions under it.
type stage struct {
	name, base string
	index      int
	instrs     []instruction
}

// parseDockerfile reads a Dockerfile into its stages, as the builder does:
// a line ending in a backslash continues on the next, comment and empty
// lines inside a continuation are dropped, instructions are
// case-insensitive. Only the default escape character is supported.
func parseDockerfile(src string) ([]stage, error) {
	var stages []stage
	var text strings.Builder
	start := 0
	for i, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(strings.ToLower(strings.ReplaceAll(trimmed, " ", "")), "#escape=") && len(stages) == 0 && text.Len() == 0 {
			return nil, fmt.Errorf("line %d: an escape directive is not supported by this check", i+1)
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if text.Len() == 0 {
			start = i + 1
		}
		if body, ok := strings.CutSuffix(strings.TrimRight(line, " \t\r"), `\`); ok {
			text.WriteString(body)
			continue
		}
		text.WriteString(line)
		var err error
		if stages, err = addInstruction(stages, text.String(), start); err != nil {
			return nil, err
		}
		text.Reset()
	}
	if text.Len() > 0 {
		return nil, fmt.Errorf("line %d: a continuation runs past the end of the file", start)
	}
	if len(stages) == 0 {
		return nil, fmt.Errorf("no FROM instruction")
	}
	return stages, nil
}

func addInstruction(stages []stage, text string, line int) ([]stage, error) {
	cmd, args, _ := strings.Cut(strings.TrimSpace(text), " ")
	in := instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args), line: line}
	if in.cmd == "FROM" {
		words := strings.Fields(in.args)
		for len(words) > 0 && strings.HasPrefix(words[0], "--") { // --platform=…
			words = words[1:]
		}
		if len(words) != 1 && (len(words) != 3 || !strings.EqualFold(words[1], "AS")) {
			return nil, fmt.Errorf("line %d: cannot read FROM %s", line, in.args)
		}
		s := stage{base: words[0], index: len(stages)}
		if len(words) == 3 {
			s.name = words[2]
		}
		return append(stages, s), nil
	}
	if len(stages) == 0 {
		if in.cmd == "ARG" {
			return stages, nil // an ARG before the first FROM
		}
		return nil, fmt.Errorf("line %d: %s before the first FROM", line, in.cmd)
	}
	last := &stages[len(stages)-1]
	last.instrs = append(last.instrs, in)
	return stages, nil
}

// words returns an instruction's arguments as shell words, or as the
// strings of its JSON array in exec form (["a", "b"]), then without the
// instruction's own --options (RUN --mount=…, COPY --from=…).
func (in instruction) words() ([]word, error) {
	var ws []word
	if strings.HasPrefix(in.args, "[") {
		var arr []string
		if err := json.Unmarshal([]byte(in.args), &arr); err != nil {
			return nil, fmt.Errorf("line %d: %s: %v", in.line, in.cmd, err)
		}
		for _, a := range arr {
			ws = append(ws, word{text: a})
		}
		return ws, nil
	}
	ws, err := shellWords(in.args)
	if err != nil {
		return nil, fmt.Errorf("line %d: %s: %v", in.line, in.cmd, err)
	}
	return ws, nil
}

// options splits an instruction's leading --options from the rest.
func options(ws []word) (opts map[string]string, rest []word) {
	opts = map[string]string{}
	for len(ws) > 0 && !ws[0].op && strings.HasPrefix(ws[0].text, "--") {
		k, v, _ := strings.Cut(strings.TrimPrefix(ws[0].text, "--"), "=")
		opts[k] = v
		ws = ws[1:]
	}
	return opts, ws
}

// envOf reads an ENV instruction's KEY=VALUE pairs (or the legacy
// "ENV KEY VALUE") into env.
func envOf(in instruction, env map[string]string) error {
	ws, err := in.words()
	if err != nil {
		return err
	}
	if len(ws) == 0 {
		return fmt.Errorf("line %d: an empty ENV", in.line)
	}
	if !strings.Contains(ws[0].text, "=") {
		var vals []string
		for _, w := range ws[1:] {
			vals = append(vals, w.text)
		}
		env[ws[0].text] = strings.Join(vals, " ")
		return nil
	}
	for _, w := range ws {
		k, v, ok := strings.Cut(w.text, "=")
		if !ok {
			return fmt.Errorf("line %d: ENV %q is not KEY=VALUE", in.line, w.text)
		}
		env[k] = v
	}
	return nil
}
