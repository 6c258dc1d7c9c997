package zoomsig

import (
	"time"
)

// The diagnosis of Video SDK tokens: the claims by Zoom's 2026 spec (its
// auth page, shipped in @zoom/videosdk 2.5.0 as skill/references/auth.md),
// in the words of the Video SDK judged for.

func (d *diagnosis) videoJWT(raw *rawJWT, t *tolerantJWT) {
	if !d.platform.video() {
		d.addAs(CodeVideoSDKToken, SeverityError, "This is a Video SDK token (\"app_key\", \"tpc\"), for Video SDK sessions only, and %s is a Meeting SDK: %s", d.platform.display(), d.says(answerNoKeyClaim))
	}
	var keys []keyClaim
	if appKey, ok, err := raw.payload.str("app_key"); err == nil && ok {
		keys = []keyClaim{{"app_key", appKey}}
	}
	d.jwtKeys(t, raw, keys)
	role, hasRole, roleErr := raw.payload.integer("role_type")
	if roleErr == nil && role == int64(RoleHost) {
		d.add(CodeHostRole, "\"role_type\" is 1: whoever joins with this token is a host (or co-host) of the session; if every user gets such a token (a tutorial may call 1 the participant's role), every user is a host")
	}
	c, err := videoClaims(raw)
	if err == nil {
		err = c.check()
	}
	_, badRole := roleOf(role)
	switch {
	case hasRole && roleErr == nil && badRole != nil:
		d.add(CodeVideoClaims, "\"role_type\" is %d, neither 0 (participant) nor 1 (host or co-host), and %s", role, d.says(answerRole))
	case err != nil:
		d.add(CodeVideoClaims, "The Video SDK claims break Zoom's rules (%s), and %s", detailOf(err), d.says(answerInvalid))
	}
	d.videoWarnings(raw.payload, hasRole && roleErr == nil && role == int64(RoleAttendee))
	iat, _, err1 := raw.payload.integer("iat")
	exp, _, err2 := raw.payload.integer("exp")
	if err1 == nil && err2 == nil && raw.payload.has("iat") && raw.payload.has("exp") {
		d.jwtTimes(time.Unix(iat, 0), time.Unix(exp, 0))
	}
}

// videoWarnings names what Zoom's 2026 spec says of claims the server is
// not known to refuse: both names of the user's identifier, a session name
// outside the listed characters, a recording option for a participant.
func (d *diagnosis) videoWarnings(p claimSet, participant bool) {
	identity, _, _ := p.str("user_identity")
	key, _, _ := p.str("user_key")
	if err := checkUserNames(identity, key); err != nil {
		d.addAs(CodeVideoClaims, SeverityWarning, "The token has both \"user_identity\" and \"user_key\": Zoom's 2026 spec renamed user_identity to user_key, and which one Zoom keeps is not known (nothing says it refuses the token); %s", d.says(answerNone))
	}
	if tpc, ok, err := p.str("tpc"); ok && err == nil {
		if r, at, found := tpcOutsideSet(tpc); found {
			d.addAs(CodeVideoClaims, SeverityWarning, "\"tpc\" holds %q (U+%04X) at character %d, outside the characters Zoom's Video SDK auth page lists for a session name (ASCII letters and digits, space and %s); the page lists what Zoom supports, nothing shows Zoom refusing others, and %s", r, r, at, tpcSymbols, d.says(answerNone))
		}
	}
	if participant && p.has("cloud_recording_option") {
		d.addAs(CodeVideoClaims, SeverityWarning, "\"cloud_recording_option\" has no effect for a participant: Zoom's doc says it needs a host (role_type 1); %s", d.says(answerNone))
	}
}
