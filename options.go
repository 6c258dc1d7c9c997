package zoomsig

import (
	"fmt"
	"net/http"
	"time"
)

// Option configures a call. One Option type serves every function of the
// package; passing an option to a function it does not apply to makes that
// call return an error wrapping [ErrInvalidOption] (Diagnose: an
// invalid-option finding), so a misplaced setting is never silently
// ignored. A nil Option is skipped. Each option's doc ends with the
// functions it applies to; a test holds those lists to what the functions
// accept.
type Option func(*config)

// optID names one option, as a bit in config.set.
type optID uint32

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
	optSessions
	optAuthorizeVideo
	optZoomAPI
	optTokenTTL
	optMeetingNumber
	optJoinTokens
	optSDKKeyClaim
	optSDKVersion
	optVideoEndpoint
	optProbeOrigin
	optProbeRequests
	optJoinCall
	optMaxExpiry
)

var optNames = [...]string{"WithClock", "WithBackdate", "WithDialect", "WithLeeway", "WithMaxAge", "WithExpiry", "WithVideoWebRTCMode",
	"WithAllowedOrigins", "WithAllowHost", "WithMeetings", "WithAuthorize", "WithSessions", "WithAuthorizeVideo",
	"WithZoomAPI", "WithTokenTTL", "WithMeetingNumber", "WithJoinTokens", "WithSDKKeyClaim", "WithSDKVersion",
	"WithVideoEndpoint", "WithProbeOrigin", "WithProbeRequests", "WithJoinCall", "WithMaxExpiry"}

// String names the lowest option in id.
func (id optID) String() string {
	for i, name := range optNames {
		if id&(1<<i) != 0 {
			return name
		}
	}
	return "unknown option"
}

// The options each function accepts: the one place that says so.
const (
	forNewSigner = optClock | optBackdate | optDialect | optExpiry | optVideoWebRTCMode | optSDKKeyClaim
	forGenerate  = optClock | optBackdate | optDialect
	forJWT       = optClock | optBackdate | optExpiry | optVideoWebRTCMode | optSDKKeyClaim // GenerateJWT, SignJWT and the native forms
	forVideoJWT  = optClock | optBackdate | optExpiry                                       // GenerateVideoJWT, SignVideoJWT
	forVerify    = optClock | optLeeway | optMaxAge                                         // Verify
	forVerifyJWT = optClock | optLeeway                                                     // VerifyJWT, VerifyVideoJWT
	forDiagnose  = optClock | optLeeway | optMaxAge | optSDKVersion | optJoinCall           // Diagnose, Inspect
	forHandler   = optClock | optBackdate | optExpiry | optMaxExpiry | optAllowedOrigins | optAllowHost | optMeetings | optAuthorize | optJoinTokens | optSDKKeyClaim

	forVideoHandler   = optClock | optBackdate | optExpiry | optMaxExpiry | optAllowedOrigins | optAllowHost | optSessions | optAuthorizeVideo
	forFetchUserToken = optZoomAPI | optTokenTTL | optMeetingNumber
	forAudit          = optVideoEndpoint | optProbeOrigin | optProbeRequests | optMeetingNumber | optSessions | optSDKVersion | optClock
)

// settings is every value an option sets: a Signer holds one, a per-call
// override copies it and applies its options, a one-shot call starts from
// the defaults.
type settings struct {
	clock    Clock
	backdate time.Duration
	dialect  Dialect
	leeway   time.Duration
	maxAge   time.Duration
	expiry   time.Duration
	maxLife  time.Duration // the longest lifetime a handler signs when asked (WithMaxExpiry)
	webrtc   int           // -1: the claim is absent

	omitSDKKey bool       // Meeting SDK JWTs without "sdkKey" (WithSDKKeyClaim(false))
	sdk        sdkVersion // the SDK Diagnose judges for
	join       *JoinCall  // what the page passed to join(), for Diagnose

	video         bool // Audit: a Video SDK endpoint
	probeOrigin   string
	probeRequests int

	origins   []string
	allowHost bool
	meetings  []string
	authorize func(*http.Request, SignRequest) error

	sessions       []string
	authorizeVideo func(*http.Request, VideoToken) error

	zoomAPI    string
	tokenTTL   time.Duration
	meetingID  string
	joinTokens func(*http.Request, SignRequest) (JoinTokens, error)
}

