package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLoopback(t *testing.T) {
	for _, tt := range []struct {
		addr, listen, name string
		ok                 bool
	}{
		{"127.0.0.1:0", "127.0.0.1:0", "", true},
		{"127.1.2.3:8080", "127.1.2.3:8080", "", true},
		{"[::1]:0", "[::1]:0", "", true},
		{"[0:0:0:0:0:0:0:1]:4000", "[::1]:4000", "", true},
		{"localhost:0", "127.0.0.1:0", "localhost", true},
		{"LocalHost:4000", "127.0.0.1:4000", "localhost", true},
		{"0.0.0.0:0", "", "", false},
		{":4000", "", "", false},
		{"[::]:0", "", "", false},
		{"192.168.1.10:4000", "", "", false},
		{"example.com:4000", "", "", false},
		{"localhost.example.com:4000", "", "", false},
		{"[::ffff:127.0.0.1]:0", "", "", false},
		{"[fe80::1%lo]:0", "", "", false},
		{"127.0.0.1", "", "", false},
		{"127.0.0.1:http", "", "", false},
		{"127.0.0.1:65536", "", "", false},
	} {
		t.Run(tt.addr, func(t *testing.T) {
			listen, name, err := loopback(tt.addr)
			if !tt.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.listen, listen)
			require.Equal(t, tt.name, name)
		})
	}
}

func TestOwnHosts(t *testing.T) {
	for _, tt := range []struct {
		addr, name string
		hosts      []string
		url        string
	}{
		{"127.0.0.1:4000", "", []string{"127.0.0.1:4000"}, "http://127.0.0.1:4000/"},
		{"127.0.0.1:4000", "localhost", []string{"127.0.0.1:4000", "localhost:4000"}, "http://127.0.0.1:4000/"}, // never localhost: it may open as [::1], another listener
		{"[::1]:4000", "", []string{"[::1]:4000"}, "http://[::1]:4000/"},
		{"127.0.0.1:80", "", []string{"127.0.0.1:80", "127.0.0.1"}, "http://127.0.0.1:80/"},
		{"[::1]:80", "", []string{"[::1]:80", "[::1]"}, "http://[::1]:80/"},
		{"127.0.0.1:80", "localhost", []string{"127.0.0.1:80", "localhost:80", "127.0.0.1", "localhost"}, "http://127.0.0.1:80/"},
	} {
		t.Run(tt.addr+" "+tt.name, func(t *testing.T) {
			hosts, url := ownHosts(tt.addr, tt.name)
			require.Equal(t, tt.hosts, hosts)
			require.Equal(t, tt.url, url)
		})
	}
}

func TestInspectWebUsage(t *testing.T) {
	clearEnv(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"any address", []string{"--web", "--addr", "0.0.0.0:4000"}, exitUsage, `inspect: --addr "0.0.0.0:4000": the page takes secrets, so it listens on loopback only`},
		{"all interfaces", []string{"--web", "--addr", ":4000"}, exitUsage, "loopback only"},
		{"a LAN address", []string{"--web", "--addr", "192.168.1.10:4000"}, exitUsage, "loopback only"},
		{"no port", []string{"--web", "--addr", "127.0.0.1"}, exitUsage, "not HOST:PORT"},
		{"--addr alone", []string{"--addr", "127.0.0.1:0"}, exitUsage, "inspect: --addr applies to --web only"},
		{"a signature too", []string{"--web", rubySig}, exitUsage, "--web takes the signature in the page"},
		{"other flags", []string{"--web", "--json", "--sdk", "web"}, exitUsage, "--json, --sdk would do nothing with --web"},
		{"cannot listen", []string{"--web", "--addr", busy.Addr().String()}, exitUnavailable, "address already in use"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runCmd(t, "", append([]string{"inspect"}, tt.args...)...)
			require.Equal(t, tt.code, r.code, r.stderr)
			require.Contains(t, r.stderr, tt.want)
			if tt.code == exitUsage {
				require.Contains(t, r.stderr, `Run "zoomsig inspect --help" for usage.`)
				require.NotContains(t, r.stderr, "flags:", "a usage error is not the whole help")
			}
		})
	}
}

