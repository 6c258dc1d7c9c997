package main

import (
	"cmp"

	"github.com/zoomsig/zoomsig"
)

// serve's start-up line: one JSON log line that says what this process
// signs, for whom and with what limits, and warns of what an operator
// would not want by accident. Never the key or the secret: where they
// came from only.

// startAttrs are the start-up line's members after "addr".
func (f *serveFlags) startAttrs() []any {
	return []any{
		"mode", f.mode(),
		"key_source", f.creds.keyFrom,
		"secret_source", f.creds.secretFrom,
		"origins", nonNil(f.origins),
		"meetings", nonNil(f.meetings),
		"sessions", nonNil(f.sessions),
		"rate_limit", f.limit.describe(),
		"max_expiry", f.maxExpiry.String(),
		"metrics_addr", cmp.Or(f.metricsAddr, "off"),
		"redis", f.redis.host(),
		"warnings", f.warnings(),
	}
}

// mode is what the endpoint signs: "meeting", "video", or "host" (Meeting
// SDK host tokens with a user's ZAK, --host-user).
func (f *serveFlags) mode() string {
	switch {
	case f.video:
		return "video"
	case f.host.user != "":
		return "host"
	}
	return "meeting"
}

// warnings are the settings an operator should have chosen on purpose.
func (f *serveFlags) warnings() []string {
	w := []string{}
	for _, o := range f.origins {
		if o == "*" {
			w = append(w, "--allow-origin *: any web page can fetch tokens from its visitors' browsers")
			break
		}
	}
	switch {
	case f.allowHost && f.video:
		w = append(w, "--allow-host: every caller that reaches the endpoint gets host tokens (role 1), which start sessions, and may switch on cloud recording transcripts, billed to the account")
	case f.allowHost:
		w = append(w, "--allow-host: every caller that reaches the endpoint gets host tokens (role 1), which start meetings and sessions")
	}
	if f.redis.unused {
		w = append(w, "REDIS_URL is set, but neither --host-user nor --rate-limit is, so there is nothing to share: Redis is not used")
	}
	w = append(w, f.host.zoom.deprecations()...)
	if !isSet(f.fs, "max-expiry") {
		w = append(w, "no --max-expiry: callers may ask for tokens that live "+zoomsig.MaxExpiry.String()+" (audit calls this long-lived); set the longest your app needs")
	}
	return w
}

// nonNil makes an unset list an empty JSON array ("none given": any
// meeting, any session, no CORS), not null.
func nonNil(l listFlag) []string {
	if l == nil {
		return []string{}
	}
	return l
}
