package zoomsig

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func newTestHandler(t testing.TB, opts ...Option) *Handler {
	t.Helper()
	s, err := NewSigner(testKey, testSecret)
	require.NoError(t, err)
	h, err := NewHandler(s, append([]Option{WithClock(FixedClock(testAt))}, opts...)...)
	require.NoError(t, err)
	return h
}

func do(h http.Handler, method, body string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

type errorsBody struct {
	Errors []apiError `json:"errors"`
}

func TestHandlerSigns(t *testing.T) {
	h := newTestHandler(t)
	for _, body := range []string{
		`{"meetingNumber":"85823272833","role":0}`,
		`{"meetingNumber":85823272833,"role":"0"}`,
		`{"meetingNumber":"858 2327 2833","role":0,"expirationSeconds":7200}`,
		`{"meetingNumber":"858-2327-2833","role":0,"expirationSeconds":"3600","videoWebRtcMode":1}`,
		`{"meetingNumber":"85823272833","role":0,"expirationSeconds":null,"videoWebRtcMode":null,"extra":true}`,
	} {
		t.Run(body, func(t *testing.T) {
			w := do(h, "POST", body)
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			require.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
			require.Equal(t, "no-store", w.Header().Get("Cache-Control"))
			require.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
			var got map[string]string
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got))
			require.Len(t, got, 2, "exactly signature and sdkKey")
			require.Equal(t, testKey, got["sdkKey"])
			c, err := VerifyJWT(got["signature"], testKey, testSecret, WithClock(FixedClock(testAt)))
			require.NoError(t, err)
			require.Equal(t, "85823272833", c.MeetingNumber)
			require.Equal(t, RoleAttendee, c.Role)
			_, err = golangJWTVerify(got["signature"], testSecret, testAt)
			require.NoError(t, err)
			var req map[string]any
			require.NoError(t, json.Unmarshal([]byte(body), &req))
			if e, ok := req["expirationSeconds"]; ok && e != nil {
				require.Equal(t, fmt.Sprint(e), fmt.Sprint(int(c.ExpiresAt.Sub(c.IssuedAt).Seconds())))
			} else {
				require.Equal(t, DefaultExpiry, c.ExpiresAt.Sub(c.IssuedAt))
			}
			if m, ok := req["videoWebRtcMode"]; ok && m != nil {
				require.Equal(t, 1, *c.VideoWebRTCMode)
			} else {
				require.Nil(t, c.VideoWebRTCMode)
			}
		})
	}
}

