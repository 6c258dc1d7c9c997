package redisstore

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// go-redis logs through one package-level logger of its own (to the
// standard log package by default); RouteLogs sends it into the caller's
// structured log.

// RouteLogs makes go-redis write its log lines to logger, as warnings
// with the text under "detail", every occurrence of each of redact (the
// password, say) replaced by REDACTED; a line the same as the one before
// within a minute is dropped. It sets go-redis's process-wide logger
// (redis.SetLogger): call it once, at start-up.
func RouteLogs(logger *slog.Logger, redact ...string) {
	redis.SetLogger(&redisLog{logger: logger, redact: redact})
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
