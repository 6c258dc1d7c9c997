package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAuditBinary: zoomsig audit against zoomsig serve, both the built
// binary: safe by default (no error, exit 0), opened up (exit 1 with
// exactly what was opened).
func TestAuditBinary(t *testing.T) {
	bin := buildBinary(t)
	env := []string{"ZOOM_SDK_KEY=" + testKey, "ZOOM_SDK_SECRET=" + testSecret}
	safe := startServe(t, bin, env)
	r := runCmd(t, "", "audit", "--probe-requests", "20", "http://"+safe.addr+"/")
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	require.Contains(t, r.stdout, "warning no-rate-limit: a burst of 20 requests were all answered 200")
	require.Contains(t, r.stdout, "no error: nothing an attacker or Zoom would hold against this endpoint")

	open := startServe(t, bin, env, "--allow-origin", "*", "--allow-host")
	r = runCmd(t, "", "audit", "--json", "--probe-requests", "0", "http://"+open.addr+"/")
	require.Equal(t, exitFailed, r.code, r.stdout)
	var got struct {
		Format   string
		Fields   map[string]string
		Findings []struct{ Code, Severity, Message, Fix string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
	require.Equal(t, "Meeting SDK signature endpoint", got.Format)
	var errs []string
	for _, f := range got.Findings {
		if f.Severity == "error" {
			errs = append(errs, f.Code)
		}
	}
	require.ElementsMatch(t, []string{"open-cors", "host-token-open"}, errs)

	limited := startServe(t, bin, env, "--video", "--rate-limit", "5")
	r = runCmd(t, "", "audit", "--video", "--session", "daily standup", "--probe-requests", "30", "http://"+limited.addr+"/")
	require.Equal(t, exitOK, r.code, r.stdout)
	require.NotContains(t, r.stdout, "no-rate-limit", "a limited endpoint answers 429 within the burst")
	listed := startServe(t, bin, env, "--meeting", "123456789")
	r = runCmd(t, "", "audit", "--probe-requests", "0", "http://"+listed.addr+"/")
	require.Equal(t, exitUnavailable, r.code, r.stdout+r.stderr)
	require.Contains(t, r.stderr, "refused every meeting probed: give --meeting N (WithMeetingNumber) to audit it")
	r = runCmd(t, "", "audit", "--probe-requests", "0", "--meeting", "123456789", "http://"+listed.addr+"/")
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	for _, s := range []*served{safe, open, limited, listed} {
		s.stop(t)
	}
}

func TestAuditUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"audit"}, "audit: the endpoint's URL is needed\nRun \"zoomsig audit --help\" for usage."},
		{[]string{"audit", "U1", "U2"}, "audit: 2 arguments given, at most 1 taken"},
		{[]string{"audit", "--video", "--meeting", "85823272833", "http://127.0.0.1:1/"}, "--meeting does not apply to --video"},
		{[]string{"audit", "--session", "s", "http://127.0.0.1:1/"}, "--session applies to --video only"},
		{[]string{"audit", "--origin", "nope", "http://127.0.0.1:1/"}, "probe origin"},
		{[]string{"audit", "ftp://example.com/"}, "not an http(s) URL"},
	} {
		r := runCmd(t, "", tt.args...)
		require.Equal(t, exitUsage, r.code, tt.args)
		require.True(t, strings.Contains(r.stderr, tt.want), "%v: %s", tt.args, r.stderr)
	}
}

// TestAuditRefusedIsNoCleanBill: an endpoint that refuses the audit at
// its door exits 0 (no error found) without saying it is clean.
func TestAuditRefusedIsNoCleanBill(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	r := runCmd(t, "", "audit", "--probe-requests", "0", srv.URL+"/")
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	require.Contains(t, r.stdout, "probe-refused")
	require.Contains(t, r.stdout, "this is no clean bill")
	require.NotContains(t, r.stdout, "nothing an attacker or Zoom would hold against this endpoint")
}
