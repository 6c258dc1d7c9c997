package zoomsig

import (
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// What the signature endpoints share: CORS, the method and media-type
// checks, reading the JSON body, reading its members, and writing answers
// in the JSON of Zoom's endpoint samples.

// MaxRequestBody caps the request body a handler reads.
const MaxRequestBody = 16 << 10

// apiError is one entry of an error answer, as Zoom's samples write it.
type apiError struct {
	Property string `json:"property"`
	Reason   string `json:"reason"`
}

// httpFailure is a request refused with a status and its reasons; every
// step of a handler's pipeline returns one to stop.
type httpFailure struct {
	status int
	errs   []apiError
	// retryAfter, when positive, is sent as Retry-After (whole seconds).
	retryAfter time.Duration
}

func (f *httpFailure) Error() string {
	return "zoomsig: HTTP " + strconv.Itoa(f.status) + ": " + fmt.Sprint(f.errs)
}

// statusClientGone is the status of a request whose client went away:
// nothing is written.
const statusClientGone = 0

func refuse(status int, property, reason string) *httpFailure {
	return &httpFailure{status: status, errs: []apiError{{property, reason}}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	setJSONHeaders(w.Header())
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeFailure(w http.ResponseWriter, f *httpFailure) {
	if f.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(f.retryAfter.Seconds())), 10))
	}
	writeJSON(w, f.status, struct {
		Errors []apiError `json:"errors"`
	}{f.errs})
}

// corsPolicy answers browsers: CORS headers go only to listed origins.
type corsPolicy struct {
	origins   map[string]bool // nil: no CORS at all
	anyOrigin bool
}

func newCORSPolicy(origins []string) corsPolicy {
	p := corsPolicy{origins: allowlist(origins)}
	p.anyOrigin = p.origins["*"]
	return p
}

// allowlist is the set of items, or nil (anything goes) when there are
// none: the handlers' origin, meeting and session lists.
func allowlist(items []string) map[string]bool {
	if len(items) == 0 {
		return nil
	}
	set := make(map[string]bool, len(items))
	for _, it := range items {
		set[it] = true
	}
	return set
}

// allow sets the CORS headers for an allowed origin and reports whether
// the request's origin is allowed.
func (p *corsPolicy) allow(w http.ResponseWriter, r *http.Request) bool {
	if p.origins == nil {
		return false
	}
	w.Header().Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	switch {
	case origin == "":
		return false
	case p.anyOrigin:
		w.Header().Set("Access-Control-Allow-Origin", "*")
	case p.origins[origin]:
		w.Header().Set("Access-Control-Allow-Origin", origin)
	default:
		return false
	}
	return true
}

