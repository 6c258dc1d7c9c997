package zoomsig

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MaxDiagnoseLen caps what Diagnose reads; a pasted response object with
// headers around it still fits.
const MaxDiagnoseLen = 64 << 10

// Diagnose says why Zoom would refuse sig, or that it would not. sig may be
// anything a user pastes: a legacy signature, a Meeting SDK or Video SDK
// JWT, a REST-API JWT, the JSON response of a signature endpoint, with
// whitespace or quotes around it. key and secret may be empty: then Diagnose
// reports what it can see without them. A claim that needs the secret (the
// HMAC was made over the raw message, say) is made only after recomputing
// that HMAC and seeing it match. Options: [WithClock], [WithLeeway],
// [WithMaxAge].
//
// Findings come Errors first. A signature Zoom would accept yields no
// SeverityError finding. Diagnose never panics, and no Message or Fix holds
// the secret.
func Diagnose(sig, key, secret string, opts ...Option) []Finding {
	d := &diagnosis{}
	cfg, _, err := configure(defaultSettings(), "Diagnose", forDiagnose, opts)
	if err != nil {
		d.add(CodeInvalidOption, "%s", detailOf(err))
		return d.result(secret)
	}
	d.cfg, d.now = cfg, now(cfg.clock)
	d.credentials(key, secret)
	d.input(sig, true)
	return d.result(secret)
}

// diagnosis collects the findings of one Diagnose call. Each judge of a
// format (legacy in diagnose_legacy.go, JWTs in diagnose_jwt.go) adds to
// it, calling the same rules as the verifiers.
type diagnosis struct {
	cfg         settings
	now         time.Time
	key, secret string // usable credentials, or empty
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
	if secret != "" {
		if err := checkSecret(secret); err != nil {
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

func (d *diagnosis) has(code string) bool {
	return slices.ContainsFunc(d.findings, func(f Finding) bool { return f.Code == code })
}

// result orders the findings, Errors first, and makes sure that no text
// holds the secret, even one the user pasted into the signature itself.
func (d *diagnosis) result(secret string) []Finding {
	slices.SortStableFunc(d.findings, func(a, b Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	for i := range d.findings {
		d.findings[i].Message = redact(d.findings[i].Message, secret)
	}
	return d.findings
}

// redact removes every occurrence of secret from s. It repeats until none
// is left, since a replacement next to the remains of another occurrence
// could form the secret again; the secret is longer than the replacement,
// so each pass shortens s and the loop ends. A string too short to be a
// usable secret (see checkSecret) is not treated as one.
func redact(s, secret string) string {
	const mark = "[REDACTED]"
	if len(secret) < minSecretLen || len(secret) <= len(mark) {
		return s
	}
	for strings.Contains(s, secret) {
		s = strings.ReplaceAll(s, secret, mark)
	}
	return s
}

// input classifies what the user pasted and hands it to its judge. outer
// is false inside a response object, which may not nest.
func (d *diagnosis) input(s string, outer bool) {
	if len(s) > MaxDiagnoseLen {
		d.add(CodeMalformed, "The input is %d bytes, more than any signature; %s", len(s), zoomBackend)
		return
	}
	s = trimPasted(s)
	switch shape, dots := shapeOf(s); {
	case shape == shapeEmpty:
		d.add(CodeMalformed, "The signature is empty; %s", zoomBackend)
	case shape == shapeObject && outer:
		d.responseObject(s)
	case shape == shapeSpaces:
		d.add(CodeMalformed, "The signature holds spaces or line breaks (a line-wrapped paste?); %s", zoomBackend)
	case shape == shapeJWT:
		d.jwt(s)
	case shape == shapeSegment:
		d.add(CodeJWTSegment, "This is one segment of a JWT, not the whole token; %s", zoomBackend)
	case shape == shapeHeadPayload:
		d.add(CodeJWTSegment, "This is a JWT's header and payload without its signature segment; %s", zoomBackend)
	case shape == shapeLegacy:
		d.legacy(s)
	default:
		d.add(CodeMalformed, "The signature has %d '.'-separated parts: neither a legacy signature (one part) nor a JWT (three); %s", dots+1, zoomBackend)
	}
}

func (d *diagnosis) responseObject(s string) {
	inner, err := signatureMember(s)
	if err != nil {
		d.add(CodeMalformed, "The input %v; %s", err, zoomBackend)
		return
	}
	d.add(CodeResponseObject, "This is the endpoint's whole JSON response, not the signature inside it; passed to join() as is, %s. The \"signature\" inside is diagnosed below.", zoomBackend)
	d.input(inner, false)
}

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

// signatureMember returns the "signature" string of a JSON object.
func signatureMember(s string) (string, error) {
	if !strings.HasPrefix(s, "{") {
		return "", errors.New("not a JSON object")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &obj); err != nil {
		return "", errors.New("starts like a JSON object but does not parse as one")
	}
	var inner string
	if err := json.Unmarshal(obj["signature"], &inner); err != nil || inner == "" {
		return "", errors.New("is a JSON object without a \"signature\" string")
	}
	return inner, nil
}
