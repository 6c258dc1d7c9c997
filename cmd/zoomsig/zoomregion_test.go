package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

// TestAPIRegions: only an https origin on Zoom's own hosts (or loopback,
// when the OAuth URL is) may receive the bearer token; anything else is
// ignored with one warning.
func TestAPIRegions(t *testing.T) {
	var warnings []string
	r := &apiRegions{warn: func(m string) { warnings = append(warnings, m) }}
	for _, tt := range []struct{ raw, want string }{
		{"", zoomsig.DefaultZoomAPI},
		{"https://api.zoom.us", "https://api.zoom.us/v2"},
		{"https://api-eu.zoom.us/", "https://api-eu.zoom.us/v2"},
		{"https://API.ZoomGov.com", "https://API.ZoomGov.com/v2"},
		{"http://api-eu.zoom.us", zoomsig.DefaultZoomAPI},
		{"https://api.zoom.us.evil.example", zoomsig.DefaultZoomAPI},
		{"https://evilzoom.us", zoomsig.DefaultZoomAPI},
		{"https://api.zoom.us:8443", zoomsig.DefaultZoomAPI},
		{"https://user@api.zoom.us", zoomsig.DefaultZoomAPI},
		{"https://api.zoom.us/elsewhere", zoomsig.DefaultZoomAPI},
		{"http://127.0.0.1:9", zoomsig.DefaultZoomAPI},
		{"http://127.0.0.1:9", zoomsig.DefaultZoomAPI},
	} {
		require.Equal(t, tt.want, r.base(tt.raw), tt.raw)
	}
	require.Len(t, warnings, 7, "one warning per refused value: %v", warnings)
	require.Contains(t, warnings[0], "not an https URL on a host of zoom.us or zoomgov.com")
	r = &apiRegions{loopback: true}
	require.Equal(t, "http://127.0.0.1:9/v2", r.base("http://127.0.0.1:9"), "loopback OAuth (tests): loopback api_url")
}

// TestZoomClientAPIURL: without --zoom-api the token answer's api_url is
// the API base; with it, --zoom-api wins.
func TestZoomClientAPIURL(t *testing.T) {
	z := newFakeZoom(t)
	z.apiURL = z.srv.URL
	setS2S(t)
	c, err := newZoomClient(&zoomFlags{oauth: z.srv.URL + "/oauth/token", zakTTL: time.Hour})
	require.NoError(t, err)
	zak, err := c.zak(context.Background(), "host@example.com")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(zak, "zak-host@example.com"))
	_, api := z.counts()
	require.Equal(t, 1, api, "the call went to api_url")

	z.apiURL = "https://api-eu.zoom.us"
	c, err = newZoomClient(&zoomFlags{api: z.srv.URL + "/v2", oauth: z.srv.URL + "/oauth/token", zakTTL: time.Hour})
	require.NoError(t, err)
	_, err = c.zak(context.Background(), "host@example.com")
	require.NoError(t, err, "--zoom-api wins over api_url")
}
