package main

import (
	"encoding/json"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRequestLine: the hand-written line is the JSON slog would write,
// whatever the client puts in the path or the Origin header.
func TestRequestLine(t *testing.T) {
	for _, origin := range []string{"", "https://app.example.com", "a\"b\\c\x01\n\x7f", "\xff\xfe bad utf-8 é", strings.Repeat("o", 1000)} {
		r := httptest.NewRequest("POST", "/", nil)
		r.Header.Set("Origin", origin)
		start := time.Now().Add(-1500 * time.Microsecond)
		line := appendRequestLine(nil, start, r, 403, netip.MustParseAddr("2001:db8::7"))
		require.True(t, strings.HasSuffix(string(line), "}\n"))
		var rec map[string]any
		require.NoError(t, json.Unmarshal(line, &rec), "%q", line)
		require.Equal(t, "request", rec["msg"])
		require.Equal(t, "INFO", rec["level"])
		require.Equal(t, "POST", rec["method"])
		require.EqualValues(t, 403, rec["status"])
		require.GreaterOrEqual(t, rec["latency_ms"].(float64), 1.5)
		require.Less(t, rec["latency_ms"].(float64), 1000.0, "milliseconds, not nanoseconds")
		require.Equal(t, "2001:db8::7", rec["client"])
		require.LessOrEqual(t, len(rec["origin"].(string)), maxLogField+2)
		_, err := time.Parse(time.RFC3339Nano, rec["time"].(string))
		require.NoError(t, err)
	}
	var rec map[string]any
	require.NoError(t, json.Unmarshal(appendRequestLine(nil, time.Now(), httptest.NewRequest("GET", "/x", nil), 0, netip.Addr{}), &rec))
	require.Equal(t, "client went away", rec["msg"])
	require.Equal(t, "", rec["client"], "no address: an empty client, never a made-up one")
}
