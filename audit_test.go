package zoomsig

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// weakSample behaves as the notes describe Zoom's endpoint samples
// (zoom-notes §2, §4.3): CORS open to every origin, no validation of an
// empty or text/plain body (express.json skips it: the token has no
// meeting and no role), any role, expirationSeconds honoured up to 48 h,
// no limits. It records every token it mints.
type weakSample struct {
	s      *Signer
	video  bool
	mu     sync.Mutex
	minted []string
}

func (w *weakSample) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodOptions {
		rw.WriteHeader(http.StatusNoContent)
		return
	}
	var body struct {
		MeetingNumber     *string
		Role              *int
		SessionName       string
		ExpirationSeconds *int
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		_ = json.NewDecoder(r.Body).Decode(&body)
	}
	var opts []Option
	if body.ExpirationSeconds != nil {
		opts = append(opts, WithExpiry(time.Duration(*body.ExpirationSeconds)*time.Second))
	}
	tok, err := w.sign(body.MeetingNumber, body.Role, body.SessionName, opts)
	if err != nil {
		rw.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(rw, `{"errors":[{"property":"body","reason":%q}]}`, "invalid")
		return
	}
	w.mu.Lock()
	w.minted = append(w.minted, tok)
	w.mu.Unlock()
	fmt.Fprintf(rw, `{"signature":%q}`, tok)
}

func (w *weakSample) sign(mn *string, role *int, session string, opts []Option) (string, error) {
	r := 0
	if role != nil {
		r = *role
	}
	switch {
	case w.video:
		return w.s.SignVideoJWT(VideoToken{Role: Role(r), SessionName: session}, opts...)
	case mn != nil && role != nil:
		return w.s.SignJWT(*mn, Role(r), opts...)
	}
	return w.s.SignNativeJWT(opts...)
}

func testAudit(t *testing.T, h http.Handler, opts ...Option) []Finding {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	fs, err := Audit(context.Background(), srv.Client(), srv.URL+"/", append([]Option{WithProbeRequests(30)}, opts...)...)
	require.NoError(t, err)
	checkFindings(t, fs, "")
	return fs
}

func signerForAudit(t *testing.T) *Signer {
	s, err := NewSigner(testKey, testSecret)
	require.NoError(t, err)
	return s
}

func TestAuditSafeDefaults(t *testing.T) {
	h, err := NewHandler(signerForAudit(t))
	require.NoError(t, err)
	fs := testAudit(t, h)
	require.Empty(t, errorCodes(fs), "%v", fs)
	require.True(t, hasCode(fs, CodeNoRateLimit), "a safe default may still lack a rate limit")
	require.True(t, hasCode(fs, CodeSDKKeyClaim), "the token's own findings are reported")

	vh, err := NewVideoHandler(signerForAudit(t))
	require.NoError(t, err)
	fs = testAudit(t, vh, WithVideoEndpoint(true), WithSessions("daily standup"))
	require.Empty(t, errorCodes(fs), "%v", fs)
}

func TestAuditOpenConfiguration(t *testing.T) {
	h, err := NewHandler(signerForAudit(t), WithAllowedOrigins("*"), WithAllowHost(true))
	require.NoError(t, err)
	fs := testAudit(t, h, WithProbeRequests(0))
	require.Equal(t, []string{CodeHostTokenOpen, CodeOpenCORS}, errorCodes(fs), "%v", fs)
	require.False(t, hasCode(fs, CodeNoRateLimit), "WithProbeRequests(0) skips the burst")

	vh, err := NewVideoHandler(signerForAudit(t), WithAllowedOrigins("https://zoomsig-audit.example"), WithAllowHost(true))
	require.NoError(t, err)
	fs = testAudit(t, vh, WithVideoEndpoint(true), WithProbeRequests(0))
	require.Equal(t, []string{CodeHostTokenOpen, CodeOpenCORS}, errorCodes(fs), "a reflected foreign origin is open too: %v", fs)
}

