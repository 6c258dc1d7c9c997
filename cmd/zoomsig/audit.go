package main

import (
	"context"
	"errors"
	"strconv"

	"github.com/zoomsig/zoomsig"
	"github.com/zoomsig/zoomsig/internal/inspectjson"
)

const auditUsage = `audit [--video] [--origin ORIGIN] [--probe-requests N] [--meeting N | --session NAME] [--sdk VERSION] [--json] URL

Probes a deployed signature endpoint (a Meeting SDK one, or with --video a
Video SDK one) through its public contract, as an attacker and as Zoom
would, and says what is wrong: open CORS, host tokens for anyone, tokens
without a meeting, long lifetimes, no rate limit, plain http, the shape of
its errors, and what Diagnose finds in the token it answers. Audit only
endpoints you may test: it sends a burst of requests. Exit status: 0 when
no error-level finding, 1 when any, 2 for usage errors, 3 for an endpoint
that could not be audited: unreachable, not answering as an endpoint, or
refusing every meeting (session) probed, when --meeting (--session) names
one it signs for.`

func runAudit(args []string, io stdio) error {
	fs := newFlagSet("audit", auditUsage, io.errOut)
	video := fs.Bool("video", false, "audit a Video SDK endpoint (Zoom's videosdk-auth-endpoint-sample contract)")
	origin := fs.String("origin", zoomsig.DefaultProbeOrigin, "the foreign `ORIGIN` the probes claim to come from")
	n := fs.Int("probe-requests", zoomsig.DefaultProbeRequests, "requests in the rate probe's burst; 0 skips it")
	meeting := fs.String("meeting", "", "the meeting `N` the probes ask for")
	session := fs.String("session", "", "with --video, the session `NAME` the probes ask for")
	sdk := fs.String("sdk", "", "judge the endpoint's token for Web SDK `VERSION`")
	asJSON := fs.Bool("json", false, "print one JSON object: format, fields, findings")
	pos, err := parseFlags(fs, args)
	if err == nil {
		err = wantArgs(fs, pos, 1, 1)
	}
	if err != nil {
		return err
	}
	switch {
	case *video && *meeting != "":
		return usageError("--meeting does not apply to --video: use --session")
	case !*video && *session != "":
		return usageError("--session applies to --video only")
	}
	opts := []zoomsig.Option{zoomsig.WithVideoEndpoint(*video), zoomsig.WithProbeOrigin(*origin), zoomsig.WithProbeRequests(*n)}
	for _, o := range []struct {
		set bool
		opt zoomsig.Option
	}{{*meeting != "", zoomsig.WithMeetingNumber(*meeting)}, {*session != "", zoomsig.WithSessions(*session)}, {*sdk != "", zoomsig.WithSDKVersion(*sdk)}} {
		if o.set {
			opts = append(opts, o.opt)
		}
	}
	findings, err := zoomsig.Audit(context.Background(), nil, pos[0], opts...)
	switch {
	case errors.Is(err, zoomsig.ErrInvalidOption):
		return asUsage(err)
	case err != nil:
		return unavailable(err) // unreachable, or not answering as an endpoint
	}
	return auditReport(pos[0], *video, *n, findings).finish(io, *asJSON)
}

func auditReport(url string, video bool, n int, findings []zoomsig.Finding) *report {
	r := &report{Report: &inspectjson.Report{Format: "Meeting SDK signature endpoint", Fields: inspectjson.Fields{}, Findings: findings},
		clean: "no error: nothing an attacker or Zoom would hold against this endpoint, as far as the probes can tell"}
	if video {
		r.Format = "Video SDK signature endpoint"
	}
	if r.Findings == nil {
		r.Findings = []zoomsig.Finding{}
	}
	for _, f := range findings {
		if f.Code == zoomsig.CodeProbeRefused {
			r.clean = "no error found, but the endpoint refused the audit at its door (probe-refused): this is no clean bill"
		}
	}
	r.Add("url", url)
	r.Add("rate probe", strconv.Itoa(n)+" requests")
	return r
}

// finish writes the report and picks the exit status.
func (r *report) finish(io stdio, asJSON bool) error {
	if err := r.write(io.out, asJSON); err != nil {
		return err
	}
	if r.HasError() {
		return exitWith(exitFailed)
	}
	return nil
}