func TestHandlerRefuses(t *testing.T) {
	errAuth := errors.New("no session")
	authorize := WithAuthorize(func(r *http.Request, req SignRequest) error {
		if r.Header.Get("Authorization") != "Bearer ok" {
			return errAuth
		}
		return nil
	})
	tests := []struct {
		name       string
		opts       []Option
		method     string
		body       string
		header     []string
		wantStatus int
		wantErrors []apiError
	}{
		{"role 2", nil, "POST", `{"meetingNumber":"85823272833","role":2}`, nil, 400, []apiError{{"role", "must be 0 or 1, got 2"}}},
		{"role text", nil, "POST", `{"meetingNumber":"85823272833","role":"host"}`, nil, 400, []apiError{{"role", `must be 0 or 1: "host" is not a whole number`}}},
		{"role fraction", nil, "POST", `{"meetingNumber":"85823272833","role":0.5}`, nil, 400, []apiError{{"role", `must be 0 or 1: "0.5" is not a whole number`}}},
		{"expiry short", nil, "POST", `{"meetingNumber":"85823272833","role":0,"expirationSeconds":1799}`, nil, 400, []apiError{{"expirationSeconds", "must be from 1800 to 172800, got 1799"}}},
		{"expiry long", nil, "POST", `{"meetingNumber":"85823272833","role":0,"expirationSeconds":172801}`, nil, 400, []apiError{{"expirationSeconds", "must be from 1800 to 172800, got 172801"}}},
		{"expiry fraction", nil, "POST", `{"meetingNumber":"85823272833","role":0,"expirationSeconds":1800.5}`, nil, 400, []apiError{{"expirationSeconds", `must be a whole number of seconds from 1800 to 172800: "1800.5" is not a whole number`}}},
		{"webrtc 2", nil, "POST", `{"meetingNumber":"85823272833","role":0,"videoWebRtcMode":2}`, nil, 400, []apiError{{"videoWebRtcMode", "must be 0 or 1, got 2"}}},
		{"webrtc bool", nil, "POST", `{"meetingNumber":"85823272833","role":0,"videoWebRtcMode":true}`, nil, 400, []apiError{{"videoWebRtcMode", "must be 0 or 1: got a boolean"}}},
		{"meeting short", nil, "POST", `{"meetingNumber":"12345","role":0}`, nil, 400, []apiError{{"meetingNumber", "must be 9 to 12 digits"}}},
		{"meeting negative", nil, "POST", `{"meetingNumber":-85823272833,"role":0}`, nil, 400, []apiError{{"meetingNumber", "must be 9 to 12 digits"}}},
		{"meeting minus text", nil, "POST", `{"meetingNumber":"-858 2327 2833","role":0}`, nil, 400, []apiError{{"meetingNumber", "must be 9 to 12 digits"}}},
		{"meeting object", nil, "POST", `{"meetingNumber":{},"role":0}`, nil, 400, []apiError{{"meetingNumber", "must be a string or a number"}}},
		{"meeting without role", nil, "POST", `{"meetingNumber":"85823272833"}`, nil, 400, []apiError{{"role", "required with meetingNumber"}}},
		{"role without meeting", nil, "POST", `{"role":0}`, nil, 400, []apiError{{"meetingNumber", "required with role"}}},
		{"empty object", nil, "POST", `{}`, nil, 400, []apiError{{"meetingNumber", "required"}, {"role", "required"}}},
		{"every problem listed", nil, "POST", `{"meetingNumber":"1","role":7,"expirationSeconds":5,"videoWebRtcMode":9}`, nil, 400, []apiError{
			{"meetingNumber", "must be 9 to 12 digits"}, {"role", "must be 0 or 1, got 7"},
			{"expirationSeconds", "must be from 1800 to 172800, got 5"}, {"videoWebRtcMode", "must be 0 or 1, got 9"}}},
		{"malformed JSON", nil, "POST", `{"meetingNumber":`, nil, 400, []apiError{{"body", "the body is not a JSON object"}}},
		{"JSON array", nil, "POST", `[1]`, nil, 400, []apiError{{"body", "the body is not a JSON object"}}},
		{"JSON null", nil, "POST", `null`, nil, 400, []apiError{{"body", "the body is not a JSON object"}}},
		{"two objects", nil, "POST", `{"meetingNumber":"85823272833","role":0}{}`, nil, 400, []apiError{{"body", "the body is not a JSON object"}}},
		{"host refused", nil, "POST", `{"meetingNumber":"85823272833","role":1}`, nil, 403, []apiError{{"role", "this endpoint does not sign host tokens (role 1)"}}},
		{"meeting outside allowlist", []Option{WithMeetings("123 456 789")}, "POST", `{"meetingNumber":"85823272833","role":0}`, nil, 403, []apiError{{"meetingNumber", "this endpoint does not sign for that meeting"}}},
		{"authorize refuses", []Option{authorize}, "POST", `{"meetingNumber":"85823272833","role":0}`, nil, 403, []apiError{{"authorization", "not authorized"}}},
		{"text/plain", nil, "POST", `{"meetingNumber":"85823272833","role":0}`, []string{"Content-Type", "text/plain"}, 415, []apiError{{"body", "Content-Type must be application/json"}}},
		{"no content type", nil, "POST", `{"meetingNumber":"85823272833","role":0}`, []string{"Content-Type", ""}, 415, []apiError{{"body", "Content-Type must be application/json"}}},
		{"form", nil, "POST", `meetingNumber=85823272833&role=0`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, []apiError{{"body", "Content-Type must be application/json"}}},
		{"too large", nil, "POST", `{"pad":"` + strings.Repeat("x", MaxRequestBody) + `"}`, nil, 413, []apiError{{"body", "the body is over 16384 bytes"}}},
		{"GET", nil, "GET", ``, nil, 405, []apiError{{"method", "GET is not allowed; use POST"}}},
		{"PUT", nil, "PUT", `{}`, nil, 405, []apiError{{"method", "PUT is not allowed; use POST"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(newTestHandler(t, tt.opts...), tt.method, tt.body, tt.header...)
			require.Equal(t, tt.wantStatus, w.Code, w.Body.String())
			var got errorsBody
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got), w.Body.String())
			require.Equal(t, tt.wantErrors, got.Errors)
			require.NotContains(t, w.Body.String(), "eyJ", "no token in a refusal")
			if tt.wantStatus == 405 {
				require.Equal(t, "POST, OPTIONS", w.Header().Get("Allow"))
			}
		})
	}
}

