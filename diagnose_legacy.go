package zoomsig

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The diagnosis of legacy Web SDK 1.x signatures.

// unitBoundary tells seconds from milliseconds: 1e11 is 1973 in
// milliseconds and the year 5138 in seconds, so a time below it is
// seconds and one above it milliseconds.
const unitBoundary = 100_000_000_000

// Hash lengths: the base64 of a SHA-256 HMAC, and of its hex string.
var (
	hashLen    = base64.StdEncoding.EncodedLen(sha256.Size)
	hexHashLen = base64.StdEncoding.EncodedLen(hex.EncodedLen(sha256.Size))
)

// legacy judges a signature of one base64 part. It decodes leniently, as
// any sample ever encoded, so that it can name what a strict Parse would
// only refuse.
func (d *diagnosis) legacy(s string) {
	if v := d.cfg.sdk; v.webVersion() && v.takesJWT() {
		// What the SDK does with a legacy signature, as measured
		// (testdata/sdk/matrix.json, platform_web.go).
		m, name := measuredLegacy(v)
		d.add(CodeSDKVersion, "%s takes a Meeting SDK JWT, not a legacy signature: %s, and it never asks Zoom, so %s", capital(name), views(m.legacy), d.says(answerNone))
	}
	joined, ok := decodeLenient(s)
	if !ok || !printable(joined) || joined == "" {
		d.add(CodeMalformed, "The signature is neither a JWT nor base64 of text, so it is no kind of Zoom signature%s; %s", lookalike(s), d.says(answerBackend))
		return
	}
	f := strings.Split(joined, ".")
	if len(f) == 1 {
		d.report.Format, d.report.Claims = FormatLegacy, legacyClaims(f)
		d.keyOnly(joined)
		return
	}
	if len(f) != 5 {
		d.report.Format, d.report.Claims = FormatLegacy, legacyClaims(f)
		d.add(CodeMalformed, "It decodes to %d '.'-separated fields where a legacy signature has 5 (key.meeting.timestamp.role.hash); %s", len(f), d.says(answerBackend))
		return
	}
	d.report.Format = FormatLegacy
	d.report.Claims = legacyClaims(f)
	d.resolvePlatform(FormatLegacy, nil)
	d.legacyFormat()
	if len(s) > maxLegacyLen {
		d.add(CodeTooLong, "The signature is %d characters, more than %d, so %s", len(s), maxLegacyLen, d.says(answerTooLong))
	}
	key, mn, tsText, roleText, hash := f[0], f[1], f[2], f[3], f[4]
	// The order of the checks is the order of the findings within a
	// severity: key and hash first, as they are what fails every time.
	mangledFrom := d.legacyKey(key)
	d.legacyHash(key, mangledFrom, mn+tsText+roleText, hash)
	if d.report.Verified && (mangledFrom != "" || d.has(CodeKeyMismatch)) {
		d.report.Verified = false
	}
	if err := checkMeetingNumber(mn); err != nil {
		d.add(CodeMeetingNumber, "The meeting number %s; %s", detailOf(err), d.says(answerMeeting))
	}
	d.legacyTimestamp(tsText)
	switch role, err := legacyRole(roleText); {
	case err != nil:
		d.add(CodeRole, "The role %s; %s", detailOf(err), d.says(answerRole))
	case role == RoleHost:
		d.hostRole()
	}
}

func (d *diagnosis) hostRole() {
	d.add(CodeHostRole, "Role 1 starts the meeting as its host, which works only for the meeting's own account or with a ZAK token; if not, %s", d.says(answerRole))
}

// keyOnly judges a signature that decodes to one field.
func (d *diagnosis) keyOnly(joined string) {
	looksLikeKey := checkKey(joined) == nil && len(joined) <= 64
	switch {
	case d.key != "" && checkKeyMatch("key", joined, d.key) == nil:
		d.add(CodeKeyOnly, "The signature decodes to the key alone (%q), with no meeting number, timestamp, role or hash; %s", clip(joined), d.says(answerBackend))
	case d.key == "" && looksLikeKey:
		d.add(CodeKeyOnly, "The signature decodes to a single key-like field (%q), with no meeting number, timestamp, role or hash; %s", clip(joined), d.says(answerBackend))
	default:
		d.add(CodeMalformed, "The signature decodes to one field where a legacy signature has 5 (key.meeting.timestamp.role.hash); %s", d.says(answerBackend))
	}
}

