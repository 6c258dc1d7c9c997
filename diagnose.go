package zoomsig

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxDiagnoseLen caps what Diagnose reads; a pasted response object with
// headers around it still fits.
const MaxDiagnoseLen = 64 << 10

// Diagnose says why Zoom would refuse sig, or that it would not: the
// findings of [Inspect], which says what it takes and does. Options, as for
// Inspect: [WithClock], [WithLeeway], [WithMaxAge], [WithSDKVersion],
// [WithJoinCall]; any other is an invalid-option finding.
func Diagnose(sig, key, secret string, opts ...Option) []Finding {
	return inspect("Diagnose", sig, key, secret, opts).Findings
}

// diagnosis collects the findings of one Inspect call. Each judge of a
// format (legacy in diagnose_legacy.go, JWTs in diagnose_jwt.go) adds to
// it, calling the same rules as the verifiers.
type diagnosis struct {
	cfg         settings
	now         time.Time
	key, secret string // usable credentials, or empty
	given       string // the secret as given, for secret-whitespace
	platform    platform
	unreadable  []string     // claims whose values are no whole number, already reported
	altered     bool         // judged without characters the input holds (so never verified)
	meeting     *meetingRead // a Meeting SDK token's claims, as read
	report      Report
	findings    []Finding
}

// credentials keeps the key and the secret that are usable, noting the
// ones that are not.
func (d *diagnosis) credentials(key, secret string) {
	if key != "" {
		if err := checkKey(key); err != nil {
			d.add(CodeInvalidCredentials, "The key given is unusable (%s), so the diagnosis does not compare keys.", detailOf(err))
		} else {
			d.key = key
		}
	}
	d.given = secret
	if secret != "" {
		if err := checkSecret(strings.TrimSpace(secret)); err != nil {
			d.add(CodeInvalidCredentials, "The secret given is unusable (%s), so the diagnosis does not check the HMAC.", detailOf(err))
		} else {
			d.secret = secret
		}
	}
}

func (d *diagnosis) add(code, format string, args ...any) {
	d.addAs(code, specOf(code).severity, format, args...)
}

// addAs adds a finding with a severity other than its code's usual one.
func (d *diagnosis) addAs(code string, sev Severity, format string, args ...any) {
	d.findings = append(d.findings, Finding{Code: code, Severity: sev, Message: fmt.Sprintf(format, args...), Fix: specOf(code).fix})
}

// withFix replaces the last finding's fix, where its code's usual fix
// would point elsewhere (a join() parameter that is not in the token).
func (d *diagnosis) withFix(fix string) {
	d.findings[len(d.findings)-1].Fix = fix
}

func (d *diagnosis) has(code string) bool {
	return slices.ContainsFunc(d.findings, func(f Finding) bool { return f.Code == code })
}

// result orders the findings and makes sure that no text holds the
// secret, even one the user pasted into the signature itself. Errors come
// first; within a severity, a cause comes before the symptoms it produces
// (causeRank), and otherwise the order is the order found.
func (d *diagnosis) result(secret string) []Finding {
	slices.SortStableFunc(d.findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(causeRank(a.Code), causeRank(b.Code)))
	})
	for i := range d.findings {
		for _, s := range []string{secret, strings.TrimSpace(secret)} {
			d.findings[i].Message = redactPart(redact(d.findings[i].Message, s), s)
		}
		d.findings[i].Message = d.redactPassword(d.findings[i].Message)
	}
	if d.findings == nil {
		return []Finding{}
	}
	return d.findings
}

// causes are the codes that name why other findings arise: each is put
// before the findings of its severity that it explains.
var causes = []string{CodeResponseObject, CodeSecondsReadAsMS, CodeSecretWhitespace, CodeMisnamedClaim, CodeSecretInToken, CodeTimezoneOffset}

func causeRank(code string) int {
	if i := slices.Index(causes, code); i >= 0 {
		return i
	}
	return len(causes)
}

