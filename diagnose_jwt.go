package zoomsig

import (
	"strconv"
	"strings"
	"time"
)

// The diagnosis of JWTs: Meeting SDK and Video SDK tokens, and the other
// JWTs users paste as signatures.

func (d *diagnosis) jwt(s string) {
	if strings.Contains(s, "=") {
		d.add(CodeJWTPadding, "A segment of the JWT ends in '=' padding (Java's Base64.getUrlEncoder() without withoutPadding(), Python's urlsafe_b64encode): JWS forbids it (RFC 7515 §2) and strict verifiers refuse the token; the rest is diagnosed without the padding")
		s = strings.ReplaceAll(s, "=", "")
	}
	if v := d.cfg.sdk; !v.takesJWT() {
		// Web SDK 1.9.9 run with a JWT: "signatrue length error, 0 < length
		// < 150", code 4003, before any call to Zoom (zoom-notes §4.1).
		d.add(CodeSDKVersion, "Web SDK %s takes legacy signatures only, and %s: a JWT is longer than its limit of %d characters", v.text, zoomTooLong, maxLegacyLen)
	}
	raw, err := decodeJWT(s)
	if err != nil {
		d.add(CodeMalformed, "The %s; %s", detailOf(err), zoomBackend)
		return
	}
	if err := raw.checkAlg(); err != nil {
		d.add(CodeJWTAlg, "The JWT's %s, and %s", detailOf(err), zoomInvalid)
	}
	switch jwtKind(raw) {
	case FormatMeetingJWT:
		d.meetingJWT(raw)
	case FormatVideoJWT:
		d.videoJWT(raw)
	case FormatRESTAPIJWT:
		d.add(CodeRESTAPIJWT, "This is a REST-API JWT (\"iss\", no \"appKey\"), made for Zoom's REST API, not an SDK signature: %s", zoomNoKeyClaim)
	default:
		d.add(CodeMissingClaim, "The JWT has neither \"appKey\"/\"sdkKey\" (Meeting SDK) nor \"app_key\" (Video SDK): %s", zoomNoKeyClaim)
	}
}

// jwtKeys compares the key claims with the expected key and checks the
// HMAC when the secret is known.
func (d *diagnosis) jwtKeys(raw *rawJWT, keys []keyClaim) {
	if d.key != "" {
		for _, k := range keys {
			if err := checkKeyMatch("token's "+strconv.Quote(k.name), k.value, d.key); err != nil {
				d.add(CodeKeyMismatch, "The %s; %s", detailOf(err), zoomInvalid)
			}
		}
	}
	switch {
	case raw.checkAlg() != nil:
	case d.secret == "":
		d.unverified()
	case raw.verify(d.secret) != nil:
		d.add(CodeHashMismatch, "The token's HS256 signature does not match the secret: a different secret, or the payload changed after signing; %s", zoomInvalid)
	}
}

func (d *diagnosis) meetingJWT(raw *rawJWT) {
	m := readMeetingClaims(raw)
	for _, p := range m.problems {
		d.add(p.code, "The token is malformed: %s; %s", detailOf(p.err), zoomInvalid)
	}
	d.jwtKeys(raw, m.keyClaims())
	d.keyClaimsForSDK(m)
	switch {
	case m.Native:
		d.addAs(CodeMissingClaim, SeverityWarning, "The token has no \"mn\" and no \"role\": right for the native Meeting SDKs, but the Web SDK refuses it (%s)", zoomInvalid)
	case m.hasMN != m.hasRole:
		d.add(CodeMissingClaim, "The token has one of \"mn\" and \"role\" without the other; %s", zoomInvalid)
	}
	if m.mnNumber {
		d.add(CodeMNNumber, "\"mn\" is the number %s, where Zoom writes a string; some SDK versions then fail to match it with the meeting joined (%s)", m.MeetingNumber, zoomMeeting)
	}
	if m.MeetingNumber != "" {
		if err := checkMeetingNumber(m.MeetingNumber); err != nil {
			d.add(CodeMeetingNumber, "The meeting number %s; %s", detailOf(err), zoomMeeting)
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
	if m.hasSDKKey && !m.hasAppKey {
		sev := SeverityError
		if !modern {
			sev = SeverityWarning // SDKs before 5.0 read sdkKey; no evidence that they need appKey
		}
		d.addAs(CodeMissingClaim, sev, "The token has \"sdkKey\" but no \"appKey\", the key claim of Meeting SDK 5.0 and later: the component view warns \"The appKey is required to be included in the signature\", and the client view logs \"we require appKey in signature since v5.0.0\" and sends apiKey=undefined to Zoom, which cannot match the signature to an app")
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
			d.add(CodeTokenExp, "The token has no \"tokenExp\"; Zoom's sample always sets it to exp")
		}
	case !m.TokenExpiresAt.Equal(m.ExpiresAt):
		te, exp := m.TokenExpiresAt.Unix(), m.ExpiresAt.Unix()
		d.add(CodeTokenExp, "\"tokenExp\" %d differs from \"exp\" %d by %ds; Zoom judges the session by it", te, exp, te-exp)
		if f := judgeTime(d.now, m.IssuedAt, m.TokenExpiresAt, d.cfg.leeway); f.expired && !d.has(CodeExpired) {
			d.add(CodeExpired, "The token expired %s ago by its tokenExp; %s", human(f.late), zoomExpired)
		}
	}
}

// jwtTimes judges iat and exp with the shared rules: units, the lifetime
// window, the clock. It reports whether they were usable.
func (d *diagnosis) jwtTimes(iat, exp time.Time) bool {
	if iat.Unix() > unitBoundary || exp.Unix() > unitBoundary {
		d.add(CodeTimestampMilliseconds, "iat %d and exp %d are milliseconds, not seconds: Zoom reads iat as %s, far in the future, and %s", iat.Unix(), exp.Unix(), iat.UTC().Format("2006-01-02"), zoomInvalid)
		return false
	}
	if err := checkLifetime(exp.Sub(iat)); err != nil {
		d.add(CodeJWTExpWindow, "exp - iat: %s; %s", detailOf(err), zoomInvalid)
	}
	if f := d.clock(iat, exp, "iat", zoomInvalid); f.expired {
		d.add(CodeExpired, "The token expired %s ago (exp %s); %s", human(f.late), exp.UTC().Format(time.RFC3339), zoomExpired)
	}
	return true
}

func (d *diagnosis) videoJWT(raw *rawJWT) {
	d.add(CodeVideoSDKToken, "This is a Video SDK token (\"app_key\", \"tpc\"): right for a Video SDK session, but not for a meeting: %s", zoomNoKeyClaim)
	if v := d.cfg.sdk; v.set && v.takesJWT() {
		d.add(CodeSDKVersion, "Web SDK %s is the Meeting SDK, and a Video SDK token has no \"appKey\": %s", v.text, zoomNoKeyClaim)
	}
	var keys []keyClaim
	if appKey, ok, err := raw.payload.str("app_key"); err == nil && ok {
		keys = []keyClaim{{"app_key", appKey}}
	}
	d.jwtKeys(raw, keys)
	c, err := videoClaims(raw)
	if err == nil {
		err = c.check()
	}
	if err != nil {
		d.add(CodeVideoClaims, "The Video SDK claims break Zoom's rules: %s", detailOf(err))
	}
	iat, _, err1 := raw.payload.integer("iat")
	exp, _, err2 := raw.payload.integer("exp")
	if err1 == nil && err2 == nil && raw.payload.has("iat") && raw.payload.has("exp") {
		d.jwtTimes(time.Unix(iat, 0), time.Unix(exp, 0))
	}
}
