package zoomsig

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The diagnosis of JWTs: Meeting SDK and Video SDK tokens, and the other
// JWTs users paste as signatures.

func (d *diagnosis) jwt(s string) {
	t, ok := decodeJWTTolerant(s)
	if !ok {
		d.add(CodeMalformed, "The token has three '.'-separated parts, but its payload is not a JSON object in base64 of any kind%s; %s", lookalike(s), d.says(answerBackend))
		return
	}
	kind := kindOf(t.raw.header, t.raw.payload)
	d.report.Format, d.report.Header, d.report.Claims = kind, t.header, t.payload
	if kind == FormatJoinToken {
		d.add(CodeMalformed, "This is a Zoom user's join token (a ZAK or OBF token: \"aud\":\"clientsm\" or a \"zm_skm\" header), not a signature: pass it to join() as zak (or obfToken) beside a Meeting SDK signature; as the signature, %s", d.says(answerInvalid))
		return
	}
	d.resolvePlatform(kind, t.raw.payload)
	if strings.HasSuffix(s, ".") && t.raw.alg != "none" { // alg none: jwt-alg says it
		d.add(CodeJWTSegment, "The token's signature segment is empty: header and payload without their HMAC; %s", d.says(answerInvalid))
	}
	d.notUTF8Claims(t)
	d.segmentSpelling(t)
	d.duplicates("header", t.header)
	d.duplicates("payload", t.payload)
	if v := d.cfg.sdk; v.webVersion() && !v.takesJWT() {
		// As measured (testdata/sdk/matrix.json): 1.9.9 refuses a JWT for
		// its length, 4003, before any call to Zoom.
		m, name := measuredFor(v)
		d.add(CodeSDKVersion, "%s takes legacy signatures only: %s, as a JWT is longer than its limit of %d characters", capital(name), views(m.jwt), maxLegacyLen)
	}
	if !t.headerOK {
		d.add(CodeMalformed, "The token's header is not a JSON object in base64, so Zoom cannot read its \"alg\"; %s", d.says(answerInvalid))
	} else if err := t.raw.checkAlg(); err != nil {
		d.add(CodeJWTAlg, "%s, and %s", capital(detailOf(err)), d.says(answerInvalid))
	}
	raw := d.normalize(kind, t)
	d.misnamed(kind, raw.payload)
	switch kind {
	case FormatMeetingJWT:
		d.meetingJWT(raw, t)
	case FormatVideoJWT:
		d.videoJWT(raw, t)
	case FormatRESTAPIJWT:
		d.add(CodeRESTAPIJWT, "This is a REST-API JWT (\"iss\", no \"appKey\"), made for Zoom's REST API, not an SDK signature: %s", d.says(answerNoKeyClaim))
	default:
		d.add(CodeMissingClaim, "The JWT has neither \"appKey\"/\"sdkKey\" (Meeting SDK) nor \"app_key\" (Video SDK): %s", d.says(answerNoKeyClaim))
	}
}

// segmentSpelling names padding and the standard alphabet in the
// segments, one finding for each mistake: JWS allows neither (RFC 7515 §2),
// so strict verifiers refuse the token.
func (d *diagnosis) segmentSpelling(t *tolerantJWT) {
	names := [3]string{"header", "payload", "signature"}
	var padded, standard []string
	for i, sp := range t.spelling {
		if sp.standard {
			standard = append(standard, names[i])
		}
		if sp.padded {
			padded = append(padded, names[i])
		}
	}
	if len(standard) > 0 {
		d.add(CodeJWTPadding, "The %s written in the standard base64 alphabet ('+' or '/': btoa, Base64.getEncoder), not base64url: JWS forbids it (RFC 7515 §2), and %s", segments(standard, "is", "are"), d.says(answerInvalid))
	}
	if len(padded) > 0 {
		d.add(CodeJWTPadding, "The %s '=' padding (btoa, Java's Base64.getUrlEncoder() without withoutPadding(), Python's urlsafe_b64encode): JWS forbids it (RFC 7515 §2), and %s", segments(padded, "ends in", "end in"), d.says(answerInvalid))
	}
}

// segments names one or more segments with their verb: "payload segment
// is", "payload and signature segments are".
func segments(names []string, one, more string) string {
	if len(names) == 1 {
		return names[0] + " segment " + one
	}
	return strings.Join(names, " and ") + " segments " + more
}

// jwtKeys compares the key claims with the expected key and checks the
// HMAC when the secret is known: over the bytes as written, with the secret
// as given (Verified), else with the secret trimmed or with a newline or
// space added (secret-whitespace), else a hash-mismatch.
func (d *diagnosis) jwtKeys(t *tolerantJWT, raw *rawJWT, keys []keyClaim) {
	keyOK := d.key != "" && len(keys) > 0
	if d.key != "" {
		for _, k := range keys {
			if err := checkKeyMatch("token's "+strconv.Quote(k.name), k.value, d.key); err != nil {
				keyOK = false
				d.add(CodeKeyMismatch, "%s; %s", capital(detailOf(err)), d.says(answerAPIKey))
			}
		}
	}
	switch {
	case raw.checkAlg() != nil || !t.sigOK:
	case d.secret == "":
		d.unverified()
	case raw.verify(d.secret) == nil:
		d.report.Verified = keyOK && t.sigStrict
	case d.whitespaceMatch(func(s string) bool { return raw.verify(s) == nil }):
	default:
		d.add(CodeHashMismatch, "The token's HS256 signature does not match the secret: a different secret, or the payload changed after signing; %s", d.says(answerInvalid))
	}
}