// redact removes every occurrence of secret from s. It repeats until none
// is left, since a replacement next to the remains of another occurrence
// could form the secret again; the secret is longer than the replacement,
// so each pass shortens s and the loop ends. A string too short to be a
// usable secret (see checkSecret) is not treated as one.
// redactPassword hides the join call's session password (or passcode)
// wherever a message shows it — pasted into another field, say: the
// password is never printed. One of fewer than minPasswordShown
// characters is too short to tell from the message's own text.
func (d *diagnosis) redactPassword(msg string) string {
	if d.cfg.join == nil || len(d.cfg.join.Password) < minPasswordShown {
		return msg
	}
	return strings.ReplaceAll(msg, d.cfg.join.Password, redactedMark)
}

// minPasswordShown is the shortest password redactPassword looks for.
const minPasswordShown = 4

func redact(s, secret string) string {
	if len(secret) < minSecretLen || len(secret) <= len(redactedMark) {
		return s
	}
	for strings.Contains(s, secret) {
		s = strings.ReplaceAll(s, secret, redactedMark)
	}
	return s
}

// minLeak is the shortest run of the secret's characters a message may not
// show: a value clipped for a message could show part of a secret pasted
// into it.
const minLeak = 10

// redactPart replaces every run of minLeak or more characters of s that
// also stands in the secret.
func redactPart(s, secret string) string {
	if len(secret) < minSecretLen {
		return s
	}
	for j := 0; j+minLeak <= len(s); j++ {
		k := minLeak
		if !strings.Contains(secret, s[j:j+k]) {
			continue
		}
		for j+k < len(s) && strings.Contains(secret, s[j:j+k+1]) {
			k++
		}
		s = s[:j] + redactedMark + s[j+k:]
		j += len(redactedMark) - 1
	}
	return s
}

// redactedMark stands where a secret would be shown.
const redactedMark = "[REDACTED]"

// trimPasted removes the whitespace and quotes a copy-paste brings along.
func trimPasted(s string) string {
	for {
		s = strings.TrimSpace(s)
		if len(s) >= 2 && strings.ContainsRune(`"'`+"`", rune(s[0])) && s[len(s)-1] == s[0] {
			s = s[1 : len(s)-1]
			continue
		}
		return s
	}
}

// ExtractSignature returns the signature inside what a user pasted: the
// text without the whitespace and quotes around it, or the "signature"
// member when it is a JSON object such as a signature endpoint's response.
// It returns the trimmed text when there is nothing to unwrap.
func ExtractSignature(pasted string) string {
	if len(pasted) > MaxDiagnoseLen {
		return pasted
	}
	s := trimPasted(pasted)
	if inner, err := signatureMember(s); err == nil {
		return trimPasted(inner)
	}
	return s
}

// tokenMembers are the members an endpoint's answer carries its token
// in: Zoom's samples answer "signature"; other endpoints "token" or "jwt".
var tokenMembers = []string{"signature", "token", "jwt"}

// signatureMember returns the token string of a JSON object: its
// "signature" (or "token", "jwt") member, or that of an object one level
// down ({"data":{"signature":…}}).
func signatureMember(s string) (string, error) {
	if !strings.HasPrefix(s, "{") {
		return "", errors.New("not a JSON object")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &obj); err != nil {
		return "", errors.New("starts like a JSON object but does not parse as one")
	}
	if inner, ok, err := tokenIn(obj); ok || err != nil {
		return inner, err
	}
	for _, v := range obj {
		var nested map[string]json.RawMessage
		if json.Unmarshal(v, &nested) == nil {
			if inner, ok, err := tokenIn(nested); ok || err != nil {
				return inner, err
			}
		}
	}
	return "", errors.New("is a JSON object without a \"signature\" string")
}

// tokenIn returns the first non-empty token member of obj, as written: a
// string that is not valid UTF-8 is an error, never rewritten.
func tokenIn(obj map[string]json.RawMessage) (string, bool, error) {
	for _, name := range tokenMembers {
		if !utf8.Valid(obj[name]) {
			return "", false, fmt.Errorf("has a %q string that is not valid UTF-8", name)
		}
		var inner string
		if json.Unmarshal(obj[name], &inner) == nil && inner != "" {
			return inner, true, nil
		}
	}
	return "", false, nil
}

// capital returns s with its first letter upper-cased: an error's detail
// ("the signature's key is …") starting a message.
func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