// startInspector serves the page as inspect --web does, until the test
// ends; it returns the URL printed.
func startInspector(t *testing.T, name string, stderr io.Writer) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	done := make(chan error, 1)
	go func() { done <- serveInspector(ctx, ln, name, stdio{strings.NewReader(""), &stdout, stderr}) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	url := regexp.MustCompile(`http://\S+/`)
	require.Eventually(t, func() bool { return url.MatchString(stdout.String()) }, 5*time.Second, 5*time.Millisecond)
	return url.FindString(stdout.String())
}

// POST /inspect answers exactly what inspect --json prints for the same
// inputs; the log holds no body.
func TestInspectWebAnswersAsInspectJSON(t *testing.T) {
	clearEnv(t)
	secretFile := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(testSecret+"\n"), 0o600))
	var stderr syncBuffer
	base := startInspector(t, "", &stderr)
	require.Regexp(t, `^http://127\.0\.0\.1:\d+/$`, base)
	const at = "2020-07-25T00:30:00Z"
	for _, tt := range []struct {
		name string
		args []string
		req  map[string]string
	}{
		{"the seed signature", []string{"--at", at, "--key", testKey, rubySig}, map[string]string{"signature": rubySig, "key": testKey, "at": at}},
		{"with credentials and a join call", []string{"--at", at, "--key", testKey, "--secret-file", secretFile, "--meeting", "85823272834", "--sdk", "web@2.18.0", "--password", "s3cr3t-pass-12", rubySig},
			map[string]string{"signature": rubySig, "key": testKey, "secret": testSecret, "at": at, "meetingNumber": "85823272834", "sdk": "web@2.18.0", "password": "s3cr3t-pass-12"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cli := runCmd(t, "", append([]string{"inspect", "--json"}, tt.args...)...)
			body, err := json.Marshal(tt.req)
			require.NoError(t, err)
			status, header, got := post(t, base+"inspect", string(body))
			require.Equal(t, http.StatusOK, status, got)
			require.Equal(t, "application/json; charset=utf-8", header.Get("Content-Type"))
			require.Equal(t, "no-store", header.Get("Cache-Control"))
			require.Equal(t, cli.stdout, got)
		})
	}
	resp, err := http.Get(base)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "default-src 'self'; frame-ancestors 'none'", resp.Header.Get("Content-Security-Policy"))
	for _, secret := range []string{testSecret, rubySig, "s3cr3t-pass-12"} {
		require.NotContains(t, stderr.String(), secret)
	}
	require.Contains(t, stderr.String(), `"msg":"request","method":"POST","path":"/inspect","status":200`)
}

// Opened as localhost, it answers to localhost and to its address, and
// to nothing else.
func TestInspectWebHosts(t *testing.T) {
	base := startInspector(t, "localhost", io.Discard)
	require.Regexp(t, `^http://127\.0\.0\.1:\d+/$`, base, "the URL names the address listened on: localhost may open as [::1], another listener")
	port := strings.TrimSuffix(base[strings.LastIndexByte(base, ':')+1:], "/")
	for _, tt := range []struct {
		host string
		want int
	}{
		{"localhost:" + port, http.StatusOK},
		{"127.0.0.1:" + port, http.StatusOK},
		{"rebound.example:" + port, http.StatusMisdirectedRequest},
		{"localhost", http.StatusMisdirectedRequest},
	} {
		t.Run(tt.host, func(t *testing.T) {
			req, err := http.NewRequest("GET", "http://127.0.0.1:"+port+"/", nil)
			require.NoError(t, err)
			req.Host = tt.host
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, tt.want, resp.StatusCode)
		})
	}
}
