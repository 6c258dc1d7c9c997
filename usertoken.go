package zoomsig

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Join tokens. Since 2 March 2026 a Meeting SDK app that joins a meeting
// outside its own account needs an OBF (on-behalf-of) token beside the
// signature, and starting a meeting as its host has always needed the
// host's ZAK (Zoom's Meeting SDK authorization docs; zoom-notes §4.2). Both
// come from one REST call: GET /users/{userId}/token?type=zak|onbehalf,
// authorized with an OAuth access token, answering {"token": "…"}.

// UserTokenType is the kind of user token Zoom's REST API issues.
type UserTokenType string

const (
	// TokenZAK is a Zoom Access Key: it starts (or joins as) the user's
	// meetings, for 2 h unless WithTokenTTL asks otherwise.
	TokenZAK UserTokenType = "zak"
	// TokenOnBehalf is an OBF token: it lets the app join a meeting
	// outside its account on the user's behalf, while that user is in the
	// meeting. It needs the scope user:read:token and the user's own OAuth
	// token.
	TokenOnBehalf UserTokenType = "onbehalf"
)

// DefaultZoomAPI is the base URL of Zoom's REST API; Zoom for Government
// uses https://api.zoomgov.com/v2 (see [WithZoomAPI]).
const DefaultZoomAPI = "https://api.zoom.us/v2"

// maxZoomAnswer caps what is read of a Zoom API answer.
const maxZoomAnswer = 64 << 10

// ZoomAPIError is an answer of Zoom's REST API other than success: its
// HTTP status, and Zoom's own code and message from its JSON body (zero
// and empty when the body had none). RetryAfter is set for a 429 that says
// when to retry. It matches [ErrZoomAPI] with errors.Is. It never holds a
// token.
type ZoomAPIError struct {
	Status     int
	Code       int
	Message    string
	RetryAfter time.Duration
}

func (e *ZoomAPIError) Error() string {
	s := "zoomsig: " + ErrZoomAPI.Error() + ": HTTP " + strconv.Itoa(e.Status)
	if e.Code != 0 {
		s += ", code " + strconv.Itoa(e.Code)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RetryAfter > 0 {
		s += " (retry after " + e.RetryAfter.String() + ")"
	}
	return s
}

// Unwrap makes errors.Is(err, ErrZoomAPI) hold.
func (e *ZoomAPIError) Unwrap() error { return ErrZoomAPI }

// FetchUserToken asks Zoom's REST API for a user's ZAK or OBF token:
// GET {api}/users/{userID}/token?type=…, with c, which must add the OAuth
// access token (golang.org/x/oauth2's clients do). userID is "me", an
// email address or a Zoom user ID. Options: [WithZoomAPI], [WithTokenTTL]
// (ZAK only), [WithMeetingNumber].
//
// Redirects are never followed: c is copied with a CheckRedirect that
// stops at the first answer, since an OAuth transport would send the
// bearer token wherever a 30x points. Zoom's error answers come back as a
// *ZoomAPIError; the body read is capped; the context's deadline holds. No
// error holds the access token or the user token.
func FetchUserToken(ctx context.Context, c *http.Client, userID string, t UserTokenType, opts ...Option) (string, error) {
	cfg, _, err := configure(defaultSettings(), "FetchUserToken", forFetchUserToken, opts)
	if err != nil {
		return "", err
	}
	u, err := userTokenURL(&cfg, userID, t)
	if err != nil {
		return "", err
	}
	if c == nil {
		return "", errorf(ErrInvalidOption, "FetchUserToken needs an OAuth-authorized *http.Client")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", errorf(ErrInvalidOption, "the request cannot be made: %v", err)
	}
	req.Header.Set("Accept", "application/json")
	noRedirects := *c
	noRedirects.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirects.Do(req)
	if err != nil {
		return "", fmt.Errorf("zoomsig: asking Zoom for a %s token: %w", t, err)
	}
	defer resp.Body.Close()
	return readUserToken(resp)
}

// userTokenURL checks the call's inputs and builds its URL.
func userTokenURL(cfg *settings, userID string, t UserTokenType) (string, error) {
	if t != TokenZAK && t != TokenOnBehalf {
		return "", errorf(ErrInvalidOption, "token type %q is neither %q nor %q", clip(string(t)), TokenZAK, TokenOnBehalf)
	}
	if err := checkUserID(userID); err != nil {
		return "", err
	}
	q := url.Values{"type": {string(t)}}
	if cfg.tokenTTL != 0 {
		if t != TokenZAK {
			return "", errorf(ErrInvalidOption, "WithTokenTTL applies to ZAKs only; Zoom sets an OBF token's lifetime")
		}
		q.Set("ttl", itoa(seconds(cfg.tokenTTL)))
	}
	if cfg.meetingID != "" {
		q.Set("meeting_id", cfg.meetingID)
	}
	return cfg.zoomAPI + "/users/" + url.PathEscape(userID) + "/token?" + q.Encode(), nil
}

// checkUserID accepts "me", an email address, or a Zoom user ID.
func checkUserID(id string) error {
	const maxEmail = 254
	switch {
	case id == "me":
		return nil
	case strings.Count(id, "@") == 1 && len(id) <= maxEmail && printable(id) && !strings.ContainsAny(id, " /?#%\\"):
		local, domain, _ := strings.Cut(id, "@")
		if local != "" && strings.Contains(domain, ".") {
			return nil
		}
	case len(id) <= 64 && isUserIDChars(id):
		return nil
	}
	return errorf(ErrInvalidOption, "user %q is neither \"me\", an email address nor a Zoom user ID", clip(id))
}

func isUserIDChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}