func TestHandlerAllows(t *testing.T) {
	authorize := WithAuthorize(func(r *http.Request, req SignRequest) error {
		if r.Header.Get("Authorization") != "Bearer ok" || req.MeetingNumber != "85823272833" {
			return errors.New("no")
		}
		return nil
	})
	h := newTestHandler(t, WithAllowHost(true), WithMeetings("858 2327 2833"), authorize, WithExpiry(time.Hour))
	w := do(h, "POST", `{"meetingNumber":"85823272833","role":1}`, "Authorization", "Bearer ok")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var got map[string]string
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got))
	c, err := VerifyJWT(got["signature"], testKey, testSecret, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	require.Equal(t, RoleHost, c.Role)
	require.Equal(t, time.Hour, c.ExpiresAt.Sub(c.IssuedAt), "WithExpiry is the default")
	require.Equal(t, testAt.Unix()-30, c.IssuedAt.Unix(), "WithClock, less the Signer's backdate")
}

func TestHandlerCORS(t *testing.T) {
	const app = "https://app.example.com"
	h := newTestHandler(t, WithAllowedOrigins(app, "http://localhost:3000"))
	body := `{"meetingNumber":"85823272833","role":0}`

	w := do(h, "POST", body, "Origin", app)
	require.Equal(t, 200, w.Code)
	require.Equal(t, app, w.Header().Get("Access-Control-Allow-Origin"))
	require.Equal(t, "Origin", w.Header().Get("Vary"))

	w = do(h, "POST", body, "Origin", "https://evil.example")
	require.Equal(t, 200, w.Code, "CORS is the browser's to enforce; the server only withholds the header")
	require.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
	require.Equal(t, "Origin", w.Header().Get("Vary"))

	w = do(h, "OPTIONS", "", "Origin", app, "Access-Control-Request-Method", "POST")
	require.Equal(t, 204, w.Code)
	require.Equal(t, app, w.Header().Get("Access-Control-Allow-Origin"))
	require.Equal(t, "POST", w.Header().Get("Access-Control-Allow-Methods"))
	require.Equal(t, "Content-Type, Authorization", w.Header().Get("Access-Control-Allow-Headers"))
	require.Empty(t, w.Body.String())

	w = do(h, "OPTIONS", "", "Origin", "https://evil.example")
	require.Equal(t, 204, w.Code)
	for _, hdr := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers"} {
		require.Empty(t, w.Header().Get(hdr))
	}

	// No origins configured: no CORS headers at all, not even Vary.
	w = do(newTestHandler(t), "POST", body, "Origin", app)
	require.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
	require.Empty(t, w.Header().Get("Vary"))

	// "*" only when asked for.
	w = do(newTestHandler(t, WithAllowedOrigins("*")), "POST", body, "Origin", "https://anyone.example")
	require.Equal(t, "*", w.Header().Get("Access-Control-Allow-Origin"))
}

func TestNewHandlerOptions(t *testing.T) {
	s, err := NewSigner(testKey, testSecret)
	require.NoError(t, err)
	for _, tt := range []struct {
		opt  Option
		want string
	}{
		{WithAllowedOrigins("app.example.com"), "not an origin"},
		{WithAllowedOrigins("https://app.example.com/"), "not an origin"},
		{WithAllowedOrigins("ftp://app.example.com"), "not an origin"},
		{WithAllowedOrigins("https://*.example.com"), "cannot hold a wildcard"},
		{WithAllowedOrigins("*://app.example.com"), "cannot hold a wildcard"},
		{WithAllowedOrigins("https://App.Example.com"), `give "https://app.example.com"`},
		{WithAllowedOrigins("HTTPS://app.example.com"), `give "https://app.example.com"`},
		{WithAllowedOrigins("https://app.example.com:443"), `give "https://app.example.com"`},
		{WithAllowedOrigins("http://[::1]:80"), `give "http://[::1]"`},
		{WithMeetings("12"), "meeting allowlist"},
		{WithExpiry(time.Minute), "outside"},
		{WithDialect(DialectPHP), "WithDialect does not apply to NewHandler"},
	} {
		_, err := NewHandler(s, tt.opt)
		require.ErrorIs(t, err, ErrInvalidOption)
		require.Contains(t, err.Error(), tt.want)
	}
	_, err = NewHandler(nil)
	require.ErrorIs(t, err, ErrInvalidOption)
	for _, opt := range []Option{WithAllowHost(true), WithMeetings(testMN), WithAllowedOrigins("*"), WithAuthorize(nil)} {
		_, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, opt)
		require.ErrorIs(t, err, ErrInvalidOption, "handler options apply to NewHandler only")
	}
}

