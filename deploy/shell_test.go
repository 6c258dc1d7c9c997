// Package deploy holds tests only: they check the Dockerfile and
// deploy/zoomsig.service, which CI cannot run (no container runtime, no
// running systemd), against what CI builds (.ci/release-flags).
package deploy

import (
	"errors"
	"strings"
)

// word is one shell word, or an unquoted control operator (&&, ||, ;, |).
type word struct {
	text string
	op   bool
}

// shellWords splits a POSIX shell command line as sh would for the simple
// commands a Dockerfile RUN holds: single and double quotes, backslash
// escapes, and the control operators between commands. It expands nothing:
// a $VAR stays as written, so a build flag taken from a variable does not
// equal CI's flag and the check fails rather than guess.
func shellWords(s string) ([]word, error) {
	var words []word
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, word{text: cur.String()})
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			flush()
		case c == '&' || c == '|' || c == ';':
			flush()
			op := string(c)
			if c != ';' && i+1 < len(s) && s[i+1] == c {
				op += string(c)
				i++
			}
			words = append(words, word{text: op, op: true})
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			n, err := doubleQuoted(s[i+1:], &cur)
			if err != nil {
				return nil, err
			}
			i += n + 1
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	flush()
	return words, nil
}

// doubleQuoted writes the text of a double-quoted string to b, s starting
// just after the opening quote, and returns the index of the closing one.
// Inside, a backslash escapes only $ ` " \ and a newline, as in sh.
func doubleQuoted(s string, b *strings.Builder) (int, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i, nil
		case c == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0:
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return 0, errors.New("unterminated double quote")
}

// commands splits words at the control operators into simple commands.
func commands(words []word) [][]string {
	var cmds [][]string
	var cur []string
	for _, w := range words {
		if w.op {
			if len(cur) > 0 {
				cmds = append(cmds, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, w.text)
	}
	if len(cur) > 0 {
		cmds = append(cmds, cur)
	}
	return cmds
}