// whitespaceMatch tries the secret with its whitespace removed, or with
// the whitespace a stored secret picks up added, and names the first
// variant that matches. A match without the whitespace given here means the
// token is right and only the secret typed here is off: a warning.
func (d *diagnosis) whitespaceMatch(matches func(secret string) bool) bool {
	if t := strings.TrimSpace(d.given); t != d.given && t != "" && matches(t) {
		d.addAs(CodeSecretWhitespace, SeverityWarning, "The HMAC matches only with the whitespace around the secret given here removed: the token is right, and the secret given here (from a file or variable with a stray newline or space?) is not what the server signs with; %s", d.says(answerNone))
		return true
	}
	for _, v := range []struct{ before, after, added, carries string }{
		{"", "\n", "a newline added at its end", "ends in a newline (a .env line, or a Kubernetes secret made with echo)"},
		{"", "\r\n", "a Windows line break (CR LF) added at its end", "ends in a Windows line break"},
		{"", "\n\n", "two newlines added at its end", "ends in two newlines"},
		{"", "\r", "a carriage return added at its end", "ends in a carriage return"},
		{"", " ", "a space added at its end", "ends in a space"},
		{"", "\t", "a tab added at its end", "ends in a tab"},
		{" ", "", "a space added at its start", "starts with a space"},
		{"\t", "", "a tab added at its start", "starts with a tab"},
		{"\n", "", "a newline added at its start", "starts with a newline"},
	} {
		if matches(v.before + d.given + v.after) {
			d.add(CodeSecretWhitespace, "The HMAC matches the secret given only with %s: the signing server's secret %s, while Zoom holds it without, so %s", v.added, v.carries, d.says(answerInvalid))
			return true
		}
	}
	return false
}

func (d *diagnosis) meetingJWT(raw *rawJWT, t *tolerantJWT) {
	if d.platform.video() {
		d.add(CodeSDKVersion, "This is a Meeting SDK token (\"appKey\", \"mn\"), and %s takes a Video SDK token (\"app_key\", \"tpc\", \"role_type\"), so %s", d.platform.display(), d.says(answerInvalid))
		d.withFix("Give the Video SDK a Video SDK JWT, signed with the Video SDK app's key and secret: SignVideoJWT, NewVideoHandler, or zoomsig sign --video --session NAME.")
	}
	m := readMeetingClaims(raw)
	for _, p := range m.problems {
		switch {
		case slices.Contains(d.unreadable, p.claim):
		case p.code == CodeMissingClaim && p.claim == "appKey":
			d.add(p.code, "The token has neither \"appKey\" nor \"sdkKey\", so Zoom cannot tell which app signed it, and %s", d.says(answerNoKeyClaim))
		default:
			d.add(p.code, "The token is malformed: %s; %s", detailOf(p.err), d.says(answerInvalid))
		}
	}
	d.jwtKeys(t, raw, m.keyClaims())
	if d.platform == platWeb {
		d.keyClaimsForSDK(m)
	}
	d.meeting = m
	switch {
	case m.Native && d.platform == platWeb:
		d.addAs(CodeMissingClaim, SeverityWarning, "The token has no \"mn\" and no \"role\": right for the native Meeting SDKs, but for the web %s", d.says(answerInvalid))
	case m.hasMN != m.hasRole:
		d.add(CodeMissingClaim, "The token has one of \"mn\" and \"role\" without the other; %s", d.says(answerInvalid))
	}
	if m.mnNumber {
		d.add(CodeMNNumber, "\"mn\" is the number %s, where Zoom writes a string; some SDK versions then fail to match it with the meeting joined (%s)", m.MeetingNumber, d.says(answerMeeting))
	}
	if m.MeetingNumber != "" {
		if err := checkMeetingNumber(m.MeetingNumber); err != nil {
			d.add(CodeMeetingNumber, "The meeting number %s; %s", detailOf(err), d.says(answerMeeting))
		}
	}
	if m.hasRole && m.Role == RoleHost {
		d.hostRole()
	}
	if m.hasIat && m.hasExp && d.jwtTimes(m.IssuedAt, m.ExpiresAt) {
		d.tokenExp(m)
	}
}

