package zoomsig

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxRequestBody caps the request body the Handler reads.
const MaxRequestBody = 16 << 10

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
//	200   {"signature": "<Meeting SDK JWT>", "sdkKey": "<key>"}
//	400   {"errors": [{"property": …, "reason": …}]}, every problem listed
//	403   role 1 unless WithAllowHost, a meeting outside WithMeetings, or
//	      refused by WithAuthorize
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
	signer    *Signer
	expiry    time.Duration
	origins   map[string]bool
	anyOrigin bool
	allowHost bool
	meetings  map[string]bool
	authorize func(*http.Request, SignRequest) error
}

// WithAllowedOrigins lists the origins ("https://app.example.com") whose
// browsers may call the Handler: they get Access-Control-Allow-Origin. "*"
// allows every origin, and is never the default. Applies to NewHandler.
func WithAllowedOrigins(origins ...string) Option {
	return func(cfg *config) {
		cfg.set |= optAllowedOrigins
		for _, o := range origins {
			if o != "*" && !isOrigin(o) {
				cfg.fail("%q is not an origin (scheme://host[:port], no path)", clip(o))
			}
		}
		cfg.origins = append(cfg.origins[:0:0], origins...)
	}
}

func isOrigin(o string) bool {
	u, err := url.Parse(o)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.Path == "" && u.RawQuery == "" && u.Fragment == "" && u.User == nil && o == u.Scheme+"://"+u.Host
}

// WithAllowHost lets the Handler sign host tokens (role 1), which start a
// meeting. The default refuses them with 403: anyone who can reach the
// endpoint could otherwise get a token that starts any meeting of the
// account. Applies to NewHandler.
func WithAllowHost(allow bool) Option {
	return func(cfg *config) { cfg.set |= optAllowHost; cfg.allowHost = allow }
}

