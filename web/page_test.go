package web

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// The page's stable hooks, its secret field and what it must never do,
// checked on the files themselves (the browser cases in
// testdata/sdk/webpage.js check the page at work).
func TestPageHooks(t *testing.T) {
	html := read(t, "index.html")
	for _, hook := range []string{`<textarea id="signature"`, `<input id="key"`, `<input id="secret"`, `<input id="meeting"`,
		`<input id="session"`, `<input id="join-key"`, `<input id="password"`, `<input id="sdk"`, `<input id="at"`,
		`<svg id="timeline"`, `<ul id="findings" aria-live="polite"`, `<button id="clear-secret" type="button"`,
		`<link rel="icon" href="favicon.svg"`} {
		t.Run(hook, func(t *testing.T) { require.Contains(t, html, hook) })
	}
	require.Contains(t, html, `<input id="secret" type="password" autocomplete="new-password"`)
	for _, id := range regexp.MustCompile(`<(?:input|textarea) id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		require.Contains(t, html, `<label for="`+id[1]+`"`, "input %s has no label", id[1])
	}
	require.NotContains(t, html, "value=", "no input carries a value in the markup")
	require.Contains(t, html, staticMarker, "build.sh puts the static build's policies and engine there")
	require.Contains(t, read(t, "build.sh"), staticMarker)
	for _, name := range []string{"index.html", "app.js", "timeline.js", "style.css"} {
		src := read(t, name)
		for _, never := range []string{"localStorage", "sessionStorage", "document.cookie", "indexedDB", "innerHTML", "http://", "https://", "@import", "url("} {
			if never == "http://" && name == "timeline.js" {
				src = strings.ReplaceAll(src, "'http://www.w3.org/2000/svg'", "") // a namespace name, not a request
			}
			require.NotContains(t, src, never, "%s: %s", name, never)
		}
	}
	// Every file the page names is embedded; the static build adds its own.
	for _, ref := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		_, err := assets.ReadFile(ref[1])
		require.NoError(t, err, "index.html names %s", ref[1])
	}
}

const staticMarker = "<!-- static build: policies and WebAssembly engine -->"

// The timeline's rules are the library's: its window for exp, a legacy
// signature's lifetime, and no tolerance for an iat ahead of the clock.
func TestTimelineRules(t *testing.T) {
	m := regexp.MustCompile(`const RULES = \{ minExpiry: (\d+), maxExpiry: (\d+), legacyLifetime: (\d+), tolerance: (\d+) \}`).FindStringSubmatch(read(t, "timeline.js"))
	require.Len(t, m, 5, "timeline.js declares RULES")
	secs := func(s string) time.Duration {
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		return time.Duration(n) * time.Second
	}
	require.Equal(t, zoomsig.MinExpiry, secs(m[1]))
	require.Equal(t, zoomsig.MaxExpiry, secs(m[2]))
	require.Equal(t, zoomsig.DefaultMaxAge, secs(m[3]))
	tolerance := secs(m[4])
	for _, tt := range []struct {
		name  string
		ahead time.Duration
		want  bool
	}{
		{"iat at the tolerance", tolerance, false},
		{"iat a second beyond it", tolerance + time.Second, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleAttendee,
				zoomsig.WithClock(zoomsig.FixedClock(testAt.Add(tt.ahead))), zoomsig.WithBackdate(0))
			require.NoError(t, err)
			ahead := false
			for _, f := range zoomsig.Inspect(tok, testKey, testSecret, zoomsig.WithClock(zoomsig.FixedClock(testAt))).Findings {
				ahead = ahead || f.Code == zoomsig.CodeClockAhead
			}
			require.Equal(t, tt.want, ahead)
		})
	}
}
