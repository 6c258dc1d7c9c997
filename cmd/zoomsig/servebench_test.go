package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkServe: requests through serve's whole stack (routes, logging,
// the handler) over loopback HTTP/1.1 keep-alive.
func BenchmarkServe(b *testing.B) {
	b.Setenv("ZOOM_SDK_KEY", testKey)
	b.Setenv("ZOOM_SDK_SECRET", testSecret)
	var stderr bytes.Buffer
	cfg, err := parseServe(nil, strings.NewReader(""), &stderr)
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg.logger, cfg.logs, cfg.logOut = slog.New(slog.NewJSONHandler(io.Discard, nil)), nil, io.Discard
	go serve(ctx, ln, cfg)
	url := "http://" + ln.Addr().String() + "/"
	body := []byte(`{"meetingNumber":"85823272833","role":0}`)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c := &http.Client{}
		for pb.Next() {
			resp, err := c.Post(url, "application/json", bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
