package zoomsig

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error the package returns wraps one of these, so a
// caller can branch with errors.Is; the wrapping error adds the non-secret
// detail (which field, by how much). No error ever contains a secret or a MAC.
var (
	// ErrMalformed means the input is not a well-formed signature or token.
	ErrMalformed error = &sentinel{msg: "malformed signature"}

	// ErrKeyMismatch means the signature names a different SDK/API key than
	// the one it was checked against. Zoom answers 3704 "The api key is
	// wrong." or 3712 "Signature is invalid.".
	ErrKeyMismatch error = &sentinel{msg: "key mismatch"}

	// ErrHashMismatch means the HMAC in the signature is not the one the
	// secret produces. Zoom answers 3712 "Signature is invalid.".
	ErrHashMismatch error = &sentinel{msg: "hash mismatch"}

	// ErrURLSafeHash means the HMAC is right but written in the URL-safe
	// base64 alphabet, which Zoom refuses. It also matches ErrHashMismatch.
	ErrURLSafeHash error = &sentinel{msg: "hash written in the URL-safe base64 alphabet", parent: ErrHashMismatch}

	// ErrNotYetValid means the timestamp (or iat) lies in the future: the
	// signing clock runs ahead of Zoom's.
	ErrNotYetValid error = &sentinel{msg: "signature not yet valid"}

	// ErrExpired means the signature is older than its lifetime. Zoom
	// answers 3705 "The signature has expired.".
	ErrExpired error = &sentinel{msg: "signature expired"}

	// ErrInvalidCredentials means a key and secret given to the package
	// cannot be used together: one of them is unusable (ErrInvalidKey and
	// ErrInvalidSecret both match it), or the key equals the secret (it
	// alone), which would publish the secret wherever the key is shown.
	ErrInvalidCredentials error = &sentinel{msg: "invalid credentials"}

	// ErrInvalidKey means an SDK/API key given to the package is unusable:
	// empty, too long, or holding '.', spaces or non-printable bytes. It
	// also matches ErrInvalidCredentials.
	ErrInvalidKey error = &sentinel{msg: "invalid key", parent: ErrInvalidCredentials}

	// ErrInvalidSecret means a secret given to the package is unusable:
	// empty, too short for HMAC in FIPS mode, too long, with whitespace at
	// either end or a control character anywhere (a stored secret's stray
	// newline: Zoom holds the secret without it). It also matches
	// ErrInvalidCredentials.
	ErrInvalidSecret error = &sentinel{msg: "invalid secret", parent: ErrInvalidCredentials}

	// ErrInvalidMeetingNumber means a meeting number is not a run of digits
	// of the length Zoom's SDKs accept (see [NormalizeMeetingNumber]).
	ErrInvalidMeetingNumber error = &sentinel{msg: "invalid meeting number"}

	// ErrInvalidRole means a role other than RoleAttendee (0) or RoleHost (1).
	ErrInvalidRole error = &sentinel{msg: "invalid role"}

	// ErrInvalidOption means an option has an out-of-range value or does not
	// apply to the function it was passed to.
	ErrInvalidOption error = &sentinel{msg: "invalid option"}
)

// sentinel is an error value with an optional parent, so that one sentinel
// (ErrURLSafeHash) can also match a broader one (ErrHashMismatch).
type sentinel struct {
	msg    string
	parent error
}

func (e *sentinel) Error() string { return e.msg }
func (e *sentinel) Unwrap() error { return e.parent }

// Errors of the JWT formats.
var (
	// ErrAlgorithm means a JWT's header names an algorithm other than HS256
	// ("none", HS512, RS256, …). Zoom signs and checks HS256 only; accepting
	// anything else invites algorithm confusion.
	ErrAlgorithm error = &sentinel{msg: "unsupported JWT algorithm"}

	// ErrExpiryWindow means exp - iat lies outside [MinExpiry]..[MaxExpiry],
	// the lifetimes Zoom accepts.
	ErrExpiryWindow error = &sentinel{msg: "JWT lifetime outside Zoom's window"}
)

// ErrZoomAPI means Zoom's REST API refused a call or answered something
// unusable; the error is a *[ZoomAPIError] with the detail.
var ErrZoomAPI error = &sentinel{msg: "Zoom API error"}

// ErrAudit means an endpoint could not be audited at all: unreachable, or
// not answering a valid request as the contract says.
var ErrAudit error = &sentinel{msg: "endpoint could not be audited"}

// ErrInvalidVideoToken means a Video SDK token's claims break Zoom's rules:
// no session name, a field too long, an unknown geo region, a flag other
// than 0 or 1.
var ErrInvalidVideoToken error = &sentinel{msg: "invalid Video SDK token"}

// zerror is the error the package returns: the sentinels it matches, first
// the one its text names, and the non-secret detail. Diagnose shows the
// detail of the errors it meets through [detailOf], never by cutting text.
type zerror struct {
	kinds  []error
	detail string
	sep    string // between the category and the detail; ": " when empty
}

func (e *zerror) Error() string {
	sep := e.sep
	if sep == "" {
		sep = ": "
	}
	return "zoomsig: " + e.kinds[0].Error() + sep + e.detail
}
func (e *zerror) Unwrap() []error { return e.kinds }

// errorf returns an error matching kind, with a formatted detail.
func errorf(kind error, format string, args ...any) error {
	return &zerror{kinds: []error{kind}, detail: fmt.Sprintf(format, args...)}
}

// also returns err marked as matching kind as well, named by kind and
// keeping err's detail: a bad key inside a signature is both
// [ErrMalformed] and [ErrInvalidKey].
func also(kind, err error) error {
	var z *zerror
	if errors.As(err, &z) {
		return &zerror{kinds: append([]error{kind}, z.kinds...), detail: z.detail, sep: z.sep}
	}
	return &zerror{kinds: []error{kind, err}, detail: err.Error()}
}

// detailOf returns what err says beyond its category.
func detailOf(err error) string {
	var z *zerror
	if errors.As(err, &z) {
		return z.detail
	}
	return err.Error()
}

// expiredError reads "signature expired 3m ago (…)".
func expiredError(format string, args ...any) error {
	return &zerror{kinds: []error{ErrExpired}, detail: fmt.Sprintf(format, args...), sep: " "}
}

func malformed(format string, args ...any) error { return errorf(ErrMalformed, format, args...) }
