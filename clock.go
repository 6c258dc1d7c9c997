package zoomsig

import "time"

// Clock is the single source of time for the package. Every function that
// reads the current time takes a Clock through [WithClock]; a nil Clock
// means the system clock. Any type with a Now method fits, including the
// fake clocks of common testing libraries.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts an ordinary function, such as time.Now, to a [Clock].
type ClockFunc func() time.Time

// Now calls f. A nil ClockFunc reads the system clock.
func (f ClockFunc) Now() time.Time {
	if f == nil {
		return time.Now()
	}
	return f()
}

// FixedClock returns a [Clock] that always reports t. It is meant for tests
// and for reproducing a signature made at a known instant.
func FixedClock(t time.Time) Clock {
	return fixedClock{t}
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// now is the one place the package turns a Clock into an instant.
func now(c Clock) time.Time {
	if c == nil {
		return time.Now()
	}
	return c.Now()
}
