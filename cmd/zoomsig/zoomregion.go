package main

import (
	"net"
	"net/url"
	"strings"
	"sync"

	"github.com/zoomsig/zoomsig"
)

// Zoom's S2S token answer may name the account's regional API host in
// api_url ("https://api-eu.zoom.us"; zoom-notes §4.2): serve and token use
// it when --zoom-api is not given. The answer must not be able to send the
// bearer token anywhere else, so only Zoom's own hosts are taken.

// zoomDomains are the domains whose hosts may serve Zoom's API: Zoom's,
// and Zoom for Government's.
var zoomDomains = []string{"zoom.us", "zoomgov.com"}

// apiRegions turns api_url values into API bases, warning once for each
// value it will not use.
type apiRegions struct {
	loopback bool         // the OAuth URL is on loopback (tests): so may api_url be
	warn     func(string) // nil: say nothing

	mu     sync.Mutex
	warned map[string]bool
}

// base is raw's API base ("https://api-eu.zoom.us" + "/v2") when raw is
// https on a Zoom host (or on loopback, when the OAuth URL is), else the
// default, with one warning per refused value.
func (r *apiRegions) base(raw string) string {
	if raw == "" {
		return zoomsig.DefaultZoomAPI
	}
	if r.isZoomAPI(raw) {
		return strings.TrimSuffix(raw, "/") + "/v2"
	}
	r.mu.Lock()
	first := !r.warned[raw]
	if r.warned == nil {
		r.warned = map[string]bool{}
	}
	r.warned[raw] = true
	r.mu.Unlock()
	if first && r.warn != nil {
		r.warn("Zoom's OAuth answer names api_url " + clipArg(raw) + ", which is not an https URL on a host of " + strings.Join(zoomDomains, " or ") + ": ignored, calling " + zoomsig.DefaultZoomAPI)
	}
	return zoomsig.DefaultZoomAPI
}

// isZoomAPI reports whether raw is a bare origin fit to receive the bearer
// token.
func (r *apiRegions) isZoomAPI(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if r.loopback && isLoopbackURL(raw) {
		return true
	}
	if u.Scheme != "https" || u.Port() != "" {
		return false
	}
	for _, d := range zoomDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// isLoopbackURL reports whether raw is an http(s) URL on a loopback host.
func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())
}
