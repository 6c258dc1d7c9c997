// Command floor is the physical yardstick for zoomsig serve: Go's own
// net/http answering the same request with a fixed JSON body of the same
// size, with no JSON parsing, no signing and no logging. compare.sh runs
// wrk against both.
//
//	go run ./testdata/load/floor -size 400
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

func main() {
	size := flag.Int("size", 400, "bytes of the fixed answer, newline included")
	addr := flag.String("addr", "127.0.0.1:0", "listen on `HOST:PORT`")
	flag.Parse()
	body := append([]byte(`{"signature":"`), bytes.Repeat([]byte("x"), max(0, *size-len(`{"signature":""}`)-1))...)
	body = append(body, "\"}\n"...)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().String())
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			_, _ = w.Write(body)
		}),
		ReadHeaderTimeout: 5 * time.Second,
	}
	_ = srv.Serve(ln)
}