func TestAuditWeakSamples(t *testing.T) {
	weak := &weakSample{s: signerForAudit(t)}
	fs := testAudit(t, weak)
	want := []string{CodeHostTokenOpen, CodeMeetinglessToken, CodeOpenCORS}
	require.Subset(t, errorCodes(fs), want, "%v", fs)
	require.True(t, hasCode(fs, CodeLongLived))
	require.True(t, hasCode(fs, CodeNoRateLimit))
	for _, f := range fs {
		for _, tok := range weak.minted {
			require.NotContains(t, f.Message, tok, "a minted token is never shown whole")
		}
		if f.Code == CodeLongLived {
			require.Contains(t, f.Message, MaxExpiry.String())
		}
	}

	video := &weakSample{s: signerForAudit(t), video: true}
	fs = testAudit(t, video, WithVideoEndpoint(true), WithSessions("s"))
	require.Subset(t, errorCodes(fs), []string{CodeHostTokenOpen, CodeOpenCORS})
	require.False(t, hasCode(fs, CodeMeetinglessToken), "meetingless-token does not apply to Video SDK endpoints")
	require.True(t, hasCode(fs, CodeLongLived))
}

// TestAuditCannotAudit: endpoints that time out, answer HTML or 500 are
// an error; a redirect is a finding and is not followed.
func TestAuditCannotAudit(t *testing.T) {
	for _, tt := range []struct {
		name string
		h    http.HandlerFunc
	}{
		{"html", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html>hello</html>") }},
		{"500", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }},
		{"slow", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(time.Second):
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.h)
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			_, err := Audit(ctx, srv.Client(), srv.URL, WithProbeRequests(0))
			require.ErrorIs(t, err, ErrAudit)
		})
	}
	var followed bool
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { followed = true }))
	defer target.Close()
	fs := testAudit(t, http.RedirectHandler(target.URL, http.StatusFound))
	require.True(t, hasCode(fs, CodeErrorShape), "%v", fs)
	require.False(t, followed)
	_, err := Audit(context.Background(), nil, "ftp://example.com", WithProbeRequests(0))
	require.ErrorIs(t, err, ErrAudit)
	_, err = Audit(context.Background(), nil, "http://127.0.0.1:1/", WithProbeOrigin("not an origin"))
	require.ErrorIs(t, err, ErrInvalidOption)
}

