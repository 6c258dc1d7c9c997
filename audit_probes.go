package zoomsig

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The audit's probes, each turning what the endpoint answered into
// findings. What a weak endpoint does is what Zoom's samples do
// (zoom-notes §2 and §4.3): CORS open to every origin, host tokens for
// anyone, a token without a meeting for an empty or text/plain body, 48 h
// tokens on request, no rate limit.

// baseline sends a valid role-0 request: the one probe that must work for
// the endpoint to be audited at all.
func (a *auditor) baseline() error {
	p := probe{name: "a role 0 request", method: http.MethodPost, ctype: "application/json", body: a.requestBody(0, "")}
	ans, err := a.send(p)
	if err != nil {
		return err
	}
	a.cors(p, ans)
	switch {
	case ans.status == http.StatusTooManyRequests:
		a.refused = true
		a.d.add(CodeProbeRefused, "%s was answered 429: the endpoint limits requests, which is as it should be, and the audit sees only that; audit it again once its window has passed", p.name)
		return nil
	case ans.status == http.StatusForbidden && ans.errorProperty(a.probed()):
		return a.allowlisted(p, ans)
	case ans.refusedAccess():
		a.refused = true
		a.d.add(CodeProbeRefused, "%s was refused with %d: the endpoint is behind authentication or an allowlist, so the audit sees only its front door; that is no clean bill", p.name, ans.status)
		return nil
	case ans.status >= 300 && ans.status < 400:
		a.refused = true
		a.d.add(CodeErrorShape, "%s was answered with a redirect (%d to %q), which the audit does not follow: a redirect would carry a browser's request elsewhere", p.name, ans.status, clip(ans.header.Get("Location")))
		return nil
	}
	tok, ok := ans.token()
	switch {
	case ans.status == http.StatusOK && ok:
	case !a.cfg.video && ans.errorProperty("sessionName"):
		return errorf(ErrAudit, "%s was answered %d asking for \"sessionName\": this looks like a Video SDK endpoint: add --video (WithVideoEndpoint(true))", p.name, ans.status)
	case a.cfg.video && ans.errorProperty("meetingNumber"):
		return errorf(ErrAudit, "%s was answered %d asking for \"meetingNumber\": this looks like a Meeting SDK endpoint: leave out --video", p.name, ans.status)
	default:
		return errorf(ErrAudit, "%s was answered %d without a \"signature\": not a %s endpoint", p.name, ans.status, a.kind())
	}
	for _, f := range Diagnose(tok, "", "", a.diagnoseOptions()...) {
		if f.Code == CodeUnverified || (a.cfg.video && f.Code == CodeVideoSDKToken) {
			continue // the audit never holds the secret; a Video SDK endpoint should answer a Video SDK token
		}
		f.Message = "The token answered to " + p.name + " (" + shown(tok) + "): " + f.Message
		a.d.findings = append(a.d.findings, f)
	}
	return nil
}

// probed is the request member naming what the probes ask a token for.
func (a *auditor) probed() string {
	if a.cfg.video {
		return "sessionName"
	}
	return "meetingNumber"
}

// allowlisted is the error for an endpoint that refused the meeting (or
// session) probed, as an allowlist does (WithMeetings answers 403 naming
// "meetingNumber"): nothing more can be audited without one it signs for.
func (a *auditor) allowlisted(p probe, ans answer) error {
	flag, what, asked := "--meeting N (WithMeetingNumber)", "meeting", a.meeting()
	if a.cfg.video {
		flag, what, asked = "--session NAME (WithSessions)", "session", a.session()
	}
	given := a.cfg.meetingID != "" || (a.cfg.video && len(a.cfg.sessions) > 0)
	if given {
		return errorf(ErrAudit, "%s for %s %q was refused with %d on %q: the endpoint does not sign for it; give %s with a %s it signs for", p.name, what, clip(asked), ans.status, a.probed(), flag, what)
	}
	return errorf(ErrAudit, "%s was refused with %d on %q: the endpoint signs only for the %ss it lists, and refused every %s probed: give %s to audit it", p.name, ans.status, a.probed(), what, what, flag)
}

func (a *auditor) kind() string {
	if a.cfg.video {
		return "Video SDK"
	}
	return "Meeting SDK"
}

func (a *auditor) diagnoseOptions() []Option {
	opts := []Option{WithClock(a.cfg.clock)}
	if a.cfg.sdk.set {
		opts = append(opts, WithSDKVersion(a.cfg.sdk.text))
	}
	return opts
}

// probeAll runs the probes after the baseline.
func (a *auditor) probeAll() {
	a.plainHTTP()
	a.preflight()
	a.errorShape()
	if a.refused {
		return
	}
	a.hostToken()
	if !a.cfg.video {
		a.meetingless()
	}
	a.longLived()
	a.rateBurst()
}

// cors notes an answer that lets a foreign origin's browsers read it.
func (a *auditor) cors(p probe, ans answer) {
	allowed := ans.header.Get("Access-Control-Allow-Origin")
	if a.d.has(CodeOpenCORS) || (allowed != "*" && allowed != a.cfg.probeOrigin) {
		return
	}
	a.d.add(CodeOpenCORS, "%s from the foreign origin %s was answered with Access-Control-Allow-Origin: %s: any web page can fetch tokens from its visitors' browsers", p.name, a.cfg.probeOrigin, allowed)
}

