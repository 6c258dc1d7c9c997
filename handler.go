package zoomsig

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// SignRequest is a request to the signature endpoint, validated: what the
// [WithAuthorize] hook is asked to admit.
type SignRequest struct {
	MeetingNumber   string        // 9 to 12 digits, spaces and dashes removed
	Role            Role          // RoleAttendee or RoleHost
	Expiry          time.Duration // the token's lifetime (the default when not asked)
	VideoWebRTCMode *int          // nil when not asked
}

// Handler is a Meeting SDK signature endpoint, compatible with the JSON of
// Zoom's meetingsdk-auth-endpoint-sample so that front ends can switch to
// it unchanged, and safe by default:
//
//	POST  {"meetingNumber", "role", "expirationSeconds"?, "videoWebRtcMode"?}
//	200   {"signature": "<Meeting SDK JWT>", "sdkKey": "<key>"}, and "zak"
//	      or "obfToken" when WithJoinTokens gives one
//	400   {"errors": [{"property": …, "reason": …}]}, every problem listed
//	403   role 1 unless WithAllowHost, a meeting outside WithMeetings, or
//	      refused by WithAuthorize (or WithJoinTokens)
//	502   WithJoinTokens: Zoom refused the token request
//	503   WithJoinTokens: Zoom's rate limit was reached (a *ZoomAPIError
//	      of status 429), with Retry-After in whole seconds, at least 1
//	504   WithJoinTokens: Zoom did not answer in time
//	405   other methods, with Allow
//	413   a body over 16 KiB
//	415   a Content-Type other than JSON
//
// Numbers may come as numeric strings, and the meeting number with spaces
// or dashes, as the sample accepts. Unlike the sample, a request without a
// meeting number and role is refused rather than signed. CORS headers are
// sent only to origins given to WithAllowedOrigins. The Handler answers on
// whatever path it is mounted at; it is safe for concurrent use.
type Handler struct {
	signer   *Signer
	cfg      settings // the Signer's, with NewHandler's options applied
	cors     corsPolicy
	meetings map[string]bool // nil: any meeting
	life     intRule         // what expirationSeconds may be
}

// NewHandler returns a signature endpoint signing with s. Options:
// [WithAllowedOrigins], [WithAllowHost], [WithMeetings], [WithAuthorize],
// [WithJoinTokens], [WithExpiry] (the default lifetime; requests may ask
// for another within Zoom's window, up to [WithMaxExpiry]), [WithMaxExpiry],
// [WithBackdate], [WithClock], [WithSDKKeyClaim] (these three over the
// Signer's own).
func NewHandler(s *Signer, opts ...Option) (*Handler, error) {
	if s == nil {
		return nil, errorf(ErrInvalidOption, "NewHandler needs a Signer")
	}
	if err := s.usable(); err != nil {
		return nil, err
	}
	cfg, set, err := configure(s.cfg, "NewHandler", forHandler, opts)
	if err == nil {
		err = capLife("NewHandler", &cfg, set)
	}
	if err != nil {
		return nil, err
	}
	return &Handler{signer: s, cfg: cfg, cors: newCORSPolicy(cfg.origins), meetings: allowlist(cfg.meetings), life: lifeRule(cfg.maxLife)}, nil
}

// ServeHTTP answers one request: read the body, parse its members, admit
// the request, sign, answer.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	serveEndpoint(w, r, &h.cors, h.answer)
}

// answer parses, admits and signs one request's members.
func (h *Handler) answer(r *http.Request, m members, out []byte) ([]byte, *httpFailure) {
	req, fail := h.parse(m)
	if fail == nil {
		fail = h.admit(r, req)
	}
	if fail != nil {
		return nil, fail
	}
	join, fail := h.joinTokens(r, req)
	if fail != nil {
		return nil, fail
	}
	// The sample's answer, plus the join tokens under the Web SDK's join
	// option names. The token is written straight into the answer.
	out, fail = h.sign(append(out, `{"signature":"`...), req)
	if fail != nil {
		return nil, fail
	}
	out = appendMember(append(out, '"'), "sdkKey", h.signer.key, false)
	if join.ZAK != "" {
		out = appendMember(out, "zak", join.ZAK, false)
	}
	if join.OBFToken != "" {
		out = appendMember(out, "obfToken", join.OBFToken, false)
	}
	return append(out, '}', '\n'), nil
}

