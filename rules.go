package zoomsig

import (
	"strconv"
	"time"
)

// Zoom's rules on time and keys that every judge applies: Verify,
// VerifyJWT, VerifyVideoJWT, Diagnose and the handlers call these and
// restate none of them. Each returns facts or an error with the detail;
// the caller turns it into an error, a Finding or a 400.

// Lifetimes, each documented where it is used.
const (
	// DefaultBackdate is how far before the current time a signature is
	// dated by default (see [WithBackdate]).
	DefaultBackdate = 30 * time.Second
	// DefaultMaxAge is a legacy signature's lifetime (see [WithMaxAge]).
	DefaultMaxAge = 24 * time.Hour
	// DefaultExpiry is a JWT's default lifetime, exp - iat, as in Zoom's
	// endpoint samples (see [WithExpiry]).
	DefaultExpiry = 2 * time.Hour
	// MinExpiry and MaxExpiry bound a JWT's lifetime: Zoom refuses a token
	// whose exp - iat lies outside them (zoom-notes §2; the endpoint
	// samples validate expirationSeconds against the same window).
	MinExpiry = 30 * time.Minute
	MaxExpiry = 48 * time.Hour
)

// seconds returns d in whole seconds, as JWT claims and request members
// count time.
func seconds(d time.Duration) int64 { return int64(d / time.Second) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// checkLifetime is the one expiry-window rule: a JWT lifetime must be whole
// seconds within MinExpiry..MaxExpiry. Errors wrap [ErrExpiryWindow].
func checkLifetime(d time.Duration) error {
	switch {
	case d%time.Second != 0:
		return errorf(ErrExpiryWindow, "the lifetime %v is not whole seconds", d)
	}
	return checkLifetimeSeconds(seconds(d))
}

// checkLifetimeSeconds is checkLifetime for a count of seconds, as JWT
// claims and request members give it.
func checkLifetimeSeconds(n int64) error {
	if n < seconds(MinExpiry) || n > seconds(MaxExpiry) {
		return errorf(ErrExpiryWindow, "the lifetime is %ds, outside %s", n, lifetimeWindow())
	}
	return nil
}

// lifetimeWindow writes the window for messages, derived from the
// constants.
func lifetimeWindow() string {
	return MinExpiry.String() + ".." + MaxExpiry.String() + " (" + itoa(seconds(MinExpiry)) + ".." + itoa(seconds(MaxExpiry)) + " s)"
}

// timeFacts is how a validity period compares with the clock.
type timeFacts struct {
	ahead   time.Duration // notBefore - now: positive when it lies in the future
	late    time.Duration // now - notAfter: how long ago it ended, when expired
	early   bool          // ahead beyond the leeway: not yet valid
	expired bool          // not early, and now is at or after notAfter
}

// judgeTime is the one time judgement: a signature valid from notBefore
// (its timestamp or iat) until notAfter (timestamp + lifetime, or exp) is
// early when notBefore lies more than leeway after now (Zoom refuses a
// future timestamp or iat, zoom-notes §1 and §2), and expired from
// notAfter on.
func judgeTime(now, notBefore, notAfter time.Time, leeway time.Duration) timeFacts {
	f := timeFacts{ahead: notBefore.Sub(now), late: now.Sub(notAfter)}
	f.early = f.ahead > leeway
	f.expired = !f.early && !now.Before(notAfter)
	return f
}

// checkKeyMatch is the one key comparison: the key a signature names (in
// its field or claim called what) must be the expected one. The error
// names only the signature's key: the expected one is the caller's
// argument, and a caller who swapped key and secret would log the secret.
func checkKeyMatch(what, got, want string) error {
	if got == want {
		return nil
	}
	return errorf(ErrKeyMismatch, "the %s is %q, not the expected key", what, clip(got))
}
