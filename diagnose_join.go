package zoomsig

import (
	"fmt"
	"time"
)

// The join call as evidence: what the page passed to join() beside the
// signature, compared with the token; and the platform judged for.

// resolvePlatform settles which SDK the token is judged for: the one
// named, else the kind's own (a Video SDK token: video-web; a Meeting SDK
// token without "mn" and "role": the native Meeting SDKs; else web). A
// bare version is taken as that platform's, with an info finding.
func (d *diagnosis) resolvePlatform(kind Format, p claimSet) {
	v := d.cfg.sdk
	switch {
	case v.platform != platUnset:
		d.platform = v.platform
	case kind == FormatVideoJWT:
		d.platform = platVideoWeb
	case kind == FormatMeetingJWT && !p.has("mn") && !p.has("role") && !v.hasNum:
		d.platform = platNative
	default:
		d.platform = platWeb
	}
	if v.hasNum && v.platform == platUnset && (kind == FormatMeetingJWT || kind == FormatVideoJWT) {
		d.add(CodeSDKVersion, "The version %s was given without a platform: judged as %s@%s, the SDK this kind of token is for", v.text, d.platform, v.text)
		d.findings[len(d.findings)-1].Severity = SeverityInfo
	}
	if v.hasNum && v.platform == platUnset {
		d.cfg.sdk.platform = d.platform
	}
}

// joinAuthSince is the day Zoom began to require a ZAK or OBF token beside
// the signature to join a meeting outside the app's account: 2 March 2026
// (Zoom's Meeting SDK authorization docs; zoom-notes §4.2).
var joinAuthSince = time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC)

// outsideAccount reminds, for a Meeting SDK token with no error judged on
// or after that day, that meetings of other accounts need a join token.
func (d *diagnosis) outsideAccount() {
	if d.report.Format != FormatMeetingJWT || d.now.Before(joinAuthSince) {
		return
	}
	for _, f := range d.findings {
		if f.Severity == SeverityError {
			return
		}
	}
	d.add(CodeOutsideAccount, "Since %s Zoom lets this signature alone join only meetings of the app's own account: a meeting of another account also needs an OBF token or a ZAK, or the join fails with 4011 or 4012 on the web", joinAuthSince.Format("2 January 2006"))
}

// joinCall compares the join call, when one was given, with the token.
func (d *diagnosis) joinCall() {
	j := d.cfg.join
	if j == nil || *j == (JoinCall{}) {
		return
	}
	p := lastWins(d.report.Claims)
	switch d.report.Format {
	case FormatMeetingJWT, FormatLegacy:
		d.joinMeeting(j, p)
	case FormatVideoJWT:
		d.joinVideo(j, p)
	}
}

func (d *diagnosis) joinMeeting(j *JoinCall, p claimSet) {
	if j.MeetingNumber != "" {
		signed, _ := readClaimText(p, "mn", "meetingNumber")
		d.joinMeetingNumber(j.MeetingNumber, signed)
	}
	if j.Topic != "" {
		d.addAs(CodeJoinMismatch, SeverityWarning, "A session name was given, which is the Video SDK's join() parameter, but this is a Meeting SDK signature, joined with a meeting number; what the Video SDK does with it is not measured, and %s", d.says(answerNone))
	}
	if j.SDKKey != "" {
		d.joinKey(j.SDKKey, p)
	}
}

// joinMeetingNumber compares the meeting number passed to join() with the
// one signed.
func (d *diagnosis) joinMeetingNumber(given, signed string) {
	n, err := NormalizeMeetingNumber(given)
	switch {
	case err != nil:
		d.add(CodeJoinMismatch, "The meeting number passed to join() %s; %s", detailOf(err), d.says(answerMeeting))
	case signed != "" && n != signed:
		d.add(CodeJoinMismatch, "The token is signed for meeting %s and join() is given %s: they differ at character %d; %s", signed, n, firstDifference(signed, n), d.says(answerMeeting))
	}
}

