package zoomsig

import (
	"regexp"
	"strings"
)

// Report is what [Inspect] finds in a pasted signature: its kind, every
// member of its header and payload (or every field of a legacy signature)
// as written, whether it verified, and the findings.
type Report struct {
	// Format is the kind of the signature by its evidence: a response
	// object is reported as the kind of the token inside it.
	Format Format `json:"kind"`
	// Header and Claims are the members of a JWT's header and payload in
	// the token's order, duplicates included, each value exactly as
	// written; a legacy signature's claims are key, meetingNumber,
	// timestamp, role and hash, and its Header is empty. A value equal to
	// or holding the given secret reads "[REDACTED]".
	Header []Claim `json:"header"`
	Claims []Claim `json:"claims"`
	// Verified is true only when a key and secret were given, the key is
	// the token's, and the HMAC recomputed as Zoom does, over the bytes as
	// written, matches the secret as given. Other findings do not change
	// it: an expired token can be verified. A match found only through a
	// mistaken recipe (a URL-safe hash, a trimmed secret, padding removed)
	// is not.
	Verified bool `json:"verified"`
	// Findings come errors first; among errors a cause comes before the
	// symptoms it produces.
	Findings []Finding `json:"findings"`
}

// JoinCall is what the page passed to join() beside the signature (see
// [WithJoinCall]): the Meeting SDK's meetingNumber and sdkKey options, the
// Video SDK's topic and session password.
type JoinCall struct {
	MeetingNumber string
	Topic         string
	SDKKey        string
	Password      string
}

// Inspect decodes whatever a user pasted — a legacy signature, a Meeting
// or Video SDK JWT, a REST-API JWT, a join token, one segment of a JWT, a
// signature endpoint's JSON answer — as far as it decodes, and says why
// Zoom would refuse it, in the words of the SDK judged for. key and secret
// may be empty: then it reports what it can see without them. Decoding is
// tolerant (the strict Parse and Verify functions are not): a JWT whose
// header and payload decode as JSON, whatever the alphabet, padding or
// claim values, keeps its kind and every claim, and each bad claim is its
// own finding. A secret is never refused for whitespace here: it is tried
// as given and trimmed. Options: [WithClock], [WithLeeway], [WithMaxAge],
// [WithSDKVersion], [WithJoinCall].
//
// Inspect never panics, and no field of the Report holds the secret.
func Inspect(sig, key, secret string, opts ...Option) Report {
	return inspect("Inspect", sig, key, secret, opts)
}

func inspect(caller, sig, key, secret string, opts []Option) Report {
	d := &diagnosis{report: Report{Header: []Claim{}, Claims: []Claim{}}}
	cfg, _, err := configure(defaultSettings(), caller, forDiagnose, opts)
	if err != nil {
		d.add(CodeInvalidOption, "%s", detailOf(err))
	} else {
		d.cfg, d.now, d.platform = cfg, now(cfg.clock), cfg.sdk.platform
		d.credentials(key, secret)
		d.input(sig, true)
		d.secretInToken()
		d.joinCall()
		d.outsideAccount()
	}
	d.report.Findings = d.result(secret)
	d.report.Verified = d.report.Verified && !d.altered // not over the bytes as written
	if d.report.Header == nil {
		d.report.Header = []Claim{}
	}
	if d.report.Claims == nil {
		d.report.Claims = []Claim{}
	}
	return d.report
}

// input classifies what the user pasted and hands it to its judge. outer
// is false inside a response object, which may not nest.
func (d *diagnosis) input(s string, outer bool) {
	if len(s) > MaxDiagnoseLen {
		d.add(CodeMalformed, "The input is more than %d bytes, more than any signature; %s", MaxDiagnoseLen, d.says(answerBackend))
		return
	}
	s = trimPasted(d.notUTF8(d.invisibles(s)))
	switch shape, dots := shapeOf(s); {
	case shape == shapeEmpty && d.platform == platVideoWeb:
		d.add(CodeMalformed, "The token is empty; %s", d.joinParam(reasonJoinRequired))
	case shape == shapeEmpty:
		d.add(CodeMalformed, "The signature is empty; %s", d.says(answerBackend))
	case shape == shapeObject && outer:
		d.responseObject(s)
	case shape == shapeSpaces && strings.Count(strings.Join(strings.Fields(s), ""), ".") == 2:
		d.add(CodeMalformed, "The token holds spaces or line breaks (a line-wrapped paste, or a header added to it?), judged here without them; as sent, %s", d.says(answerBackend))
		d.altered = true
		d.jwt(strings.Join(strings.Fields(s), ""))
	case shape == shapeSpaces:
		d.add(CodeMalformed, "The signature holds spaces or line breaks (a line-wrapped paste?); %s", d.says(answerBackend))
	case shape == shapeJWT:
		d.jwt(s)
	case shape == shapeSegment, shape == shapeHeadPayload:
		d.segments(s)
	case shape == shapeLegacy && isBareMAC(s):
		d.report.Format = FormatJWTSegment
		d.add(CodeJWTSegment, "This is an HMAC-SHA256 alone — the signature part of a JWT, or a legacy signature's hash — not a whole signature; %s", d.says(answerBackend))
	case shape == shapeLegacy:
		d.legacy(s)
	default:
		d.add(CodeMalformed, "The signature has %d '.'-separated parts: neither a legacy signature (one part) nor a JWT (three)%s; %s", dots+1, lookalike(s), d.says(answerBackend))
	}
}