// legacyKey judges the key field; it returns the key the HMAC was made
// with when the key was mangled by a gsub, else "".
func (d *diagnosis) legacyKey(key string) string {
	var mismatch error
	if d.key != "" {
		mismatch = checkKeyMatch("signature's key", key, d.key)
	}
	switch {
	case d.key != "" && mismatch == nil:
		return ""
	case d.key != "" && strings.ContainsAny(d.key, "-_") && checkKeyMatch("key", key, rubyGsub(d.key)) == nil:
		d.add(CodeKeyMangled, "The key %q is the expected key with '-' turned into '+' and '_' into '/' (a gsub over the whole string): Zoom finds no such key, and %s", clip(key), d.says(answerAPIKey))
		return d.key
	case d.key != "":
		d.add(CodeKeyMismatch, "%s; %s", capital(detailOf(mismatch)), d.says(answerAPIKey))
	case strings.ContainsAny(key, "+/"):
		d.add(CodeKeyMangled, "The key %q holds '+' or '/', which no Zoom key does: a '-'→'+', '_'→'/' replacement over the whole string rewrote it, and %s", clip(key), d.says(answerAPIKey))
		return strings.NewReplacer("+", "-", "/", "_").Replace(key)
	case checkKey(key) != nil:
		d.add(CodeMalformed, "The key field %q is not a key; %s", clip(key), d.says(answerBackend))
	}
	return ""
}

// rubyGsub is what the thread's gsub fix does to a key.
func rubyGsub(s string) string {
	b := []byte(s)
	gsub(b)
	return string(b)
}

func (d *diagnosis) legacyTimestamp(tsText string) {
	ms, err := parseDigits(tsText)
	switch {
	case err != nil:
		d.add(CodeMalformed, "The timestamp %s; %s", detailOf(err), d.says(answerBackend))
	case ms < unitBoundary:
		d.add(CodeTimestampSeconds, "The timestamp %s is in seconds (%v), not milliseconds, so Zoom reads a date in 1970 and %s", tsText, time.Unix(ms, 0).UTC().Format(time.RFC3339), d.says(answerExpired))
	default:
		ts := time.UnixMilli(ms)
		if f := d.clock(ts, ts.Add(d.cfg.maxAge), "timestamp", d.says(answerExpired)); f.expired {
			d.add(CodeExpired, "The signature expired %s ago (timestamp %s, lifetime %v); %s", human(f.late), ts.UTC().Format(time.RFC3339), d.cfg.maxAge, d.says(answerExpired))
		}
	}
}

// clock judges a validity period with the shared time rule and adds the
// clock-ahead finding; the caller words the expired one. name is what
// notBefore is called (timestamp, iat).
func (d *diagnosis) clock(notBefore, notAfter time.Time, name, aheadError string) timeFacts {
	f := judgeTime(d.now, notBefore, notAfter, d.cfg.leeway)
	switch {
	case f.early:
		d.add(CodeClockAhead, "The %s is %s ahead of the clock (%s): the signing clock runs fast, or adds a time-zone offset; %s", name, human(f.ahead), notBefore.UTC().Format(time.RFC3339), aheadError)
		if offset, ok := zoneOffset(f.ahead); ok {
			// The cause of the clock-ahead error above, so an error too.
			d.addAs(CodeTimezoneOffset, SeverityError, "The %s is ahead by %v, a whole time-zone offset (UTC+%s): a local time read as UTC is the likely cause, and %s", name, f.ahead.Round(time.Second), hoursMinutes(offset), aheadError)
		}
	case !f.expired && -f.late < expiresSoon:
		d.add(CodeExpiresSoon, "The signature has %s left (it ends %s): a join that starts later is refused as expired (%s) — the mark of a recipe that back-dates iat by hours and sets exp seconds ahead", human(-f.late), notAfter.UTC().Format(time.RFC3339), d.says(answerExpired))
	}
	return f
}

// expiresSoon is how little time left makes a token suspect.
const expiresSoon = 5 * time.Minute

// zoneOffset reports whether ahead is a whole number of quarter-hours
// from 15 min to 14 h (every UTC offset in use is), within 90 s for the
// back-date and the time the request took, and which.
func zoneOffset(ahead time.Duration) (time.Duration, bool) {
	const quarter, slack, maxOffset = 15 * time.Minute, 90 * time.Second, 14 * time.Hour
	q := (ahead + quarter/2) / quarter * quarter
	diff := ahead - q
	return q, q >= quarter && q <= maxOffset && diff <= slack && diff >= -slack
}

// hoursMinutes writes an offset as H or H:MM.
func hoursMinutes(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	if m == 0 {
		return strconv.Itoa(h)
	}
	return fmt.Sprintf("%d:%02d", h, m)
}

