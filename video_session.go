package zoomsig

import (
	"strings"
	"unicode"
)

// Session names ("tpc", and the topic a page passes to the Video SDK's
// join()): the rules every judge of a session name calls.

// checkSessionName is the rule of "tpc": required, at most
// MaxSessionNameLen characters. The signer and the handlers apply this
// rule only, as Zoom's sample does; the character set of Zoom's doc
// (tpcOutsideSet) is a warning of Diagnose.
func checkSessionName(name string) error {
	if name == "" {
		return errorf(ErrInvalidVideoToken, "the session name is required")
	}
	return checkText("session name", name, MaxSessionNameLen)
}

// sessionFold is the one case rule of session names: Zoom's 2026 spec
// says "tpc" is case-insensitive (converted to lower case), and the Web
// Video SDK 2.5.0 lower-cases the topic before sending it (@zoom/videosdk
// 2.5.0, dist/index.umd.js, joinInstant: topic: e.toLowerCase(); seen in
// testdata/sdk/video-results.json; 1.12.17 sends it as given, and the
// spec's word is that Zoom reads it case-insensitively all the same). Two
// names are the same session when their folds are equal (sameSession).
func sessionFold(name string) string { return jsLower(name) }

// sameSession reports whether a and b name the same session.
func sameSession(a, b string) bool { return sessionFold(a) == sessionFold(b) }

// sessionList is the set of the names' folds, or nil (any session) when
// there are none: the allow-list of WithSessions.
func sessionList(names []string) map[string]bool {
	folded := make([]string, len(names))
	for i, n := range names {
		folded[i] = sessionFold(n)
	}
	return allowlist(folded)
}

// tpcSymbols are the symbols Zoom's 2026 spec lists for "tpc" beside
// letters, digits and space (its auth page, in @zoom/videosdk 2.5.0's
// skill/references/auth.md: "Supports alphanumeric characters, spaces,
// and standard visible symbols (!, #, $, %, &, (, ), +, -, :, ;, <, =, .,
// >, ?, @, [, ], ^, _, {, }, |, ~, ,, \)").
const tpcSymbols = `!#$%&()+-:;<=.>?@[]^_{}|~,\`

// tpcOutsideSet returns the first character of name outside the set that
// page lists (ASCII letters and digits, space, tpcSymbols) and its
// 1-based position, or ok false when there is none. The page lists what
// Zoom supports; nothing shows Zoom's server refusing other characters.
func tpcOutsideSet(name string) (r rune, at int, ok bool) {
	i := 0
	for _, c := range name {
		i++
		if c > unicode.MaxASCII || !(isASCIIAlnum(c) || c == ' ' || strings.ContainsRune(tpcSymbols, c)) {
			return c, i, true
		}
	}
	return 0, 0, false
}

func isASCIIAlnum(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// jsLower lower-cases s as JavaScript's toLowerCase does (Unicode's full,
// locale-free mapping), which is what the Video SDK applies to the topic:
// Go's strings.ToLower differs on U+0130 (JavaScript makes it "i" and a
// combining dot above) and on a capital sigma ending a word (final "ς").
func jsLower(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case r == '\u0130':
			b.WriteString("i\u0307")
		case r == 'Σ' && finalSigma(rs, i):
			b.WriteRune('ς')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma is Unicode's Final_Sigma context: a cased letter before rs[i]
// and none after it, skipping case-ignorable characters.
func finalSigma(rs []rune, i int) bool {
	cased := func(r rune) bool { return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) }
	ignorable := func(r rune) bool {
		return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk) || strings.ContainsRune("'.:\u00b7\u2019", r)
	}
	before := false
	for j := i - 1; j >= 0; j-- {
		if !ignorable(rs[j]) {
			before = cased(rs[j])
			break
		}
	}
	for j := i + 1; before && j < len(rs); j++ {
		if !ignorable(rs[j]) {
			return !cased(rs[j])
		}
	}
	return before
}
