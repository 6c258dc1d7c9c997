package zoomsig

import (
	"net/http"
	"strings"
	"time"
)

// Options of the calls to Zoom's REST API and of join tokens.

// WithZoomAPI sets the base URL of Zoom's REST API. The default is
// [DefaultZoomAPI]; Zoom for Government is https://api.zoomgov.com/v2, and
// tests use a local fake. It must be https, except on a loopback host.
// Applies to: FetchUserToken, UserToken.
func WithZoomAPI(baseURL string) Option {
	return func(cfg *config) {
		cfg.set |= optZoomAPI
		if err := checkZoomAPI(baseURL); err != nil {
			cfg.fail("Zoom API URL %q %v", clip(baseURL), err)
		}
		cfg.zoomAPI = strings.TrimRight(baseURL, "/")
	}
}

// WithTokenTTL asks Zoom for a ZAK that lives d (whole seconds, positive;
// Zoom's default is 2 h). It is an error with TokenOnBehalf, whose
// lifetime Zoom sets.
// Applies to: FetchUserToken, UserToken.
func WithTokenTTL(d time.Duration) Option {
	return func(cfg *config) {
		cfg.set |= optTokenTTL
		if d <= 0 || d%time.Second != 0 {
			cfg.fail("token TTL %v is not a positive whole number of seconds", d)
		}
		cfg.tokenTTL = d
	}
}

// WithMeetingNumber names the meeting the token is for (sent as
// meeting_id, as third-party clients do; Zoom's reference shows only
// type), or the meeting Audit's probes ask for. Spaces and dashes are
// allowed, as in NormalizeMeetingNumber.
// Applies to: FetchUserToken, UserToken, Audit.
func WithMeetingNumber(meetingNumber string) Option {
	return func(cfg *config) {
		cfg.set |= optMeetingNumber
		mn, err := NormalizeMeetingNumber(meetingNumber)
		if err != nil {
			cfg.failWith(err)
		}
		cfg.meetingID = mn
	}
}

// JoinTokens are what a join needs beside the signature under Zoom's 2026
// rules: the host's ZAK to start a meeting, or an OBF token to join one
// outside the app's account. Never both: the Web SDK refuses zak together
// with obfToken (the 6.2.0 bundle, zoom-notes §4.1).
type JoinTokens struct {
	ZAK      string
	OBFToken string
}

// WithJoinTokens sets a hook the Handler calls for every request it
// admits (after the policy and the WithAuthorize hook), typically calling
// FetchUserToken. Its tokens are added to the 200 answer as "zak" and
// "obfToken", the Web SDK's join option names, so a front end spreads the
// answer into join(). Both set is the hook's bug: 500, nothing sent. A
// hook error wrapping a *ZoomAPIError of status 429 (Zoom's rate limit for
// the account) answers 503 with Retry-After (its RetryAfter in whole
// seconds, at least 1); any other error wrapping ErrZoomAPI answers 502,
// one past the request's deadline 504; a client that went away gets
// nothing; any other error answers 403. No error text reaches the client.
// Applies to: NewHandler.
func WithJoinTokens(f func(r *http.Request, req SignRequest) (JoinTokens, error)) Option {
	return func(cfg *config) { cfg.set |= optJoinTokens; cfg.joinTokens = f }
}