// notUTF8 reports a byte that is not UTF-8 and judges the rest without
// it: no signature holds one, so it was changed on its way here.
func (d *diagnosis) notUTF8(s string) string {
	i := invalidUTF8At(s)
	if i < 0 {
		return s
	}
	d.add(CodeMalformed, "The input holds byte 0x%02x at byte %d, which is not UTF-8 and never part of a signature (a copy through a tool with another character set?), judged here without such bytes; as sent, %s", s[i], i, d.says(answerBackend))
	d.altered = true
	return strings.ToValidUTF8(s, "")
}

// segments judges one or two segments of a JWT, showing what they hold.
func (d *diagnosis) segments(s string) {
	d.report.Format = FormatJWTSegment
	seg := strings.Split(s, ".")
	part := make([][]Claim, len(seg))
	for i, x := range seg {
		if b, _, ok := decodeTolerant(x); ok {
			part[i], _ = orderedMembers(b)
		}
	}
	if len(seg) == 1 {
		d.report.Claims = part[0]
		d.add(CodeJWTSegment, "This is one segment of a JWT, not the whole token; %s", d.says(answerBackend))
		return
	}
	d.report.Header, d.report.Claims = part[0], part[1]
	d.add(CodeJWTSegment, "This is a JWT's header and payload without its signature segment; %s", d.says(answerBackend))
}

func (d *diagnosis) responseObject(s string) {
	inner, err := signatureMember(s)
	if err != nil {
		d.add(CodeMalformed, "The input %v; %s", err, d.says(answerBackend))
		return
	}
	d.add(CodeResponseObject, "This is the endpoint's whole JSON response, not the signature inside it; passed to join() as is, %s; the \"signature\" inside is diagnosed below", d.says(answerBackend))
	d.input(inner, false)
}

// invisibles removes the invisible characters of s, noting them.
func (d *diagnosis) invisibles(s string) string {
	out, found, inside := stripInvisible(s)
	switch {
	case inside:
		d.altered = true
		d.add(CodeInvisibleCharacters, "The input holds an invisible character (a byte-order mark, zero-width or non-breaking space) inside the signature, judged here without it: if the app sends the signature like this, %s", d.says(answerInvalid))
	case found:
		d.add(CodeInvisibleCharacters, "The input carries an invisible character (a byte-order mark, zero-width or non-breaking space) around the signature, judged here without it: check that the app does not send it along; if it does, %s", d.says(answerInvalid))
	}
	return out
}

// isBareMAC reports whether s is the base64 of 32 bytes that are not text:
// an HMAC-SHA256 alone, in either alphabet, padded or not.
func isBareMAC(s string) bool {
	b, _, ok := decodeTolerant(s)
	return ok && len(b) == 32 && !printable(string(b))
}

var (
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	hexPattern  = regexp.MustCompile(`^[0-9a-fA-F]{32,}$`)
)

// lookalike says what a text that is no signature looks like, as a clause
// starting with "; " — or "" when nothing comes to mind.
func lookalike(s string) string {
	switch {
	case uuidPattern.MatchString(s):
		return "; it is a UUID (a meeting UUID or an id), not a signature"
	case hexPattern.MatchString(s):
		return "; it is a hexadecimal string (a hex digest?), not a signature"
	case strings.HasPrefix(s, "<"):
		return "; it is HTML or XML (an error page where the endpoint's answer was expected?)"
	case strings.HasPrefix(strings.ToLower(s), "bearer "), strings.HasPrefix(strings.ToLower(s), "http"):
		return "; it is a header or a URL, not a signature"
	}
	return ""
}
