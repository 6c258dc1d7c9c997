package zoomsig

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// VideoHandler is a Video SDK signature endpoint, compatible with the JSON
// of Zoom's videosdk-auth-endpoint-sample (at f8a4164) so that front ends
// can switch to it unchanged, and safe by default:
//
//	POST  {"role", "sessionName", "expirationSeconds"?, "userIdentity"?,
//	       "sessionKey"?, "geoRegions"?, "cloudRecordingOption"?,
//	       "cloudRecordingElection"?, "telemetryTrackingId"?,
//	       "videoWebRtcMode"?, "audioWebRtcMode"?, "audioCompatibleMode"?,
//	       "userKey"?, "cloudRecordingTranscriptOption"?}
//	200   {"signature": "<Video SDK JWT>"}
//	400   {"errors": [{"property": …, "reason": …}]}, every problem listed,
//	      in the sample's order
//	403   role 1 or a cloudRecordingTranscriptOption other than 0 unless
//	      WithAllowHost, a session outside WithSessions (matched
//	      case-insensitively), or refused by WithAuthorizeVideo
//	405, 413, 415 as the Handler
//
// Numbers may come as strings of digits, as the sample's parseInt reads
// them, but only whole numbers: "1.9", "1abc" and null are refused where
// the sample would sign 1 or fail later. geoRegions is a comma-separated
// string or an array of strings; whitespace is removed and empty entries
// dropped, as the sample does. audioCompatibleMode is the deprecated
// spelling of audioWebRtcMode, which wins when both are given; both are
// validated. userKey and cloudRecordingTranscriptOption are zoomsig's
// extensions for the claims of Zoom's 2026 spec ("user_key",
// "cloud_recording_transcript_option"), which the sample does not know;
// userKey beside userIdentity is refused (400). CORS headers are sent only to origins given to
// WithAllowedOrigins. It is safe for concurrent use.
type VideoHandler struct {
	signer   *Signer
	cfg      settings // the Signer's, with NewVideoHandler's options applied
	cors     corsPolicy
	sessions map[string]bool // by sessionFold; nil: any session
	life     intRule         // what expirationSeconds may be
}

// NewVideoHandler returns a Video SDK signature endpoint signing with s.
// Options: [WithAllowedOrigins], [WithAllowHost], [WithSessions],
// [WithAuthorizeVideo], [WithExpiry] (the default lifetime; requests may
// ask for another within Zoom's window, up to [WithMaxExpiry]),
// [WithMaxExpiry], [WithBackdate], [WithClock].
func NewVideoHandler(s *Signer, opts ...Option) (*VideoHandler, error) {
	if s == nil {
		return nil, errorf(ErrInvalidOption, "NewVideoHandler needs a Signer")
	}
	if err := s.usable(); err != nil {
		return nil, err
	}
	cfg, set, err := configure(s.cfg, "NewVideoHandler", forVideoHandler, opts)
	if err == nil {
		err = capLife("NewVideoHandler", &cfg, set)
	}
	if err != nil {
		return nil, err
	}
	return &VideoHandler{signer: s, cfg: cfg, cors: newCORSPolicy(cfg.origins), sessions: sessionList(cfg.sessions), life: lifeRule(cfg.maxLife).nullRefused()}, nil
}

// ServeHTTP answers one request, as Handler does.
func (h *VideoHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	serveEndpoint(w, r, &h.cors, h.answer)
}

func (h *VideoHandler) answer(r *http.Request, m members, out []byte) ([]byte, *httpFailure) {
	v, expiry, fail := h.parse(m)
	if fail == nil {
		fail = h.admit(r, v)
	}
	if fail != nil {
		return nil, fail
	}
	cfg := h.cfg
	cfg.expiry = expiry
	token, err := h.signer.signVideoJWT(&cfg, &v)
	if err != nil {
		return nil, refuse(http.StatusInternalServerError, "signature", "could not sign")
	}
	return append(appendMember(out, "signature", token, true), '}', '\n'), nil
}

// The Video SDK sample's numeric members: null is refused, as the sample's
// validator refuses it.
var (
	videoRoleMember = roleMember.nullRefused()
	videoFlagMember = flagMember.nullRefused()
)

// parse validates the members in the sample's order, collecting every
// problem.
func (h *VideoHandler) parse(m members) (VideoToken, time.Duration, *httpFailure) {
	var v VideoToken
	var errs []apiError
	expiry := h.cfg.expiry
	if !m.has("role") {
		errs = append(errs, apiError{"role", "required"})
	} else if n, ok := m.int("role", videoRoleMember, &errs); ok {
		v.Role = Role(n)
	}
	v.SessionName = sessionMember(m, &errs)
	if n, ok := m.int("expirationSeconds", h.life, &errs); ok {
		expiry = time.Duration(n) * time.Second
	}
	v.UserIdentity = textMember(m, "userIdentity", "user identity", MaxUserIdentityLen, &errs)
	v.SessionKey = textMember(m, "sessionKey", "session key", MaxSessionKeyLen, &errs)
	v.GeoRegions = regionsMember(m, &errs)
	v.CloudRecordingOption = flagValue(m, "cloudRecordingOption", &errs)
	v.CloudRecordingElection = flagValue(m, "cloudRecordingElection", &errs)
	v.VideoWebRTCMode = flagValue(m, "videoWebRtcMode", &errs)
	compatible := flagValue(m, "audioCompatibleMode", &errs)
	if v.AudioWebRTCMode = flagValue(m, "audioWebRtcMode", &errs); v.AudioWebRTCMode == nil {
		v.AudioWebRTCMode = compatible
	}
	v.TelemetryTrackingID = textMember(m, "telemetryTrackingId", "telemetry tracking ID", MaxTelemetryTrackingIDLen, &errs)
	h.parse2026(m, &v, &errs)
	if len(errs) > 0 {
		return v, expiry, &httpFailure{status: http.StatusBadRequest, errs: errs}
	}
	return v, expiry, nil
}