// readUserToken turns Zoom's answer into the token or a *ZoomAPIError.
func readUserToken(resp *http.Response) (string, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxZoomAnswer+1))
	if err != nil {
		return "", fmt.Errorf("zoomsig: reading Zoom's answer: %w", err)
	}
	if len(body) > maxZoomAnswer {
		return "", &ZoomAPIError{Status: resp.StatusCode, Message: fmt.Sprintf("the answer is over %d bytes", maxZoomAnswer)}
	}
	if resp.StatusCode != http.StatusOK {
		return "", zoomError(resp, body)
	}
	var answer struct {
		Token json.RawMessage `json:"token"`
	}
	var token string
	if json.Unmarshal(body, &answer) != nil || json.Unmarshal(answer.Token, &token) != nil || token == "" {
		return "", &ZoomAPIError{Status: resp.StatusCode, Message: "the answer holds no \"token\" string"}
	}
	return token, nil
}

// zoomError reads Zoom's error body: {"code": 124, "message": "Invalid
// access token."} (Zoom's REST API docs and developer forum).
func zoomError(resp *http.Response, body []byte) *ZoomAPIError {
	e := &ZoomAPIError{Status: resp.StatusCode}
	var z struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &z) == nil {
		e.Code, e.Message = z.Code, clipTo(z.Message, 200)
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		e.Message = "a redirect, which is not followed"
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		e.RetryAfter = zoomRetryAfter(resp.Header.Get("Retry-After"), e.Message, time.Now())
	}
	return e
}

// zoomRetryAfter is the one rule for when Zoom takes calls again after a
// 429: its Retry-After header when it sends one, else, for its daily-limit
// message, the next 00:00 UTC; else 0 (unknown). Zoom's rate-limits page
// documents no Retry-After for the REST API (its older page showed one as
// an RFC 3339 instant, "2020-05-31T00:00:00Z"), and the daily message says
// requests resume at 00:00 GMT (developer forum, "Create Meeting API Rate
// Limit - Sample error when breaching limit", answered by Zoom staff).
func zoomRetryAfter(header, message string, now time.Time) time.Duration {
	if d := retryAfter(header, now); d > 0 {
		return d
	}
	if strings.Contains(strings.ToLower(message), "daily") {
		day := now.UTC()
		return time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, time.UTC).Sub(now).Round(time.Second)
	}
	return 0
}

// retryAfter reads a Retry-After header: seconds, an HTTP date, or the
// RFC 3339 instant Zoom's older docs showed.
func retryAfter(v string, now time.Time) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		t, err = time.Parse(time.RFC3339, strings.TrimSpace(v))
	}
	if err == nil && t.After(now) {
		return t.Sub(now).Round(time.Second)
	}
	return 0
}

// checkZoomAPI accepts an https URL, or http on a loopback host (tests,
// a local proxy): the API call carries a bearer token.
func checkZoomAPI(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return errors.New("is not a base URL")
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return errors.New("must be https (plain http only on a loopback host)")
}

// isLoopback reports whether host is localhost or a loopback address.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
