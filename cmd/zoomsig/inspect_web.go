package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zoomsig/zoomsig/web"
)

// inspect --web: the inspector page, served on loopback alone. The page
// takes secrets, so it never listens where another machine could reach
// it, and answers only requests naming its own address (web.Handler).

// defaultWebAddr lets the system pick a free loopback port.
const defaultWebAddr = "127.0.0.1:0"

// errNotLoopback refuses an --addr another machine could reach.
var errNotLoopback = errors.New("the page takes secrets, so it listens on loopback only: 127.0.0.0/8, [::1] or localhost (default " + defaultWebAddr + ")")

// runInspectWeb checks that --web stands alone and its address is
// loopback (else a usage error), listens (else exit 3) and serves until
// interrupted.
func runInspectWeb(fs *flag.FlagSet, pos []string, f *inspectFlags, io stdio) error {
	if !*f.web {
		return usageOf(fs, "--addr applies to --web only")
	}
	if len(pos) > 0 {
		return usageOf(fs, "--web takes the signature in the page, not as an argument")
	}
	var other []string
	fs.Visit(func(fl *flag.Flag) {
		if fl.Name != "web" && fl.Name != "addr" {
			other = append(other, "--"+fl.Name)
		}
	})
	if len(other) > 0 {
		return usageOf(fs, "%s would do nothing with --web: the page takes every input", strings.Join(other, ", "))
	}
	listen, name, err := loopback(*f.addr)
	if err != nil {
		return usageOf(fs, "--addr %q: %v", clipArg(*f.addr), err)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return unavailable(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveInspector(ctx, ln, name, io)
}

// loopback checks an --addr: a loopback host and a port. It returns the
// address to listen on and, for localhost, the name the page is opened
// by. localhost is listened on as 127.0.0.1, whatever a resolver says.
func loopback(addr string) (listen, name string, err error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", "", errors.New("not HOST:PORT, e.g. " + defaultWebAddr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", "", errors.New("the port is not a number from 0 to 65535")
	}
	if strings.EqualFold(host, "localhost") {
		return net.JoinHostPort("127.0.0.1", port), "localhost", nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || ip.Zone() != "" || !(ip.Is4() && ip.IsLoopback() || ip == netip.IPv6Loopback()) {
		return "", "", errNotLoopback
	}
	return net.JoinHostPort(ip.String(), port), "", nil
}

// ownHosts are the Host values that name a server listening on addr and
// opened as name (localhost) when given, and the page's URL (on addr).
func ownHosts(addr, name string) (hosts []string, url string) {
	_, port, _ := net.SplitHostPort(addr)
	hosts = []string{addr}
	if name != "" {
		hosts = append(hosts, net.JoinHostPort(name, port))
	}
	// The URL names the address listened on, never localhost: a browser may
	// open localhost as [::1], where another process could be listening
	// and would be handed what the page takes, the secret included.
	url = "http://" + addr + "/"
	if port == "80" { // a browser leaves the default port out of Host
		for _, h := range hosts {
			hosts = append(hosts, strings.TrimSuffix(h, ":80"))
		}
	}
	return hosts, url
}

// serveInspector serves the page on ln until ctx is done. The server
// answers to its address, and to name (localhost) when one was given.
// It prints the page's URL on stdout and logs one JSON line per request
// on stderr, without bodies.
func serveInspector(ctx context.Context, ln net.Listener, name string, io stdio) error {
	addr := ln.Addr().String()
	hosts, url := ownHosts(addr, name)
	logger := slog.New(slog.NewJSONHandler(io.errOut, nil))
	srv := httpServer(web.Handler(hosts, logger, time.Now), logger)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(io.out, "zoomsig inspect: the inspector is at %s (loopback only; Ctrl-C stops it)\n", url)
	logger.Info("listening", "addr", addr, "url", url)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		err = cmp.Or(err, serveErr)
	}
	return err
}