// joinTokens calls the WithJoinTokens hook and maps its errors to
// statuses, sending no detail: an upstream answer could leak.
func (h *Handler) joinTokens(r *http.Request, req SignRequest) (JoinTokens, *httpFailure) {
	if h.cfg.joinTokens == nil {
		return JoinTokens{}, nil
	}
	jt, err := h.cfg.joinTokens(r, req)
	switch {
	case err == nil && jt.ZAK != "" && jt.OBFToken != "":
		// The Web SDK refuses zak with obfToken: a bug of the hook.
		return JoinTokens{}, refuse(http.StatusInternalServerError, "joinTokens", "could not make the join tokens")
	case err == nil:
		return jt, nil
	case errors.Is(err, context.Canceled):
		return JoinTokens{}, &httpFailure{status: statusClientGone}
	case errors.Is(err, context.DeadlineExceeded):
		return JoinTokens{}, refuse(http.StatusGatewayTimeout, "joinTokens", "Zoom did not answer in time")
	case errors.Is(err, ErrZoomAPI):
		return JoinTokens{}, zoomRefusal(err)
	}
	return JoinTokens{}, refuse(http.StatusForbidden, "authorization", "not authorized")
}

// zoomRefusal answers a join-token failure of Zoom's: 503 with Retry-After
// when Zoom's rate limit for the account was reached (429: the caller may
// retry, and the endpoint is not broken), else 502, saying whether Zoom
// refused (4xx) or gave no token.
func zoomRefusal(err error) *httpFailure {
	var ze *ZoomAPIError
	if errors.As(err, &ze) && ze.Status == http.StatusTooManyRequests {
		f := refuse(http.StatusServiceUnavailable, "joinTokens", "Zoom's rate limit for the account was reached; retry later")
		f.retryAfter = max(ze.RetryAfter, time.Second)
		return f
	}
	if ze != nil && ze.Status >= 400 && ze.Status < 500 {
		return refuse(http.StatusBadGateway, "joinTokens", "Zoom refused the token request")
	}
	return refuse(http.StatusBadGateway, "joinTokens", "Zoom gave no token: unreachable, failing, or an answer without one")
}

// parse validates the request's members, collecting every problem.
func (h *Handler) parse(m members) (SignRequest, *httpFailure) {
	req := SignRequest{Expiry: h.cfg.expiry}
	var errs []apiError
	hasMN, hasRole := m.has("meetingNumber"), m.has("role")
	switch {
	case hasMN && !hasRole:
		errs = append(errs, apiError{"role", "required with meetingNumber"})
	case hasRole && !hasMN:
		errs = append(errs, apiError{"meetingNumber", "required with role"})
	case !hasMN && !hasRole:
		errs = append(errs, apiError{"meetingNumber", "required"}, apiError{"role", "required"})
	}
	if hasMN {
		req.MeetingNumber = meetingMember(m, &errs)
	}
	if n, ok := m.int("role", roleMember, &errs); ok {
		req.Role = Role(n)
	}
	if n, ok := m.int("expirationSeconds", h.life, &errs); ok {
		req.Expiry = time.Duration(n) * time.Second
	}
	if n, ok := m.int("videoWebRtcMode", flagMember, &errs); ok {
		v := int(n)
		req.VideoWebRTCMode = &v
	}
	if len(errs) > 0 {
		return req, &httpFailure{status: http.StatusBadRequest, errs: errs}
	}
	return req, nil
}

// meetingMember reads "meetingNumber", a string or a number, through
// NormalizeMeetingNumber.
func meetingMember(m members, errs *[]apiError) string {
	raw, _ := m.get("meetingNumber")
	text, ok := jsonText(raw)
	if !ok {
		*errs = append(*errs, apiError{"meetingNumber", "must be a string or a number"})
		return ""
	}
	mn, err := NormalizeMeetingNumber(text)
	if err != nil {
		*errs = append(*errs, apiError{"meetingNumber", fmt.Sprintf("must be %d to %d digits", minMeetingDigits, maxMeetingDigits)})
	}
	return mn
}

// admit applies the Handler's policy, then the app's hook.
func (h *Handler) admit(r *http.Request, req SignRequest) *httpFailure {
	switch {
	case req.Role == RoleHost && !h.cfg.allowHost:
		return refuse(http.StatusForbidden, "role", "this endpoint does not sign host tokens (role 1)")
	case h.meetings != nil && !h.meetings[req.MeetingNumber]:
		return refuse(http.StatusForbidden, "meetingNumber", "this endpoint does not sign for that meeting")
	case h.cfg.authorize != nil && h.cfg.authorize(r, req) != nil:
		return refuse(http.StatusForbidden, "authorization", "not authorized")
	}
	return nil
}

// sign appends the token to dst, made with the Handler's settings
// overridden per call by what the request asked.
func (h *Handler) sign(dst []byte, req SignRequest) ([]byte, *httpFailure) {
	cfg := h.cfg
	cfg.expiry = req.Expiry
	if req.VideoWebRTCMode != nil {
		cfg.webrtc = *req.VideoWebRTCMode
	}
	st := h.signer.macs.Get().(*macState)
	defer h.signer.macs.Put(st)
	dst, err := h.signer.appendMeetingJWT(st, dst, &cfg, req.MeetingNumber, req.Role, true)
	if err != nil {
		return nil, refuse(http.StatusInternalServerError, "signature", "could not sign")
	}
	return dst, nil
}
