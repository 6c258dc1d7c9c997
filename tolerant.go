package zoomsig

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tolerant decoding, for the diagnosis only: ParseJWT, VerifyJWT, Parse and
// Verify stay strict. What decodes is shown and judged claim by claim; what
// was wrong with the spelling (padding, the standard alphabet, a number
// written as a string) is a finding beside the others, never a reason to
// stop looking.

// Claim is one member of a decoded header or payload, or one field of a
// legacy signature: its name and its value exactly as written (a number
// keeps its spelling: 1.796036536E9 stays that text).
type Claim struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

// orderedMembers reads the members of a JSON object in order, duplicates
// included, each value as written. It fails when b is not one JSON object.
func orderedMembers(b []byte) ([]Claim, error) {
	if !json.Valid(b) {
		return nil, malformed("is not JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, malformed("is not a JSON object")
	}
	var out []Claim
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, malformed("is not a JSON object")
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, malformed("is not a JSON object")
		}
		out = append(out, Claim{Name: name, Value: v})
	}
	return out, nil
}

// segmentSpelling is what a JWT segment's text shows of its encoder.
type segmentSpelling struct {
	padded   bool // ends in '='
	standard bool // holds '+' or '/': the standard alphabet (btoa, Base64.getEncoder)
}

// decodeTolerant decodes a JWT segment whatever its base64 alphabet and
// padding; ok is false when it is not base64 at all.
func decodeTolerant(s string) ([]byte, segmentSpelling, bool) {
	sp := segmentSpelling{padded: strings.HasSuffix(s, "="), standard: strings.ContainsAny(s, "+/")}
	body := strings.TrimRight(s, "=")
	if sp.standard && strings.ContainsAny(body, "-_") {
		return nil, sp, false // both alphabets at once: no encoder writes that
	}
	body = strings.NewReplacer("+", "-", "/", "_").Replace(body)
	b, err := base64.RawURLEncoding.DecodeString(body)
	return b, sp, err == nil
}

// tolerantJWT is a JWT whose header and payload decode as JSON objects,
// however they were spelled.
type tolerantJWT struct {
	raw             *rawJWT // header and payload as claim sets, last member wins
	header, payload []Claim
	spelling        [3]segmentSpelling
	sigStrict       bool // the signature segment is canonical base64url
	headerOK, sigOK bool
}

// decodeJWTTolerant decodes the three segments of s; it fails only when
// the payload is not a JSON object in base64 of some kind.
func decodeJWTTolerant(s string) (*tolerantJWT, bool) {
	seg := strings.Split(s, ".")
	if len(seg) != 3 || len(s) > MaxDiagnoseLen {
		return nil, false
	}
	t := &tolerantJWT{raw: &rawJWT{signingInput: seg[0] + "." + seg[1]}}
	pb, sp, ok := decodeTolerant(seg[1])
	t.spelling[1] = sp
	if !ok {
		return nil, false
	}
	var err error
	if t.payload, err = orderedMembers(pb); err != nil {
		return nil, false
	}
	t.raw.payload = lastWins(t.payload)
	if hb, sp, ok := decodeTolerant(seg[0]); ok {
		t.spelling[0] = sp
		if h, err := orderedMembers(hb); err == nil {
			t.header, t.headerOK = h, true
			t.raw.header = lastWins(h)
			t.raw.alg, _, _ = t.raw.header.str("alg")
		}
	}
	sig, sp, ok := decodeTolerant(seg[2])
	t.spelling[2], t.sigOK, t.raw.sig = sp, ok && seg[2] != "", sig
	_, strictErr := decodeSegment(seg[2])
	t.sigStrict = strictErr == nil
	return t, true
}

// lastWins is a claim set as encoding/json reads an object: the last of
// duplicated members wins.
func lastWins(cs []Claim) claimSet {
	set := make(claimSet, len(cs))
	for _, c := range cs {
		set[c.Name] = c.Value
	}
	return set
}

// numberForm says how a time or role was written.
type numberForm int

const (
	formInteger    numberForm = iota // a plain JSON integer: as Zoom's samples write it
	formOther                        // a whole number as a float, in exponent form, or as a string
	formUnreadable                   // no whole number at all
)

// maxWhole bounds the whole numbers read from other forms: 2^53, the
// largest a JavaScript number holds exactly, far above any time in seconds
// or milliseconds.
const maxWhole = 1 << 53

// readWhole reads a claim value as a whole number, in whatever form it was
// written: 1796036536, 1.796036536E9, 1796036536.0 or "1796036536".
func readWhole(v json.RawMessage) (int64, numberForm) {
	text := string(v)
	if len(text) > 0 && text[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) != nil {
			return 0, formUnreadable
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			return n, formOther
		}
		text = strings.TrimSpace(s)
		if n, form := readWhole(json.RawMessage(text)); form == formInteger || form == formOther {
			return n, formOther
		}
		return 0, formUnreadable
	}
	if jsonKind(v) != "a number" {
		return 0, formUnreadable
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, formInteger
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > maxWhole {
		return 0, formUnreadable
	}
	return int64(f), formOther
}

// invisible reports whether r is a character a paste may carry that no
// one sees: a byte-order mark, a zero-width or other format character, or
// a non-breaking space.
func invisible(r rune) bool {
	return r == '\uFEFF' || r == '\u00A0' || r == '\u202F' || r == '\u2007' || unicode.Is(unicode.Cf, r)
}

// stripInvisible removes the invisible characters of s; inside reports
// whether any stood inside the trimmed text rather than around it.
func stripInvisible(s string) (out string, found, inside bool) {
	if !strings.ContainsFunc(s, invisible) {
		return s, false, false
	}
	out = strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
	trimmed := strings.TrimFunc(s, func(r rune) bool { return invisible(r) || unicode.IsSpace(r) })
	return out, true, strings.ContainsFunc(trimmed, invisible)
}

// invalidUTF8At returns the byte offset of the first invalid UTF-8 byte of
// s, or -1.
func invalidUTF8At(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}