// transcriptMember is what cloudRecordingTranscriptOption must be: 0 to
// MaxTranscriptOption, null refused as the sample's other members.
var transcriptMember = intRule{must: "0, 1 or 2", check: func(n int64) bool {
	return checkChoice("", n, MaxTranscriptOption) == nil
}}

// parse2026 reads the members of zoomsig's extension of the sample for
// the claims of Zoom's 2026 spec, after the sample's own: userKey
// ("user_key", by the user key's length rule; not beside userIdentity,
// by checkUserNames) and cloudRecordingTranscriptOption.
func (h *VideoHandler) parse2026(m members, v *VideoToken, errs *[]apiError) {
	v.UserKey = textMember(m, "userKey", "user key", MaxUserKeyLen, errs)
	if err := checkUserNames(v.UserIdentity, v.UserKey); err != nil {
		*errs = append(*errs, apiError{"userKey", detailOf(err)})
	}
	if n, ok := m.int("cloudRecordingTranscriptOption", transcriptMember, errs); ok {
		t := int(n)
		v.CloudRecordingTranscriptOption = &t
	}
}

// admit applies the VideoHandler's policy, then the app's hook. A
// transcript option other than 0 is refused like a host token: that is
// zoomsig's policy, not Zoom's rule (Zoom's doc only says it needs a
// universal-credit account), because transcripts and summaries are billed
// to the account, so anonymous callers must not switch them on.
func (h *VideoHandler) admit(r *http.Request, v VideoToken) *httpFailure {
	switch {
	case v.Role == RoleHost && !h.cfg.allowHost:
		return refuse(http.StatusForbidden, "role", "this endpoint does not sign host tokens (role 1)")
	case v.CloudRecordingTranscriptOption != nil && *v.CloudRecordingTranscriptOption != 0 && !h.cfg.allowHost:
		return refuse(http.StatusForbidden, "cloudRecordingTranscriptOption", "this endpoint does not switch on cloud recording transcripts (billed to the account) for its callers")
	case h.sessions != nil && !h.sessions[sessionFold(v.SessionName)]:
		return refuse(http.StatusForbidden, "sessionName", "this endpoint does not sign for that session")
	case h.cfg.authorizeVideo != nil && h.cfg.authorizeVideo(r, v) != nil:
		return refuse(http.StatusForbidden, "authorization", "not authorized")
	}
	return nil
}

// flagValue reads a 0-or-1 member.
func flagValue(m members, name string, errs *[]apiError) *int {
	n, ok := m.int(name, videoFlagMember, errs)
	if !ok {
		return nil
	}
	v := int(n)
	return &v
}

// sessionMember reads "sessionName": required, through the session-name
// rule. Unlike the sample, an empty name is refused: Zoom has no session
// without a name.
func sessionMember(m members, errs *[]apiError) string {
	if !m.has("sessionName") {
		*errs = append(*errs, apiError{"sessionName", "required"})
		return ""
	}
	name, ok := stringMember(m, "sessionName", errs)
	if ok {
		if err := checkSessionName(name); err != nil {
			*errs = append(*errs, apiError{"sessionName", detailOf(err)})
		}
	}
	return name
}

// textMember reads an optional string member through the length rule of
// its claim. An empty string counts as absent.
func textMember(m members, name, what string, max int, errs *[]apiError) string {
	if !m.has(name) {
		return ""
	}
	s, ok := stringMember(m, name, errs)
	if ok {
		if err := checkText(what, s, max); err != nil {
			*errs = append(*errs, apiError{name, detailOf(err)})
			return ""
		}
	}
	return s
}

// stringMember reads a member that must be a JSON string.
func stringMember(m members, name string, errs *[]apiError) (string, bool) {
	raw, _ := m.get(name)
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		*errs = append(*errs, apiError{name, "must be a string, got " + jsonKind(raw)})
		return "", false
	}
	return s, true
}

// regionsMember reads "geoRegions" as the sample does: a comma-separated
// string or an array of strings (an item is not split at commas), every
// whitespace character removed, empty entries dropped; what is left must
// be one or more of Zoom's regions (duplicates are kept).
func regionsMember(m members, errs *[]apiError) []string {
	raw, ok := m.get("geoRegions")
	if !ok {
		return nil
	}
	var items []string
	var one string
	if json.Unmarshal(raw, &one) == nil {
		items = strings.Split(one, ",")
	} else if json.Unmarshal(raw, &items) != nil {
		*errs = append(*errs, apiError{"geoRegions", "must be a string or an array of strings, got " + jsonKind(raw)})
		return nil
	}
	var regions []string
	for _, item := range items {
		if r := strings.Map(dropJSSpace, item); r != "" {
			regions = append(regions, r)
		}
	}
	switch err := checkRegions(regions); {
	case len(regions) == 0:
		*errs = append(*errs, apiError{"geoRegions", "must name one or more of " + strings.Join(geoRegions[:], ",")})
	case err != nil:
		*errs = append(*errs, apiError{"geoRegions", detailOf(err)})
	default:
		return regions
	}
	return nil
}

// dropJSSpace deletes what JavaScript's \s matches (the sample removes
// whitespace with /\s+/g): ASCII whitespace, NBSP, the Unicode space
// separators, the line and paragraph separators, and the BOM.
func dropJSSpace(r rune) rune {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return -1
	}
	if r >= 0x2000 && r <= 0x200A {
		return -1
	}
	return r
}
