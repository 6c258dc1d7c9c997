// Package redistest starts a redis-server of a test's own: Debian's
// package, on a free loopback port, with no persistence, stopped when the
// test ends. Without redis-server the test is skipped, unless
// ZOOMSIG_REQUIRE_REDIS=1 (CI), which makes that a failure.
package redistest

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a redis-server this package started.
type Server struct {
	// Addr is its HOST:PORT on loopback.
	Addr string

	t     testing.TB
	bin   string
	extra []string
	dir   string

	mu  sync.Mutex
	cmd *exec.Cmd
	out *bytes.Buffer
}

// Start runs redis-server with extra arguments (e.g. "--requirepass",
// "pw") and waits until it answers.
func Start(t testing.TB, extra ...string) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("ZOOMSIG_REQUIRE_REDIS") == "1" {
			t.Fatalf("redis-server is not installed and ZOOMSIG_REQUIRE_REDIS=1: apt-get install redis-server")
		}
		t.Skip("redis-server is not installed (apt-get install redis-server); ZOOMSIG_REQUIRE_REDIS=1 makes this a failure")
	}
	s := &Server{Addr: freePort(t), t: t, bin: bin, extra: extra, dir: t.TempDir()}
	s.start()
	t.Cleanup(s.Stop)
	return s
}

// URL is redis://Addr.
func (s *Server) URL() string { return "redis://" + s.Addr }

// Stop ends the server (SIGTERM, and waits); it may be started again.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	_ = s.cmd.Wait()
	s.cmd = nil
}

// Restart starts a stopped server again on the same port, empty.
func (s *Server) Restart() {
	s.Stop()
	s.start()
}

func (s *Server) start() {
	s.t.Helper()
	_, port, _ := net.SplitHostPort(s.Addr)
	args := append([]string{"--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", s.dir, "--daemonize", "no"}, s.extra...)
	cmd := exec.Command(s.bin, args...)
	out := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting redis-server: %v", err)
	}
	s.mu.Lock()
	s.cmd, s.out = cmd, out
	s.mu.Unlock()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if answers(s.Addr) {
			return
		}
	}
	s.Stop()
	s.t.Fatalf("redis-server did not answer on %s within 10 s:\n%s", s.Addr, out.String())
}

// answers reports whether a Redis answers PING at addr (PONG, or the
// NOAUTH error of one that wants a password).
func answers(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(500 * time.Millisecond))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && (strings.HasPrefix(line, "+PONG") || strings.HasPrefix(line, "-NOAUTH"))
}

// freePort finds a loopback port no one listens on.
func freePort(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer ln.Close()
	return "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// String names the server, for messages.
func (s *Server) String() string { return fmt.Sprintf("redis-server on %s", s.Addr) }