// TestHandlerConcurrent: many simultaneous requests (run with -race), each
// answer a token for its own meeting.
func TestHandlerConcurrent(t *testing.T) {
	srv := httptest.NewServer(newTestHandler(t, WithAllowedOrigins("https://app.example.com")))
	defer srv.Close()
	concurrently(t, 32, 20, func(g, i int) error {
		mn := fmt.Sprint(100000000 + g*100 + i)
		resp, err := http.Post(srv.URL, "application/json", strings.NewReader(`{"meetingNumber":"`+mn+`","role":0}`))
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got map[string]string
		if err := json.Unmarshal(b, &got); err != nil || resp.StatusCode != 200 {
			return fmt.Errorf("%d %s", resp.StatusCode, b)
		}
		c, err := VerifyJWT(got["signature"], testKey, testSecret, WithClock(FixedClock(testAt)))
		if err != nil || c.MeetingNumber != mn {
			return fmt.Errorf("meeting %s: %v %+v", mn, err, c)
		}
		return nil
	})
}

// BenchmarkHandler: one signing request through the Handler, in-process.
func BenchmarkHandler(b *testing.B) {
	h := newTestHandler(b)
	body := `{"meetingNumber":"85823272833","role":0}`
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if w := do(h, "POST", body); w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

func TestHandlerJoinTokens(t *testing.T) {
	upstream := &ZoomAPIError{Status: 401, Code: 124, Message: "Invalid access token."}
	for _, tt := range []struct {
		name     string
		tokens   JoinTokens
		err      error
		status   int
		wantBody string
		retry    string // the Retry-After header
	}{
		{"zak", JoinTokens{ZAK: fakeZAK}, nil, 200, `"zak":"` + fakeZAK + `"`, ""},
		{"obf", JoinTokens{OBFToken: "obf-1"}, nil, 200, `"obfToken":"obf-1"`, ""},
		{"none", JoinTokens{}, nil, 200, `"sdkKey"`, ""},
		{"both is a bug", JoinTokens{ZAK: fakeZAK, OBFToken: "obf-1"}, nil, 500, `"property":"joinTokens"`, ""},
		{"zoom refused", JoinTokens{}, fmt.Errorf("fetching: %w", upstream), 502, `"property":"joinTokens"`, ""},
		{"zoom slow", JoinTokens{}, fmt.Errorf("fetching: %w", context.DeadlineExceeded), 504, `"property":"joinTokens"`, ""},
		{"zoom failing", JoinTokens{}, fmt.Errorf("fetching: %w", &ZoomAPIError{Status: 503}), 502, `"reason":"Zoom gave no token: unreachable, failing, or an answer without one"`, ""},
		{"zoom unreachable", JoinTokens{}, fmt.Errorf("%w: Zoom could not be reached", ErrZoomAPI), 502, `"reason":"Zoom gave no token`, ""},
		{"zoom refused: its text", JoinTokens{}, upstream, 502, `"reason":"Zoom refused the token request"`, ""},
		{"zoom limited", JoinTokens{}, fmt.Errorf("fetching: %w", &ZoomAPIError{Status: 429, RetryAfter: 2500 * time.Millisecond}), 503, `"reason":"Zoom's rate limit for the account was reached; retry later"`, "3"},
		{"zoom limited, no hint", JoinTokens{}, &ZoomAPIError{Status: 429}, 503, `"property":"joinTokens"`, "1"},
		{"app refused", JoinTokens{}, errors.New("no such user in our app"), 403, `"property":"authorization"`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, WithAllowHost(true), WithJoinTokens(func(r *http.Request, req SignRequest) (JoinTokens, error) {
				return tt.tokens, tt.err
			}))
			rec := do(h, "POST", `{"meetingNumber":"85823272833","role":1}`)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			require.Contains(t, rec.Body.String(), tt.wantBody)
			require.Equal(t, tt.retry, rec.Header().Get("Retry-After"))
			if tt.status != 200 {
				require.NotContains(t, rec.Body.String(), fakeZAK, "a refused answer carries no token")
				require.NotContains(t, rec.Body.String(), "signature\"")
				require.NotContains(t, rec.Body.String(), "Invalid access token", "no upstream detail")
			}
			if tt.tokens.ZAK == "" {
				require.NotContains(t, rec.Body.String(), `"zak"`)
			}
		})
	}
}