func TestAuditProbeRefused(t *testing.T) {
	fs := testAudit(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"errors":[{"property":"authorization","reason":"log in"}]}`)
	}))
	require.True(t, hasCode(fs, CodeProbeRefused))
	require.Empty(t, errorCodes(fs), "refused is no finding against the endpoint, and no clean bill either")
	require.Equal(t, SeverityInfo, fs[0].Severity)
}

// TestAuditAllowlisted: an endpoint that signs only for listed meetings
// (sessions) cannot be audited without one of them, and says which flag
// to give; with one, the audit runs.
func TestAuditAllowlisted(t *testing.T) {
	meetings, err := NewHandler(signerForAudit(t), WithMeetings("123456789"))
	require.NoError(t, err)
	sessions, err := NewVideoHandler(signerForAudit(t), WithSessions("standup"))
	require.NoError(t, err)
	for _, tt := range []struct {
		name string
		h    http.Handler
		opts []Option
		want string
	}{
		{"meeting not given", meetings, nil, "refused every meeting probed: give --meeting N (WithMeetingNumber) to audit it"},
		{"meeting not listed", meetings, []Option{WithMeetingNumber("987654321")}, `for meeting "987654321" was refused with 403 on "meetingNumber": the endpoint does not sign for it; give --meeting N`},
		{"session not given", sessions, []Option{WithVideoEndpoint(true)}, "refused every session probed: give --session NAME (WithSessions) to audit it"},
		{"session not listed", sessions, []Option{WithVideoEndpoint(true), WithSessions("retro")}, `for session "retro" was refused`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.h)
			defer srv.Close()
			_, err := Audit(context.Background(), srv.Client(), srv.URL, append(tt.opts, WithProbeRequests(0))...)
			require.ErrorIs(t, err, ErrAudit)
			require.ErrorContains(t, err, tt.want)
		})
	}
	srv := httptest.NewServer(meetings)
	defer srv.Close()
	fs, err := Audit(context.Background(), srv.Client(), srv.URL, WithProbeRequests(0), WithMeetingNumber("123456789"))
	require.NoError(t, err)
	require.Empty(t, errorCodes(fs), "%v", fs)
}

// TestAuditPlainHTTP: plain http on a host other than loopback is an
// error (the transport sends the "remote" host to a local server).
func TestAuditPlainHTTP(t *testing.T) {
	h, err := NewHandler(signerForAudit(t))
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}}}
	fs, err := Audit(context.Background(), c, "http://signer.example.com/", WithProbeRequests(0))
	require.NoError(t, err)
	require.Equal(t, []string{CodePlainHTTP}, errorCodes(fs))
}

func TestAuditErrorShape(t *testing.T) {
	weak := &weakSample{s: signerForAudit(t)}
	fs := testAudit(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), `"role":7`) {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, "oops")
			return
		}
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		weak.ServeHTTP(w, r)
	}), WithProbeRequests(0))
	require.True(t, hasCode(fs, CodeErrorShape), "%v", fs)
	codes := codes(fs)
	sort.Strings(codes)
	require.NotContains(t, codes, CodeProbeRefused)
}

// fixedAnswer is a transport that answers every request alike.
type fixedAnswer struct {
	status int
	header http.Header
	body   string
}

func (f fixedAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: f.status, Header: f.header, Body: io.NopCloser(strings.NewReader(f.body)), Request: r}, nil
}

// FuzzAuditResponse: whatever an endpoint answers (status, a header,
// body), Audit returns findings or an error, and never panics.
func FuzzAuditResponse(f *testing.F) {
	tok, err := GenerateJWT(testKey, testSecret, testMN, RoleHost)
	require.NoError(f, err)
	f.Add(200, "Access-Control-Allow-Origin", "*", `{"signature":"`+tok+`"}`)
	f.Add(302, "Location", "https://elsewhere.example/", "")
	f.Add(401, "Content-Type", "application/json", `{"errors":[]}`)
	f.Add(200, "Content-Type", "text/html", "<html>")
	f.Add(200, "X", "", `{"signature":"a.b.c"}`)
	f.Fuzz(func(t *testing.T, status int, name, value, body string) {
		if status < 100 || status > 999 {
			return
		}
		h := http.Header{}
		if name != "" && !strings.ContainsAny(name, " :\r\n") {
			h.Set(name, value)
		}
		c := &http.Client{Transport: fixedAnswer{status, h, body}}
		fs, err := Audit(context.Background(), c, "https://endpoint.example/", WithProbeRequests(2))
		if err != nil && !errors.Is(err, ErrAudit) {
			t.Fatalf("an error that is not ErrAudit: %v", err)
		}
		checkFindings(t, fs, "")
	})
}

// TestAuditRateLimitedAndMisdirected: a 429 is a working limit, never "not
// an endpoint"; a Meeting audit of a Video endpoint (and the reverse) says
// which flag to add.
func TestAuditRateLimitedAndMisdirected(t *testing.T) {
	fs := testAudit(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	require.True(t, hasCode(fs, CodeProbeRefused), "%v", fs)
	require.Empty(t, errorCodes(fs))

	// A 429 to any probe is a working limit, even when the burst after it
	// is all answered (its window passed).
	h, err := NewHandler(signerForAudit(t))
	require.NoError(t, err)
	var mu sync.Mutex
	limitedOnce := false
	fs = testAudit(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		first := !limitedOnce && strings.Contains(string(body), "expirationSeconds")
		limitedOnce = limitedOnce || first
		mu.Unlock()
		if first {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		h.ServeHTTP(w, r)
	}))
	require.True(t, limitedOnce)
	require.False(t, hasCode(fs, CodeNoRateLimit), "%v", fs)

	vh, err := NewVideoHandler(signerForAudit(t))
	require.NoError(t, err)
	srv := httptest.NewServer(vh)
	defer srv.Close()
	_, err = Audit(context.Background(), srv.Client(), srv.URL, WithProbeRequests(0))
	require.ErrorIs(t, err, ErrAudit)
	require.ErrorContains(t, err, "looks like a Video SDK endpoint: add --video")
	msrv := httptest.NewServer(h)
	defer msrv.Close()
	_, err = Audit(context.Background(), msrv.Client(), msrv.URL, WithProbeRequests(0), WithVideoEndpoint(true))
	require.ErrorContains(t, err, "looks like a Meeting SDK endpoint: leave out --video")
}