// admitMethod answers a preflight (204) or a method other than POST (405)
// and reports whether the request goes on.
func (p *corsPolicy) admitMethod(w http.ResponseWriter, r *http.Request) bool {
	allowed := p.allow(w, r)
	switch r.Method {
	case http.MethodPost:
		return true
	case http.MethodOptions:
		if allowed {
			w.Header().Set("Access-Control-Allow-Methods", "POST")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
			w.Header().Set("Access-Control-Max-Age", "600")
		}
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	w.Header().Set("Allow", "POST, OPTIONS")
	writeFailure(w, refuse(http.StatusMethodNotAllowed, "method", clip(r.Method)+" is not allowed; use POST"))
	return false
}

// serveEndpoint is the pipeline both endpoints share: the method and CORS,
// the media type, the body, then answer (parse, admit, sign, and append
// the JSON reply to out), then the reply.
func serveEndpoint(w http.ResponseWriter, r *http.Request, cors *corsPolicy, answer answerFunc) {
	if !cors.admitMethod(w, r) {
		return
	}
	bb := bodyBuffers.Get().(*bodyBuffer)
	defer bodyBuffers.Put(bb)
	reply, fail := readAndAnswer(w, r, bb, answer)
	switch {
	case fail != nil && fail.status == statusClientGone:
	case fail != nil:
		writeFailure(w, fail)
	default:
		setJSONHeaders(w.Header())
		_, _ = w.Write(reply)
	}
}

// answerFunc parses, admits and signs one request's members, appending
// its JSON reply to out.
type answerFunc func(r *http.Request, m members, out []byte) ([]byte, *httpFailure)

func readAndAnswer(w http.ResponseWriter, r *http.Request, bb *bodyBuffer, answer answerFunc) ([]byte, *httpFailure) {
	if !isJSONMediaType(r.Header.Get("Content-Type")) {
		return nil, refuse(http.StatusUnsupportedMediaType, "body", "Content-Type must be application/json")
	}
	body, fail := readBody(w, r, bb)
	if fail != nil {
		return nil, fail
	}
	m, err := parseMembers(body, bb.members[:0])
	if err != nil {
		return nil, refuse(http.StatusBadRequest, "body", err.Error())
	}
	return answer(r, m, bb.out[:0])
}

// isJSONMediaType accepts application/json, with parameters (checked by
// mime.ParseMediaType) or without (the common case, parsed for free).
func isJSONMediaType(ct string) bool {
	if ct == "application/json" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// The answer's headers, shared: net/http only reads them.
var (
	headerJSON    = []string{"application/json; charset=utf-8"}
	headerNoStore = []string{"no-store"}
	headerNoSniff = []string{"nosniff"}
)

func setJSONHeaders(h http.Header) {
	h["Content-Type"] = headerJSON
	h["Cache-Control"] = headerNoStore
	h["X-Content-Type-Options"] = headerNoSniff
}

// appendMember appends `"name":"value"` as JavaScript's JSON.stringify
// writes it, after a ',' (or, for the first member, a '{').
func appendMember(dst []byte, name, value string, first bool) []byte {
	if first {
		dst = append(dst, '{')
	}
	return appendJSONString(appendJSONField(dst, name, first), value)
}

// intRule is what an integer member must be: a description for the
// reason, and the package's rule that judges it.
type intRule struct {
	must     string           // "0 or 1"
	whole    string           // what to say when it is no whole number; must when empty
	check    func(int64) bool // the shared rule
	optional bool             // null counts as absent
}

var (
	roleMember = intRule{must: "0 or 1", check: func(n int64) bool { _, err := roleOf(n); return err == nil }}
	flagMember = intRule{must: "0 or 1", check: func(n int64) bool { return checkFlag("", n) == nil }, optional: true}
)

// lifeRule is what expirationSeconds must be: Zoom's window, capped at the
// handler's longest lifetime (WithMaxExpiry).
func lifeRule(max time.Duration) intRule {
	return intRule{
		optional: true,
		must:     "from " + itoa(seconds(MinExpiry)) + " to " + itoa(seconds(max)),
		whole:    "a whole number of seconds from " + itoa(seconds(MinExpiry)) + " to " + itoa(seconds(max)),
		check:    func(n int64) bool { return checkLifetimeSeconds(n) == nil && n <= seconds(max) },
	}
}

// capLife refuses a handler whose default lifetime, given with its own
// options, exceeds its cap; a default it only inherited is lowered to it.
func capLife(caller string, cfg *settings, set optID) error {
	switch {
	case cfg.expiry <= cfg.maxLife:
	case set&optExpiry != 0:
		return errorf(ErrInvalidOption, "%s: the default lifetime %v exceeds the longest allowed, %v (WithMaxExpiry)", caller, cfg.expiry, cfg.maxLife)
	default:
		cfg.expiry = cfg.maxLife
	}
	return nil
}

// nullRefused is the rule with null refused rather than absent, as the
// Video SDK sample's validator refuses it.
func (r intRule) nullRefused() intRule {
	r.optional = false
	return r
}

// int reads the integer member name (a JSON number or a numeric string);
// a null member counts as absent when the rule is optional. It appends to
// errs what is wrong, and reports whether a valid value was read.
func (m members) int(name string, rule intRule, errs *[]apiError) (int64, bool) {
	raw, ok := m.get(name)
	if !ok || (rule.optional && string(raw) == "null") {
		return 0, false
	}
	whole := rule.whole
	if whole == "" {
		whole = rule.must
	}
	n, err := jsonInt(raw)
	switch {
	case err != nil:
		*errs = append(*errs, apiError{name, "must be " + whole + ": " + err.Error()})
	case !rule.check(n):
		*errs = append(*errs, apiError{name, fmt.Sprintf("must be %s, got %d", rule.must, n)})
	default:
		return n, true
	}
	return 0, false
}

// jsonText reads a JSON string, or a number's digits.
func jsonText(raw json.RawMessage) (string, bool) {
	if s, ok := plainString(raw); ok {
		return s, true
	}
	var s string
	if jsonKind(raw) != "null" && json.Unmarshal(raw, &s) == nil { // null unmarshals as ""
		return s, true
	}
	if jsonKind(raw) == "a number" {
		return string(raw), true
	}
	return "", false
}

// plainString reads a JSON string without escapes or control characters
// (what requests hold), with one allocation and no decoder.
func plainString(raw json.RawMessage) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	for _, c := range raw[1 : len(raw)-1] {
		if c == '\\' || c == '"' || c < ' ' || c >= utf8.RuneSelf {
			return "", false
		}
	}
	return string(raw[1 : len(raw)-1]), true
}

// jsonInt reads a whole number given as a JSON number with an integral
// value (1, 1.0, 1e0: JavaScript's numbers, as Zoom's samples read them) or
// a string of decimal digits ("1", not "1.9" or "1abc", which the samples'
// parseInt would cut short).
func jsonInt(raw json.RawMessage) (int64, error) {
	if jsonKind(raw) == "a number" {
		return wholeNumber(string(raw))
	}
	s, ok := jsonText(raw)
	if !ok {
		return 0, fmt.Errorf("got %s", jsonKind(raw))
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", clip(s))
	}
	return n, nil
}

// wholeNumber reads a JSON number whose value is an integer.
func wholeNumber(text string) (int64, error) {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, nil
	}
	const exact = 1 << 53 // beyond this a float64 is no longer every integer
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f != math.Trunc(f) || f < -exact || f > exact {
		return 0, fmt.Errorf("%q is not a whole number", clip(text))
	}
	return int64(f), nil
}
