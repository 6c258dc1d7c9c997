package zoomsig

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Audit: judge a deployed signature endpoint, as an attacker and as Zoom
// would, through its public contract only (zoom-notes §2 and §4.3 describe
// the two samples most teams deploy). Only audit endpoints you may test:
// the rate probe sends a burst of requests.

// DefaultProbeOrigin is the foreign origin the audit claims to come from.
const DefaultProbeOrigin = "https://zoomsig-audit.example"

// DefaultProbeRequests is how many requests the rate probe sends.
const DefaultProbeRequests = 100

const (
	auditTimeout   = 10 * time.Second // per request, when the context has no deadline
	maxAuditAnswer = 64 << 10         // what is read of any answer
	auditMeeting   = "85823272833"    // what the probes ask for by default
	auditSession   = "zoomsig-audit"
	burstWorkers   = 8
)

// Audit probes a Meeting SDK signature endpoint (or, with
// WithVideoEndpoint(true), a Video SDK one) using only its public
// contract, and returns findings in Diagnose's shape: open-cors,
// host-token-open, meetingless-token, long-lived, no-rate-limit,
// plain-http, error-shape, probe-refused, and every Diagnose finding of the
// token it answers, its message prefixed by the request that produced it.
// The error is for an endpoint that could not be audited at all:
// unreachable, or not answering a valid request as the contract says
// ([ErrAudit]). c may be nil (http.DefaultClient); its redirects are never
// followed. Every read is capped, and every request has its own timeout
// when ctx has none. Options: [WithVideoEndpoint], [WithProbeOrigin],
// [WithProbeRequests], [WithMeetingNumber], [WithSessions] (the first name
// is probed), [WithSDKVersion], [WithClock].
func Audit(ctx context.Context, c *http.Client, endpoint string, opts ...Option) ([]Finding, error) {
	cfg, _, err := configure(defaultSettings(), "Audit", forAudit, opts)
	if err != nil {
		return nil, err
	}
	a, err := newAuditor(ctx, c, endpoint, cfg)
	if err != nil {
		return nil, err
	}
	if err := a.baseline(); err != nil {
		return nil, err
	}
	a.probeAll()
	return a.d.result(""), nil
}

// auditor holds one audit's state.
type auditor struct {
	ctx      context.Context
	c        *http.Client
	endpoint *url.URL
	cfg      settings
	d        diagnosis   // the findings, kept and ordered as Diagnose's are
	refused  bool        // the baseline was refused (401/403/429)
	limited  atomic.Bool // some probe was answered 429: the endpoint limits requests
}

func newAuditor(ctx context.Context, c *http.Client, endpoint string, cfg settings) (*auditor, error) {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, also(ErrInvalidOption, errorf(ErrAudit, "%q is not an http(s) URL", clip(endpoint)))
	}
	if c == nil {
		c = http.DefaultClient
	}
	noRedirects := *c
	noRedirects.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	a := &auditor{ctx: ctx, c: &noRedirects, endpoint: u, cfg: cfg}
	a.d.cfg, a.d.now = cfg, now(cfg.clock)
	return a, nil
}

// answer is what the endpoint said to one probe.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// probe is one request of the audit.
type probe struct {
	name   string // what the findings call it: "a role 0 request"
	method string
	ctype  string
	body   string
	header map[string]string
}

// send makes one request, with its own timeout when ctx has none, and
// reads at most maxAuditAnswer bytes of the answer.
func (a *auditor) send(p probe) (answer, error) {
	ctx := a.ctx
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, auditTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, p.method, a.endpoint.String(), strings.NewReader(p.body))
	if err != nil {
		return answer{}, errorf(ErrAudit, "the request cannot be made: %v", err)
	}
	if p.ctype != "" {
		req.Header.Set("Content-Type", p.ctype)
	}
	req.Header.Set("Origin", a.cfg.probeOrigin)
	for k, v := range p.header {
		req.Header.Set(k, v)
	}
	resp, err := a.c.Do(req)
	if err != nil {
		return answer{}, errorf(ErrAudit, "%s got no answer: %v", p.name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAuditAnswer))
	if err != nil {
		return answer{}, errorf(ErrAudit, "%s: reading the answer: %v", p.name, err)
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		a.limited.Store(true)
	}
	return answer{resp.StatusCode, resp.Header, body}, nil
}

// token returns the "signature" string of a JSON answer.
func (ans answer) token() (string, bool) {
	var body struct {
		Signature json.RawMessage `json:"signature"`
	}
	var tok string
	if json.Unmarshal(ans.body, &body) != nil || json.Unmarshal(body.Signature, &tok) != nil || tok == "" {
		return "", false
	}
	return tok, true
}

// isJSONErrors reports whether the answer is a 4xx with a JSON body.
func (ans answer) isJSONErrors() bool {
	return ans.status >= 400 && ans.status < 500 && json.Valid(bytes.TrimSpace(ans.body))
}

// errorProperty reports whether a JSON errors answer names property, as
// the samples' {"errors":[{"property","reason"}]} does.
func (ans answer) errorProperty(property string) bool {
	var body struct {
		Errors []struct {
			Property string `json:"property"`
		} `json:"errors"`
	}
	if !ans.isJSONErrors() || json.Unmarshal(ans.body, &body) != nil {
		return false
	}
	for _, e := range body.Errors {
		if e.Property == property {
			return true
		}
	}
	return false
}

// refusedAccess reports whether the endpoint refused the caller: it is
// behind authentication or an allowlist.
func (ans answer) refusedAccess() bool {
	return ans.status == http.StatusUnauthorized || ans.status == http.StatusForbidden
}

// shown is how a minted token appears in a message: never whole.
func shown(token string) string {
	if len(token) <= 12 {
		return "…"
	}
	return token[:6] + "…" + token[len(token)-6:]
}

// requestBody is a valid request of the contract, with extra members.
func (a *auditor) requestBody(role int, extra string) string {
	if a.cfg.video {
		return fmt.Sprintf(`{"role":%d,"sessionName":%s%s}`, role, appendJSONString(nil, a.session()), extra)
	}
	return fmt.Sprintf(`{"meetingNumber":%q,"role":%d%s}`, a.meeting(), role, extra)
}

func (a *auditor) meeting() string {
	if a.cfg.meetingID != "" {
		return a.cfg.meetingID
	}
	return auditMeeting
}

func (a *auditor) session() string {
	if len(a.cfg.sessions) > 0 {
		return a.cfg.sessions[0]
	}
	return auditSession
}