// keyClaimsForSDK judges appKey and sdkKey as the Web SDK reads them. The
// evidence is Meeting SDK 6.2.0's bundle and its runs (zoom-notes §4.1,
// testdata/sdk/run.js): the component view warns "The sdkKey will be
// deprecated in the signature after v5.0.0, please use appKey…" whenever
// sdkKey is present, and "The appKey is required to be included in the
// signature…" when appKey is absent; the client view then logs "we require
// appKey in signature since v5.0.0" and posts apiKey=undefined to Zoom. An
// appKey without sdkKey is what 6.2.0 takes silently: no finding.
func (d *diagnosis) keyClaimsForSDK(m *meetingRead) {
	modern := d.cfg.sdk.readsAppKey()
	if m.hasSDKKey && !m.hasAppKey && d.cfg.sdk.takesJWT() {
		// As measured (testdata/sdk/matrix.json): only 6.2.0's client view
		// sends apiKey=undefined; older versions send a key Zoom can match.
		w, name := measuredFor(d.cfg.sdk)
		sev := SeverityWarning
		if w.sendsUndefined() {
			sev = SeverityError
		}
		d.addAs(CodeMissingClaim, sev, "The token has \"sdkKey\" but no \"appKey\", the key claim of Meeting SDK 5.0 and later: on %s, %s; %s", name, views(w.sdkKey), d.says(answerAPIKey))
	}
	if m.hasSDKKey && modern {
		d.add(CodeSDKKeyClaim, "The token has \"sdkKey\": Meeting SDK 5.0 and later warn in the browser console (\"The sdkKey will be deprecated in the signature after v5.0.0, please use appKey…\"); the join still goes on")
	}
}

// tokenExp judges "tokenExp" beside exp.
func (d *diagnosis) tokenExp(m *meetingRead) {
	switch {
	case !m.hasTokenExp:
		if !m.hasProblem("tokenExp") {
			d.add(CodeTokenExp, "The token has no \"tokenExp\", which Zoom's sample always sets to exp; %s", d.says(answerNone))
		}
	case !m.TokenExpiresAt.Equal(m.ExpiresAt):
		te, exp := m.TokenExpiresAt.Unix(), m.ExpiresAt.Unix()
		d.add(CodeTokenExp, "\"tokenExp\" %d differs from \"exp\" %d by %ds, and Zoom judges the session by it; %s", te, exp, te-exp, d.says(answerNone))
		if f := judgeTime(d.now, m.IssuedAt, m.TokenExpiresAt, d.cfg.leeway); f.expired && !d.has(CodeExpired) {
			d.add(CodeExpired, "The token expired %s ago by its tokenExp; %s", human(f.late), d.says(answerExpired))
		}
	}
}

// msNames says which of iat and exp are past unitBoundary: milliseconds.
func msNames(iat, exp int64) string {
	switch {
	case iat > unitBoundary && exp > unitBoundary:
		return fmt.Sprintf("iat %d and exp %d are milliseconds", iat, exp)
	case iat > unitBoundary:
		return fmt.Sprintf("iat %d is milliseconds (exp %d is seconds)", iat, exp)
	}
	return fmt.Sprintf("exp %d is milliseconds (iat %d is seconds)", exp, iat)
}

// msReading says what Zoom makes of the milliseconds: an iat far in the
// future, or an exp that many thousand times too far from iat.
func msReading(iat, exp time.Time) string {
	if iat.Unix() > unitBoundary {
		return "Zoom reads iat as " + iat.UTC().Format("2006-01-02") + ", far in the future"
	}
	return "Zoom reads exp as " + exp.UTC().Format("2006-01-02") + ", far beyond the 48 h it allows after iat"
}

// jwtTimes judges iat and exp with the shared rules: units, the lifetime
// window, the clock. It reports whether they were usable.
func (d *diagnosis) jwtTimes(iat, exp time.Time) bool {
	if iat.Unix() > unitBoundary || exp.Unix() > unitBoundary {
		d.add(CodeTimestampMilliseconds, "%s, not seconds: %s, and %s", msNames(iat.Unix(), exp.Unix()), msReading(iat, exp), d.says(answerInvalid))
		return false
	}
	if err := checkLifetime(exp.Sub(iat)); err != nil {
		d.add(CodeJWTExpWindow, "exp - iat: %s; %s", detailOf(err), d.says(answerInvalid))
	}
	if f := d.clock(iat, exp, "iat", d.says(answerInvalid)); f.expired {
		d.add(CodeExpired, "The token expired %s ago (exp %s); %s", human(f.late), exp.UTC().Format(time.RFC3339), d.says(answerExpired))
	}
	return true
}

// notUTF8Claims names each member whose name or value is not UTF-8: JSON
// text must be (RFC 8259 §8.1), and the member is shown as written.
func (d *diagnosis) notUTF8Claims(t *tolerantJWT) {
	for _, c := range append(append([]Claim{}, t.header...), t.payload...) {
		if !utf8.ValidString(c.Name) || !utf8.Valid(c.Value) {
			d.add(CodeMalformed, "The %q member holds bytes that are not UTF-8, which JSON does not allow (RFC 8259 §8.1); %s", strings.ToValidUTF8(c.Name, "?"), d.says(answerInvalid))
		}
	}
}
