package zoomsig

import (
	"fmt"
	"net/http"
	"time"
)

// Option configures a call. One Option type serves every function of the
// package; passing an option to a function it does not apply to makes that
// call return an error wrapping [ErrInvalidOption], so a misplaced setting is
// never silently ignored. A nil Option is skipped.
type Option func(*config)

// optID names one option, as a bit in config.set.
type optID uint16

const (
	optClock optID = 1 << iota
	optBackdate
	optDialect
	optLeeway
	optMaxAge
	optExpiry
	optVideoWebRTCMode
	optAllowedOrigins
	optAllowHost
	optMeetings
	optAuthorize
)

var optNames = [...]string{"WithClock", "WithBackdate", "WithDialect", "WithLeeway", "WithMaxAge", "WithExpiry", "WithVideoWebRTCMode",
	"WithAllowedOrigins", "WithAllowHost", "WithMeetings", "WithAuthorize"}

// String names the lowest option in id.
func (id optID) String() string {
	for i, name := range optNames {
		if id&(1<<i) != 0 {
			return name
		}
	}
	return "unknown option"
}

// Defaults, each documented on its option.
const (
	DefaultBackdate = 30 * time.Second
	DefaultMaxAge   = 24 * time.Hour
	DefaultExpiry   = 2 * time.Hour
	MinExpiry       = 30 * time.Minute
	MaxExpiry       = 48 * time.Hour
)

type config struct {
	set      optID
	err      error
	clock    Clock
	backdate time.Duration
	dialect  Dialect
	leeway   time.Duration
	maxAge   time.Duration
	expiry   time.Duration
	webrtc   int

	origins   []string
	allowHost bool
	meetings  []string
	authorize func(*http.Request, SignRequest) error
}

func defaultConfig() config {
	return config{backdate: DefaultBackdate, maxAge: DefaultMaxAge, expiry: DefaultExpiry, webrtc: -1}
}

// apply runs opts over c and checks each one is allowed for the caller.
func (c *config) apply(caller string, allowed optID, opts []Option) error {
	for _, o := range opts {
		if o == nil {
			continue
		}
		o(c)
		if c.err != nil {
			return c.err
		}
		if extra := c.set &^ allowed; extra != 0 {
			return fmt.Errorf("zoomsig: %w: %v does not apply to %s", ErrInvalidOption, extra, caller)
		}
	}
	return nil
}

func (c *config) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("zoomsig: %w: "+format, append([]any{ErrInvalidOption}, args...)...)
	}
}

// WithClock sets the clock the call reads the current time from. The
// default (and a nil Clock) is the system clock. Applies to every function
// that reads the time.
func WithClock(c Clock) Option {
	return func(cfg *config) { cfg.set |= optClock; cfg.clock = c }
}

// WithBackdate sets how far before the current time a signature is dated.
// The default, [DefaultBackdate] (30 s), is what every Zoom sample uses: Zoom
// refuses a timestamp in its future, and the signing server's clock may run a
// little ahead of Zoom's. Zero dates the signature at the current time. It
// must be non-negative, whole milliseconds, and at most one hour. For JWTs it
// must also be whole seconds. Applies to Generate, NewSigner, GenerateJWT and
// SignJWT.
func WithBackdate(d time.Duration) Option {
	return func(cfg *config) {
		cfg.set |= optBackdate
		switch {
		case d < 0 || d > time.Hour:
			cfg.fail("backdate %v is outside 0..1h", d)
		case d%time.Millisecond != 0:
			cfg.fail("backdate %v is not whole milliseconds", d)
		}
		cfg.backdate = d
	}
}

// WithDialect chooses which Zoom sample's output a legacy signature
// reproduces. The default is [DialectStandard]. Applies to Generate and
// NewSigner.
func WithDialect(d Dialect) Option {
	return func(cfg *config) {
		cfg.set |= optDialect
		if !d.valid() {
			cfg.fail("unknown dialect %d", int(d))
		}
		cfg.dialect = d
	}
}

// WithLeeway sets how far in the future a timestamp (or JWT iat) may lie
// and still be accepted, to absorb clock skew between signer and verifier.
// The default is zero, as Zoom allows no skew. It must be non-negative and
// at most one hour. Applies to Verify, VerifyJWT and Diagnose.
func WithLeeway(d time.Duration) Option {
	return func(cfg *config) {
		cfg.set |= optLeeway
		if d < 0 || d > time.Hour {
			cfg.fail("leeway %v is outside 0..1h", d)
		}
		cfg.leeway = d
	}
}

// WithMaxAge sets the lifetime of a legacy signature: it is expired once
// its timestamp is this old. The default, [DefaultMaxAge] (24 h), is the
// lifetime Zoom's servers were observed to enforce. It must be positive.
// Applies to Verify and Diagnose.
func WithMaxAge(d time.Duration) Option {
	return func(cfg *config) {
		cfg.set |= optMaxAge
		if d <= 0 {
			cfg.fail("max age %v is not positive", d)
		}
		cfg.maxAge = d
	}
}
