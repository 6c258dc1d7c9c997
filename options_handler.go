package zoomsig

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Options of the signature endpoints.

// WithAllowedOrigins lists the origins ("https://app.example.com") whose
// browsers may call the Handler: they get Access-Control-Allow-Origin. "*"
// allows every origin, and is never the default; a pattern such as
// "https://*.example.com" is refused, as browsers send one exact origin.
// Applies to: NewHandler, NewVideoHandler.
func WithAllowedOrigins(origins ...string) Option {
	return func(cfg *config) {
		cfg.set |= optAllowedOrigins
		for _, o := range origins {
			switch {
			case o == "*":
			case strings.Contains(o, "*"):
				cfg.fail("%q: an origin cannot hold a wildcard, since browsers send one exact origin that it would never equal; list each origin, or give * alone for any", clip(o))
			case isOrigin(o) && canonicalOrigin(o) != o:
				cfg.fail("%q: browsers send an origin in lower case, without its scheme's default port, so this would never match: give %q", clip(o), canonicalOrigin(o))
			case !isOrigin(o):
				cfg.fail("%q is not an origin (scheme://host[:port], no path)", clip(o))
			}
		}
		cfg.origins = append(cfg.origins[:0:0], origins...)
	}
}

// isOrigin reports whether o has an origin's shape, in any case and with
// or without a default port (canonicalOrigin says how a browser sends it).
func isOrigin(o string) bool {
	u, err := url.Parse(o)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.Path == "" && u.RawQuery == "" && u.Fragment == "" && u.User == nil && strings.EqualFold(o, u.Scheme+"://"+u.Host)
}

// canonicalOrigin is o as a browser sends it in Origin (RFC 6454 §6.1):
// scheme and host in lower case, no default port.
func canonicalOrigin(o string) string {
	u, err := url.Parse(o)
	if err != nil {
		return o
	}
	host := strings.ToLower(u.Host)
	switch u.Scheme + " " + u.Port() {
	case "https 443", "http 80":
		host = strings.ToLower(u.Hostname())
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
	}
	return u.Scheme + "://" + host
}

// WithAllowHost lets a handler sign host tokens (role 1), which start a
// meeting or a Video SDK session as its host. The default refuses them
// with 403: anyone who can reach the endpoint could otherwise get a token
// that starts any meeting of the account. For the VideoHandler it also
// allows a cloudRecordingTranscriptOption other than 0, refused with 403
// by default: zoomsig's policy, not Zoom's rule, since transcripts and
// summaries are billed to the account.
// Applies to: NewHandler, NewVideoHandler.
func WithAllowHost(allow bool) Option {
	return func(cfg *config) { cfg.set |= optAllowHost; cfg.allowHost = allow }
}

// WithMeetings limits the Handler to the meetings listed (spaces and dashes
// allowed); others get 403. The default signs for any meeting.
// Applies to: NewHandler.
func WithMeetings(meetingNumbers ...string) Option {
	return func(cfg *config) {
		cfg.set |= optMeetings
		cfg.meetings = cfg.meetings[:0:0]
		for _, m := range meetingNumbers {
			mn, err := NormalizeMeetingNumber(m)
			if err != nil {
				cfg.fail("meeting allowlist: %s", detailOf(err))
				return
			}
			cfg.meetings = append(cfg.meetings, mn)
		}
	}
}

// WithAuthorize sets a hook the Handler calls for every valid request
// before signing, so that an app admits only its own users (reading its
// session cookie or Authorization header from r). A non-nil error refuses
// the request with 403; the error itself is not sent to the client.
// Applies to: NewHandler.
func WithAuthorize(f func(r *http.Request, req SignRequest) error) Option {
	return func(cfg *config) { cfg.set |= optAuthorize; cfg.authorize = f }
}

// WithSessions limits the VideoHandler to the session names listed,
// matched case-insensitively, as Zoom reads "tpc" (its 2026 spec: the
// session name is converted to lower case); others get 403. The default
// signs for any session. Each name must be one Zoom accepts (1 to MaxSessionNameLen
// characters). Given to Audit, the first is the session its probes ask for.
// Applies to: NewVideoHandler, Audit.
func WithSessions(names ...string) Option {
	return func(cfg *config) {
		cfg.set |= optSessions
		for _, n := range names {
			if err := checkSessionName(n); err != nil {
				cfg.fail("session allowlist: %s", detailOf(err))
			}
		}
		cfg.sessions = append(cfg.sessions[:0:0], names...)
	}
}

// WithAuthorizeVideo sets a hook the VideoHandler calls for every valid
// request before signing, so that an app admits only its own users. A
// non-nil error refuses the request with 403; the error itself is not sent
// to the client.
// Applies to: NewVideoHandler.
func WithAuthorizeVideo(f func(r *http.Request, v VideoToken) error) Option {
	return func(cfg *config) { cfg.set |= optAuthorizeVideo; cfg.authorizeVideo = f }
}

// WithMaxExpiry caps the lifetime a handler signs when a request asks for
// one (expirationSeconds): a request asking for more is answered 400 on
// expirationSeconds, as out-of-range values are. The default, [MaxExpiry]
// (48 h), is Zoom's own limit and the sample's contract; any value must be
// whole seconds from [MinExpiry] to [MaxExpiry]. A default lifetime given
// with the handler's options ([WithExpiry]) may not exceed it; one the
// handler only inherits from its Signer is lowered to it. A token valid for a long time
// is honoured for whoever holds it: cap it to what a join needs.
// Applies to: NewHandler, NewVideoHandler.
func WithMaxExpiry(d time.Duration) Option {
	return func(cfg *config) {
		cfg.set |= optMaxExpiry
		cfg.failWith(checkLifetime(d))
		cfg.maxLife = d
	}
}