// WithMeetings limits the Handler to the meetings listed (spaces and dashes
// allowed); others get 403. The default signs for any meeting. Applies to
// NewHandler.
func WithMeetings(meetingNumbers ...string) Option {
	return func(cfg *config) {
		cfg.set |= optMeetings
		cfg.meetings = cfg.meetings[:0:0]
		for _, m := range meetingNumbers {
			mn, err := NormalizeMeetingNumber(m)
			if err != nil {
				cfg.fail("meeting allowlist: %v", err)
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
// Applies to NewHandler.
func WithAuthorize(f func(r *http.Request, req SignRequest) error) Option {
	return func(cfg *config) { cfg.set |= optAuthorize; cfg.authorize = f }
}

// NewHandler returns a signature endpoint signing with s. Options:
// [WithAllowedOrigins], [WithAllowHost], [WithMeetings], [WithAuthorize],
// [WithExpiry] (the default lifetime; requests may ask for another within
// Zoom's window), [WithClock].
func NewHandler(s *Signer, opts ...Option) (*Handler, error) {
	if s == nil {
		return nil, fmt.Errorf("zoomsig: %w: NewHandler needs a Signer", ErrInvalidOption)
	}
	cfg := config{expiry: s.expiry, clock: s.clock}
	if err := cfg.apply("NewHandler", optAllowedOrigins|optAllowHost|optMeetings|optAuthorize|optExpiry|optClock, opts); err != nil {
		return nil, err
	}
	h := &Handler{signer: s, expiry: cfg.expiry, allowHost: cfg.allowHost, authorize: cfg.authorize}
	if cfg.set&optClock != 0 || cfg.set&optExpiry != 0 {
		// A Signer is fixed at construction: make one with these settings.
		h.signer = s.with(cfg.clock, cfg.expiry)
	}
	if len(cfg.origins) > 0 {
		h.origins = map[string]bool{}
		for _, o := range cfg.origins {
			h.anyOrigin = h.anyOrigin || o == "*"
			h.origins[o] = true
		}
	}
	if len(cfg.meetings) > 0 {
		h.meetings = map[string]bool{}
		for _, m := range cfg.meetings {
			h.meetings[m] = true
		}
	}
	return h, nil
}

// with returns a copy of the Signer's settings with another clock and
// expiry, sharing its key schedule.
func (s *Signer) with(c Clock, expiry time.Duration) *Signer {
	n := &Signer{key: s.key, clock: c, backdate: s.backdate, dialect: s.dialect, prefix: s.prefix,
		jwtPrefix: s.jwtPrefix, expiry: expiry, webrtc: s.webrtc}
	n.macs.New = s.macs.New
	return n
}

// apiError is one entry of a 400 or 403 answer, as Zoom's sample writes it.
type apiError struct {
	Property string `json:"property"`
	Reason   string `json:"reason"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErrors(w http.ResponseWriter, status int, errs ...apiError) {
	writeJSON(w, status, struct {
		Errors []apiError `json:"errors"`
	}{errs})
}

// ServeHTTP answers one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	allowed := h.cors(w, r)
	switch r.Method {
	case http.MethodOptions:
		if allowed {
			w.Header().Set("Access-Control-Allow-Methods", "POST")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
			w.Header().Set("Access-Control-Max-Age", "600")
		}
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "POST, OPTIONS")
		writeErrors(w, http.StatusMethodNotAllowed, apiError{"method", r.Method + " is not allowed; use POST"})
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeErrors(w, http.StatusUnsupportedMediaType, apiError{"body", "Content-Type must be application/json"})
		return
	}
	body := http.MaxBytesReader(w, r.Body, MaxRequestBody)
	var fields map[string]json.RawMessage
	dec := json.NewDecoder(body)
	err := dec.Decode(&fields)
	if err == nil && dec.More() {
		err = errors.New("data after the JSON object")
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeErrors(w, http.StatusRequestEntityTooLarge, apiError{"body", fmt.Sprintf("the body is over %d bytes", MaxRequestBody)})
		return
	case err != nil || fields == nil:
		writeErrors(w, http.StatusBadRequest, apiError{"body", "the body is not a JSON object"})
		return
	}
	req, errs := h.parse(fields)
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	switch {
	case req.Role == RoleHost && !h.allowHost:
		writeErrors(w, http.StatusForbidden, apiError{"role", "this endpoint does not sign host tokens (role 1)"})
		return
	case h.meetings != nil && !h.meetings[req.MeetingNumber]:
		writeErrors(w, http.StatusForbidden, apiError{"meetingNumber", "this endpoint does not sign for that meeting"})
		return
	case h.authorize != nil && h.authorize(r, req) != nil:
		writeErrors(w, http.StatusForbidden, apiError{"authorization", "not authorized"})
		return
	}
	opts := []Option{WithExpiry(req.Expiry)}
	if req.VideoWebRTCMode != nil {
		opts = append(opts, WithVideoWebRTCMode(*req.VideoWebRTCMode))
	}
	token, err := h.signer.SignJWT(req.MeetingNumber, req.Role, opts...)
	if err != nil {
		writeErrors(w, http.StatusInternalServerError, apiError{"signature", "could not sign"})
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Signature string `json:"signature"`
		SDKKey    string `json:"sdkKey"`
	}{token, h.signer.key})
}

// cors sets the CORS headers for an allowed origin and reports whether the
// request's origin is allowed.
func (h *Handler) cors(w http.ResponseWriter, r *http.Request) bool {
	if h.origins == nil {
		return false
	}
	w.Header().Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	switch {
	case origin == "":
		return false
	case h.anyOrigin:
		w.Header().Set("Access-Control-Allow-Origin", "*")
	case h.origins[origin]:
		w.Header().Set("Access-Control-Allow-Origin", origin)
	default:
		return false
	}
	return true
}

// parse validates the request's members, collecting every problem.
func (h *Handler) parse(f map[string]json.RawMessage) (SignRequest, []apiError) {
	req := SignRequest{Expiry: h.expiry}
	var errs []apiError
	bad := func(property, format string, args ...any) {
		errs = append(errs, apiError{property, fmt.Sprintf(format, args...)})
	}
	_, hasMN := f["meetingNumber"]
	_, hasRole := f["role"]
	switch {
	case hasMN && !hasRole:
		bad("role", "required with meetingNumber")
	case hasRole && !hasMN:
		bad("meetingNumber", "required with role")
	case !hasMN && !hasRole:
		bad("meetingNumber", "required")
		bad("role", "required")
	}
	if hasMN {
		mn, ok := jsonText(f["meetingNumber"])
		if !ok {
			bad("meetingNumber", "must be a string or a number")
		} else if n, err := NormalizeMeetingNumber(mn); err != nil {
			bad("meetingNumber", "must be 9 to 12 digits")
		} else {
			req.MeetingNumber = n
		}
	}
	if hasRole {
		switch n, err := jsonInt(f["role"]); {
		case err != nil:
			bad("role", "must be 0 or 1: %v", err)
		case n != 0 && n != 1:
			bad("role", "must be 0 or 1, got %d", n)
		default:
			req.Role = Role(n)
		}
	}
	if raw, ok := f["expirationSeconds"]; ok && string(raw) != "null" {
		switch n, err := jsonInt(raw); {
		case err != nil:
			bad("expirationSeconds", "must be a whole number of seconds from 1800 to 172800: %v", err)
		case n < 1800 || n > 172800:
			bad("expirationSeconds", "must be from 1800 to 172800, got %d", n)
		default:
			req.Expiry = time.Duration(n) * time.Second
		}
	}
	if raw, ok := f["videoWebRtcMode"]; ok && string(raw) != "null" {
		switch n, err := jsonInt(raw); {
		case err != nil:
			bad("videoWebRtcMode", "must be 0 or 1: %v", err)
		case n != 0 && n != 1:
			bad("videoWebRtcMode", "must be 0 or 1, got %d", n)
		default:
			v := int(n)
			req.VideoWebRTCMode = &v
		}
	}
	return req, errs
}

// jsonText reads a JSON string, or a number's digits.
func jsonText(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	if jsonKind(raw) == "a number" {
		return string(raw), true
	}
	return "", false
}

// jsonInt reads a whole number given as a JSON number or a numeric string.
func jsonInt(raw json.RawMessage) (int64, error) {
	text, ok := jsonText(raw)
	if !ok {
		return 0, fmt.Errorf("got %s", jsonKind(raw))
	}
	n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", clip(text))
	}
	return n, nil
}