// joinKey compares the key passed to join() with the token's key claims.
// Which key reaches Zoom depends on the SDK, as measured (platform_web.go).
func (d *diagnosis) joinKey(key string, p claimSet) {
	for _, name := range []string{"appKey", "sdkKey", "key"} {
		signed, ok, err := p.str(name)
		if !ok || err != nil || signed == key {
			continue
		}
		at := firstDifference(signed, key)
		if d.platform != platWeb {
			d.addAs(CodeJoinMismatch, SeverityWarning, "The key passed to join() differs from the token's %q at character %d; what %s does with it is not measured, and %s", name, at, d.platform.display(), d.says(answerNone))
			return
		}
		// As measured (testdata/sdk/matrix.json): up to 3.13.2 the SDK
		// sends the join option's key; from 4.1.0 it sends the token's.
		w, version := measuredFor(d.cfg.sdk)
		if w.sendsJoinOption() {
			d.add(CodeJoinMismatch, "The key passed to join() differs from the token's %q at character %d: on %s, %s, which then cannot match the signature to it, so %s", name, at, version, views(w.joinKey), d.says(answerAPIKey))
			return
		}
		d.addAs(CodeJoinMismatch, SeverityWarning, "The key passed to join() differs from the token's %q at character %d: on %s, %s, so the join goes on, and %s", name, at, version, views(w.joinKey), d.says(answerNone))
		return
	}
}

func (d *diagnosis) joinVideo(j *JoinCall, p claimSet) {
	if j.MeetingNumber != "" {
		d.addAs(CodeJoinMismatch, SeverityWarning, "A meeting number was given, but this is a Video SDK token: the Video SDK's join() takes a session name (topic), which the token's \"tpc\" must match; %s", d.says(answerNone))
	}
	if j.SDKKey != "" {
		d.addAs(CodeJoinMismatch, SeverityWarning, "A key was given for join(), but the Video SDK's join() takes none: it reads the key from the token's \"app_key\"; %s", d.says(answerNone))
	}
	if j.Topic != "" {
		d.joinTopic(j.Topic, p)
	}
	d.joinPassword(j.Password)
}

// joinTopic compares the topic passed to join() with "tpc" by the one
// session-name rule (sameSession: case alone is no difference). A topic
// the SDK refuses before asking Zoom is named in its words.
func (d *diagnosis) joinTopic(topic string, p claimSet) {
	tpc, hasTPC, _ := p.str("tpc")
	switch {
	case jsLength(topic) > MaxSessionNameLen:
		d.add(CodeJoinMismatch, "The session name passed to join() is %d characters, more than %d, and %s", jsLength(topic), MaxSessionNameLen, d.joinParam(reasonTopicLength))
		d.withFix(fmt.Sprintf("Pass join() a session name of at most %d characters, and sign the token's \"tpc\" for that same name.", MaxSessionNameLen))
	case hasTPC && !sameSession(topic, tpc):
		d.add(CodeJoinMismatch, "The token's \"tpc\" and the session name passed to join() differ at character %d (case aside): Zoom joins only the session the token names, and %s", firstDifference(sessionFold(tpc), sessionFold(topic)), d.says(answerInvalid))
	}
}

// maxVideoPassword is the Video SDK's limit on a session password: at
// most 10 characters, counted as JavaScript counts them (Zoom's auth page;
// @zoom/videosdk 2.5.0 and 1.12.17, dist/index.umd.js, join: password.length
// > 10 is refused before sending).
const maxVideoPassword = 10

// joinPassword judges a Video SDK session password without echoing it.
// Zoom's auth page also says printable ASCII only (32..126); neither
// bundle checks that, so such a password is sent, and what Zoom's server
// answers is not known: a warning.
func (d *diagnosis) joinPassword(pw string) {
	if n := jsLength(pw); n > maxVideoPassword {
		d.add(CodeJoinMismatch, "The session password passed to join() is %d characters, more than %d, and %s", n, maxVideoPassword, d.joinParam(reasonPasswordLen))
		d.withFix(passwordFix)
	}
	for i, r := range []rune(pw) {
		if r < ' ' || r > '~' {
			d.addAs(CodeJoinMismatch, SeverityWarning, "The session password passed to join() holds a character outside printable ASCII at character %d, which Zoom's Video SDK auth page does not allow; the Web Video SDK sends it all the same, and %s", i+1, d.says(answerNone))
			d.withFix(passwordFix)
			return
		}
	}
}

// passwordFix is the fix of a session password Zoom's rule refuses: the
// password is not in the token, so the token's fix would not help.
var passwordFix = fmt.Sprintf("Pass join() a session password of at most %d printable ASCII characters (space to ~), the one the session was started with.", maxVideoPassword)

// firstDifference is the 1-based position, in characters, of the first
// character where a and b differ.
func firstDifference(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	return i + 1
}

// readClaimText reads the first of names present as text: a string's
// contents, or a number's digits.
func readClaimText(p claimSet, names ...string) (string, bool) {
	for _, n := range names {
		if s, ok, err := p.str(n); ok && err == nil {
			return s, true
		}
		if v, ok := p[n]; ok {
			if k, form := readWhole(v); form != formUnreadable {
				return itoa(k), true
			}
		}
	}
	return "", false
}
