package main

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// logWriter buffers serve's log so that the one line per request costs no
// write system call of its own: lines are flushed every flushEvery, when
// the buffer fills, and by Flush (after "listening", at shutdown).
type logWriter struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

const flushEvery = 100 * time.Millisecond

func newLogWriter(w io.Writer) *logWriter {
	l := &logWriter{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go l.loop()
	return l
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Flush writes out what is buffered.
func (l *logWriter) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	_ = l.w.Flush()
}

// Close flushes and stops the flushing loop.
func (l *logWriter) Close() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
		<-l.done
	}
	l.Flush()
}

func (l *logWriter) loop() {
	defer close(l.done)
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			l.Flush()
		case <-l.stop:
			return
		}
	}
}