func defaultSettings() settings {
	return settings{backdate: DefaultBackdate, maxAge: DefaultMaxAge, expiry: DefaultExpiry, maxLife: MaxExpiry, webrtc: -1, zoomAPI: DefaultZoomAPI,
		probeOrigin: DefaultProbeOrigin, probeRequests: DefaultProbeRequests}
}

// config is settings being built by options: which were set, and the
// first error.
type config struct {
	settings
	set optID
	err error
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
			return errorf(ErrInvalidOption, "%v does not apply to %s", extra, caller)
		}
	}
	return nil
}

// configure returns base overridden by opts, which must be in allowed.
func configure(base settings, caller string, allowed optID, opts []Option) (settings, optID, error) {
	c := config{settings: base}
	err := c.apply(caller, allowed, opts)
	return c.settings, c.set, err
}

func (c *config) fail(format string, args ...any) {
	if c.err == nil {
		c.err = errorf(ErrInvalidOption, format, args...)
	}
}

// failWith records err (from one of the package's rules) as an invalid
// option.
func (c *config) failWith(err error) {
	if c.err == nil && err != nil {
		c.err = also(ErrInvalidOption, err)
	}
}

// WithClock sets the clock the call reads the current time from. The
// default (and a nil Clock) is the system clock.
// Applies to: Generate, NewSigner, GenerateJWT, SignJWT, GenerateNativeJWT,
// SignNativeJWT, GenerateVideoJWT, SignVideoJWT, Verify, VerifyJWT,
// VerifyVideoJWT, Diagnose, Inspect, NewHandler, NewVideoHandler, Audit.
func WithClock(c Clock) Option {
	return func(cfg *config) { cfg.set |= optClock; cfg.clock = c }
}

// WithBackdate sets how far before the current time a signature is dated.
// The default, [DefaultBackdate] (30 s), is what every Zoom sample uses: Zoom
// refuses a timestamp in its future, and the signing server's clock may run a
// little ahead of Zoom's. Zero dates the signature at the current time. It
// must be non-negative, whole milliseconds, and at most one hour; JWTs count
// whole seconds, so for them it must be whole seconds too.
// Applies to: Generate, NewSigner, GenerateJWT, SignJWT, GenerateNativeJWT,
// SignNativeJWT, GenerateVideoJWT, SignVideoJWT, NewHandler,
// NewVideoHandler.
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
// reproduces. The default is [DialectStandard].
// Applies to: Generate, NewSigner.
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
// at most one hour.
// Applies to: Verify, VerifyJWT, VerifyVideoJWT, Diagnose, Inspect.
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
// Applies to: Verify, Diagnose, Inspect.
func WithMaxAge(d time.Duration) Option {
	return func(cfg *config) {
		cfg.set |= optMaxAge
		if d <= 0 {
			cfg.fail("max age %v is not positive", d)
		}
		cfg.maxAge = d
	}
}

// WithExpiry sets a JWT's lifetime, exp - iat. The default is
// [DefaultExpiry] (2 h). Zoom accepts whole seconds from [MinExpiry] to
// [MaxExpiry]; anything else is an error. Given to NewSigner or NewHandler
// it sets their default.
// Applies to: NewSigner, GenerateJWT, SignJWT, GenerateNativeJWT,
// SignNativeJWT, GenerateVideoJWT, SignVideoJWT, NewHandler,
// NewVideoHandler.
func WithExpiry(d time.Duration) Option {
	return func(cfg *config) {
		cfg.set |= optExpiry
		cfg.failWith(checkLifetime(d))
		cfg.expiry = d
	}
}

// WithVideoWebRTCMode adds the "video_webrtc_mode" claim (0 or 1) to a
// Meeting SDK JWT; without it the claim is absent.
// Applies to: NewSigner, GenerateJWT, SignJWT, GenerateNativeJWT,
// SignNativeJWT.
func WithVideoWebRTCMode(mode int) Option {
	return func(cfg *config) {
		cfg.set |= optVideoWebRTCMode
		cfg.failWith(checkFlag("video WebRTC mode", int64(mode)))
		cfg.webrtc = mode
	}
}

// checkFlag is the rule for Zoom's 0-or-1 claims (video_webrtc_mode and
// the Video SDK's flags).
func checkFlag(name string, n int64) error {
	if n != 0 && n != 1 {
		return fmt.Errorf("the %s %d is neither 0 nor 1", name, n)
	}
	return nil
}
