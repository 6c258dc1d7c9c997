package redisstore

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// go-redis logs through one package-level logger of its own (to the
// standard log package by default); RouteLogs sends it into the caller's
// structured log.

// RouteLogs makes go-redis write its log lines to logger, as warnings
// with the text under "detail", every occurrence of each of redact (the
// password, say) replaced by REDACTED; a line the same as the one before
// within a minute is dropped. go-redis has one process-wide logger: this
// package sets it once, when it is loaded, to a router (clients dial in
// goroutines of their own, so setting it later would race with them), and
// RouteLogs points the router at logger; the last call wins. Until then
// the lines go to the standard log package, as go-redis's own would.
func RouteLogs(logger *slog.Logger, redact ...string) {
	routed.Store(&redisLog{logger: logger, redact: redact})
}

// routed is where the router sends go-redis's lines; nil: the standard log.
var routed atomic.Pointer[redisLog]

func init() { redis.SetLogger(router{}) }

// router is go-redis's logger for the whole process.
type router struct{}

// Printf implements go-redis's internal.Logging.
func (router) Printf(ctx context.Context, format string, v ...any) {
	if l := routed.Load(); l != nil {
		l.Printf(ctx, format, v...)
		return
	}
	log.Printf(format, v...)
}

// repeatAfter is how long an identical go-redis line stays dropped.
const repeatAfter = time.Minute

type redisLog struct {
	logger *slog.Logger
	redact []string

	mu   sync.Mutex
	last string
	at   time.Time
}

// Printf implements go-redis's internal.Logging.
func (l *redisLog) Printf(ctx context.Context, format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	for _, s := range l.redact {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "REDACTED")
		}
	}
	l.mu.Lock()
	repeat := msg == l.last && time.Since(l.at) < repeatAfter
	if !repeat {
		l.last, l.at = msg, time.Now()
	}
	l.mu.Unlock()
	if !repeat {
		l.logger.LogAttrs(ctx, slog.LevelWarn, "redis client", slog.String("detail", msg))
	}
}