// legacyHash judges the hash. rest is meeting+timestamp+role as written;
// mangledFrom is the key the HMAC was made with when a gsub mangled it.
// With the secret, each mistaken spelling is recomputed (once, by one
// legacyMAC) and named only when it matches.
func (d *diagnosis) legacyHash(key, mangledFrom, rest, hash string) {
	if mangledFrom != "" {
		key = mangledFrom
	}
	var mac *legacyMAC
	if d.secret != "" {
		mac = newLegacyMAC(d.secret, key+rest)
	}
	switch {
	case len(hash) == hexHashLen && isHexBase64(hash):
		d.hexHash(mac, hash)
	case len(hash) == hashLen && strings.ContainsAny(hash, "-_") && !strings.ContainsAny(hash, "+/"):
		d.urlSafeHash(mac, hash)
	case checkHash(hash) != nil:
		d.add(CodeMalformed, "The hash %q is not the %d-character base64 of a SHA-256 HMAC; %s", clip(hash), hashLen, d.says(answerInvalid))
	case mac == nil:
		d.unverified()
	case mac.matches(hash, spellStandard):
		d.report.Verified = d.key != "" && mangledFrom == ""
	case mac.matches(hash, spellRawMessage):
		d.add(CodeRawMessageHMAC, "The hash is the HMAC of the raw message key+meeting+timestamp+role, not of its base64 (as Zoom's C# sample did); %s", d.says(answerInvalid))
	case d.whitespaceMatch(func(secret string) bool { return newLegacyMAC(secret, key+rest).matches(hash, spellStandard) }):
	default:
		d.add(CodeHashMismatch, "The hash does not match the secret for these fields: a different secret or recipe; %s", d.says(answerInvalid))
	}
}

// legacyEnd is the last day a legacy signature could be signed: it needs a
// JWT app's API key and secret, and Zoom ended all JWT apps on 8 September
// 2023 (Zoom's changelog "Deadline change for JWT app type deprecation",
// and its JWT app migration guide). Zoom also told Web SDK users to move to
// 2.3.0 or later, the first to take Meeting SDK JWTs, by 29 March 2022
// (changelog "Action required: Web SDK for Chrome 100").
var legacyEnd = time.Date(2023, time.September, 8, 0, 0, 0, 0, time.UTC)

// legacyFormat notes the format: an error when judged after legacyEnd.
func (d *diagnosis) legacyFormat() {
	if !d.now.Before(legacyEnd) {
		d.addAs(CodeLegacyFormat, SeverityError, "This is a legacy Web SDK 1.x signature, signed with a JWT app's API key and secret, and Zoom ended JWT apps on %s, so %s", legacyEnd.Format("2 January 2006"), d.says(answerAPIKey))
		return
	}
	d.addAs(CodeLegacyFormat, SeverityInfo, "This is a legacy Web SDK 1.x signature, which Web SDK 2.3 and later and the Meeting SDKs do not take; with those %s", d.says(answerInvalid))
}

// legacyClaims are a legacy signature's fields as claims: key,
// meetingNumber, timestamp and role (JSON numbers when all digits, else
// strings) and hash; absent fields are left out.
func legacyClaims(f []string) []Claim {
	names := []string{"key", "meetingNumber", "timestamp", "role", "hash"}
	var cs []Claim
	for i, v := range f {
		name := "field" + strconv.Itoa(i+1) // fields beyond a legacy signature's five
		if i < len(names) {
			name = names[i]
		}
		value := jsonString(v)
		if (i == 2 || i == 3) && v != "" && allDigits(v) && (v == "0" || v[0] != '0') {
			value = json.RawMessage(v) // JSON numbers have no leading zero
		}
		cs = append(cs, Claim{Name: name, Value: value})
	}
	return cs
}

// jsonString is s as a JSON string.
func jsonString(s string) json.RawMessage {
	return json.RawMessage(appendJSONString(nil, strings.ToValidUTF8(s, "\uFFFD")))
}

func (d *diagnosis) hexHash(mac *legacyMAC, hash string) {
	msg := "The hash is the base64 of the HMAC's 64-character hex string, not of its 32 bytes"
	if mac != nil && mac.matches(hash, spellHex) {
		msg += " (and that hex HMAC is right, so only its encoding is wrong)"
	}
	d.add(CodeHexHash, "%s; %s", msg, d.says(answerInvalid))
	d.unverified()
}

func (d *diagnosis) urlSafeHash(mac *legacyMAC, hash string) {
	msg := "The hash holds '-' or '_': it is written in the URL-safe base64 alphabet, and Zoom compares it with the standard one"
	switch {
	case mac == nil:
	case mac.matches(hash, spellURLSafe):
		msg += " (the HMAC itself is right)"
	default:
		d.add(CodeHashMismatch, "Even read as URL-safe base64, the hash does not match the secret for these fields; %s", d.says(answerInvalid))
	}
	d.add(CodeURLSafeHash, "%s; %s", msg, d.says(answerInvalid))
	d.unverified()
}

// unverified notes that the HMAC went unchecked, when it did.
func (d *diagnosis) unverified() {
	if d.secret == "" {
		d.add(CodeUnverified, "The HMAC was not checked: no secret was given.")
	}
}

// isHexBase64 reports whether h is the standard base64 of a SHA-256 hex
// string.
func isHexBase64(h string) bool {
	b, err := base64.StdEncoding.DecodeString(h)
	if err != nil || len(b) != hex.EncodedLen(sha256.Size) {
		return false
	}
	_, err = hex.DecodeString(strings.ToLower(string(b)))
	return err == nil
}

// human writes a duration for a message: to the millisecond under a
// minute, to the second under two days, in days beyond.
func human(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Millisecond).String()
	case d < 48*time.Hour:
		return d.Round(time.Second).String()
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + " days"
}