func TestHandlerJoinTokensClientGone(t *testing.T) {
	h := newTestHandler(t, WithJoinTokens(func(r *http.Request, req SignRequest) (JoinTokens, error) {
		return JoinTokens{}, fmt.Errorf("fetching: %w", context.Canceled)
	}))
	rec := do(h, "POST", `{"meetingNumber":"85823272833","role":0}`)
	require.Empty(t, rec.Body.String(), "nothing is written for a client that went away")
	require.Empty(t, rec.Header().Get("Content-Type"))
}

// TestHandlerJoinTokensAfterPolicy: the hook runs only for requests the
// policy and the WithAuthorize hook admitted.
func TestHandlerJoinTokensAfterPolicy(t *testing.T) {
	var calls atomic.Int32
	h := newTestHandler(t, WithMeetings(testMN),
		WithAuthorize(func(r *http.Request, req SignRequest) error {
			if r.Header.Get("X-User") == "" {
				return errors.New("anonymous")
			}
			return nil
		}),
		WithJoinTokens(func(r *http.Request, req SignRequest) (JoinTokens, error) {
			calls.Add(1)
			return JoinTokens{OBFToken: "obf-1"}, nil
		}))
	for _, tt := range []struct {
		body, user string
		status     int
	}{
		{`{"meetingNumber":"85823272833","role":1}`, "u", 403},
		{`{"meetingNumber":"99999999999","role":0}`, "u", 403},
		{`{"meetingNumber":"85823272833","role":0}`, "", 403},
		{`{"meetingNumber":"85823272833"}`, "u", 400},
		{`{"meetingNumber":"85823272833","role":0}`, "u", 200},
	} {
		rec := do(h, "POST", tt.body, "X-User", tt.user)
		require.Equal(t, tt.status, rec.Code, tt.body)
	}
	require.EqualValues(t, 1, calls.Load())
}

// FuzzHandler: any method, Content-Type, Origin and body get one of the
// documented statuses, and every body that is not a preflight's is valid
// JSON; nothing panics.
func FuzzHandler(f *testing.F) {
	for _, s := range []struct{ method, ct, origin, body string }{
		{"POST", "application/json", "", `{"meetingNumber":"85823272833","role":0}`},
		{"POST", "application/json; charset=utf-8", "https://app.example.com", `{"meetingNumber":"858 2327 2833","role":"1","expirationSeconds":1800}`},
		{"OPTIONS", "", "https://app.example.com", ""},
		{"GET", "", "", ""},
		{"POST", "text/plain", "", `{}`},
		{"POST", "application/json", "", `[1,2]`},
		{"POST", "application/json", "", `{"meetingNumber":[],"role":null,"videoWebRtcMode":"x"}`},
	} {
		f.Add(s.method, s.ct, s.origin, s.body)
	}
	h := newTestHandler(f, WithAllowedOrigins("https://app.example.com"), WithMeetings(testMN))
	f.Fuzz(func(t *testing.T, method, ct, origin, body string) {
		if !validMethod(method) {
			return
		}
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Method = method
		r.Header.Set("Content-Type", ct)
		r.Header.Set("Origin", origin)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case 200, 400, 403, 405, 413, 415:
			if !json.Valid(w.Body.Bytes()) {
				t.Fatalf("%d with a body that is not JSON: %q", w.Code, w.Body)
			}
		case 204:
			if method != http.MethodOptions {
				t.Fatalf("204 for %s", method)
			}
		default:
			t.Fatalf("status %d for %s %q", w.Code, method, body)
		}
	})
}

// validMethod reports whether m is an HTTP token, as a client can send.
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		if c := m[i]; c <= ' ' || c >= 0x7f || strings.ContainsRune("()<>@,;:\\\"/[]?={}", rune(c)) {
			return false
		}
	}
	return true
}