func (a *auditor) plainHTTP() {
	if a.endpoint.Scheme == "http" && !isLoopback(a.endpoint.Hostname()) {
		a.d.add(CodePlainHTTP, "The endpoint is plain http on %s: tokens, and whatever authenticates the caller, cross the network in the clear", a.endpoint.Host)
	}
}

func (a *auditor) preflight() {
	p := probe{name: "a CORS preflight", method: http.MethodOptions,
		header: map[string]string{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}}
	if ans, err := a.send(p); err == nil {
		a.cors(p, ans)
	}
}

// errorShape sends bad input: the contract answers 4xx with JSON errors.
func (a *auditor) errorShape() {
	body := `{"meetingNumber":"x","role":7}`
	if a.cfg.video {
		body = `{"role":7}`
	}
	p := probe{name: "a request with bad input", method: http.MethodPost, ctype: "application/json", body: body}
	ans, err := a.send(p)
	switch {
	case err != nil, ans.isJSONErrors():
	case ans.status >= 300 && ans.status < 400:
		a.d.add(CodeErrorShape, "%s was answered with a redirect (%d), which the audit does not follow", p.name, ans.status)
	default:
		a.d.add(CodeErrorShape, "%s was answered %d with %q, not a 4xx with JSON errors: front ends cannot tell a refusal from a fault", p.name, ans.status, clip(ans.header.Get("Content-Type")))
	}
}

// signed sends p and returns the token of a 200 answer.
func (a *auditor) signed(p probe) (string, bool) {
	ans, err := a.send(p)
	if err != nil || ans.status != http.StatusOK {
		return "", false
	}
	return ans.token()
}

func (a *auditor) hostToken() {
	p := probe{name: "an anonymous role 1 request", method: http.MethodPost, ctype: "application/json", body: a.requestBody(1, "")}
	tok, ok := a.signed(p)
	if !ok || !a.isHostToken(tok) {
		return
	}
	what := "meeting"
	if a.cfg.video {
		what = "session"
	}
	a.d.add(CodeHostTokenOpen, "%s was signed (%s): a host token starts the %s as its host, and here anyone who can reach the endpoint gets one", p.name, shown(tok), what)
}

func (a *auditor) isHostToken(tok string) bool {
	if a.cfg.video {
		c, err := ParseVideoJWT(tok)
		return err == nil && c.Role == RoleHost
	}
	c, err := ParseJWT(tok)
	return err == nil && !c.Native && c.Role == RoleHost
}

// meetingless sends what Zoom's Meeting SDK sample signs without a meeting
// or a role: {}, an empty body, and text/plain (its body parser skips it).
func (a *auditor) meetingless() {
	for _, p := range []probe{
		{name: "a request of {}", method: http.MethodPost, ctype: "application/json", body: "{}"},
		{name: "an empty request", method: http.MethodPost, ctype: "application/json"},
		{name: "a text/plain request", method: http.MethodPost, ctype: "text/plain", body: a.requestBody(0, "")},
	} {
		tok, ok := a.signed(p)
		if !ok {
			continue
		}
		if c, err := ParseJWT(tok); err == nil && c.Native {
			a.d.add(CodeMeetinglessToken, "%s was signed without \"mn\" and \"role\" (%s): such a token fits any meeting of the account", p.name, shown(tok))
			return
		}
	}
}

// longLived asks for the longest lifetime Zoom allows.
func (a *auditor) longLived() {
	p := probe{name: "a request for expirationSeconds " + itoa(seconds(MaxExpiry)), method: http.MethodPost, ctype: "application/json",
		body: a.requestBody(0, `,"expirationSeconds":`+itoa(seconds(MaxExpiry)))}
	tok, ok := a.signed(p)
	if !ok {
		return
	}
	if life := a.lifetime(tok); life >= MaxExpiry {
		a.d.add(CodeLongLived, "%s was honoured (%s): any caller gets tokens that live %v", p.name, shown(tok), life)
	}
}

func (a *auditor) lifetime(tok string) time.Duration {
	if a.cfg.video {
		if c, err := ParseVideoJWT(tok); err == nil {
			return c.ExpiresAt.Sub(c.IssuedAt)
		}
		return 0
	}
	if c, err := ParseJWT(tok); err == nil {
		return c.ExpiresAt.Sub(c.IssuedAt)
	}
	return 0
}

// rateBurst sends the probe requests quickly; all answered 200 means no
// limit within that many.
func (a *auditor) rateBurst() {
	n := a.cfg.probeRequests
	if n <= 0 {
		return
	}
	p := probe{name: "a burst of " + strconv.Itoa(n) + " requests", method: http.MethodPost, ctype: "application/json", body: a.requestBody(0, "")}
	var mu sync.Mutex
	ok := 0
	var wg sync.WaitGroup
	jobs := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	for w := 0; w < min(burstWorkers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				if ans, err := a.send(p); err == nil && ans.status == http.StatusOK {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if ok == n && !a.limited.Load() { // a 429 to any probe is a working limit
		a.d.add(CodeNoRateLimit, "%s were all answered 200: no limit within %d requests, so anyone can mint tokens as fast as the endpoint signs", p.name, n)
	}
}
