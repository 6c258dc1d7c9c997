package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

// TestIdleHalfOpenConnections: 500 connections that sent half a request
// head and went quiet do not stop a real request from being answered
// within the read-header timeout. The deadline is generous: nothing here
// depends on the machine's speed.
func TestIdleHalfOpenConnections(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	var stderr syncBuffer
	cfg, err := parseServe([]string{"--addr", "127.0.0.1:0"}, strings.NewReader(""), &stderr)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", cfg.addr)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, cfg) }()
	defer func() { cancel(); <-done }()

	var idle []net.Conn
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	for i := 0; i < 500; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		_, err = io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
		require.NoError(t, err)
		idle = append(idle, c)
	}
	start := time.Now()
	client := &http.Client{Timeout: 5 * time.Second} // the read-header timeout
	resp, err := client.Post("http://"+ln.Addr().String()+"/", "application/json", strings.NewReader(`{"meetingNumber":"85823272833","role":0}`))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	t.Logf("answered in %v beside 500 half-open connections", time.Since(start))
}

// TestGracefulShutdownUnderLoad: SIGTERM while requests are in flight.
// Every request the server accepted gets its whole answer, the process
// exits 0 within the shutdown timeout, and nothing is logged as a failure.
func TestGracefulShutdownUnderLoad(t *testing.T) {
	srv := startServe(t, buildBinary(t), []string{"ZOOM_SDK_KEY=" + testKey, "ZOOM_SDK_SECRET=" + testSecret})
	url := "http://" + srv.addr + "/"
	body := `{"meetingNumber":"85823272833","role":0}`

	// Slow clients: the request head now, the body after the signal.
	const slow = 20
	conns := make([]net.Conn, slow)
	for i := range conns {
		c, err := net.Dial("tcp", srv.addr)
		require.NoError(t, err)
		defer c.Close()
		fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
		conns[i] = c
	}
	// Fast clients: requests in a loop until the server stops taking them.
	var answered, refused atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &http.Client{Timeout: 15 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := c.Post(url, "application/json", strings.NewReader(body))
				if err != nil {
					refused.Add(1) // not accepted: the listener is closed
					time.Sleep(10 * time.Millisecond)
					continue
				}
				var got map[string]string
				err = json.NewDecoder(resp.Body).Decode(&got)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || got["signature"] == "" {
					t.Errorf("an accepted request got %d %v %v", resp.StatusCode, got, err)
					return
				}
				answered.Add(1)
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
	time.Sleep(200 * time.Millisecond)
	for _, c := range conns {
		_, err := io.WriteString(c, body)
		require.NoError(t, err)
	}
	for i, c := range conns {
		require.NoError(t, c.SetReadDeadline(time.Now().Add(15*time.Second)))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		require.NoError(t, err, "slow client %d", i)
		var got map[string]string
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
		require.Equal(t, 200, resp.StatusCode)
		_, err = zoomsig.VerifyJWT(got["signature"], testKey, testSecret)
		require.NoError(t, err, "a whole, valid token")
	}
	logs := srv.stop(t)
	require.Less(t, time.Since(start), shutdownTimeout+5*time.Second)
	close(stop)
	wg.Wait()
	require.Positive(t, answered.Load())
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		require.Equal(t, slog.LevelInfo.String(), rec["level"], "nothing logged as a failure: %s", line)
		if rec["msg"] == "request" {
			require.EqualValues(t, 200, rec["status"], line)
		}
	}
	t.Logf("%d answered under load, %d refused after the signal", answered.Load(), refused.Load())
}
