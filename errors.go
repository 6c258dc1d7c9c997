package zoomsig

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

	// ErrInvalidKey means an SDK/API key given to the package is unusable:
	// empty, too long, or holding '.', spaces or non-printable bytes.
	ErrInvalidKey error = &sentinel{msg: "invalid key"}

	// ErrInvalidSecret means a secret given to the package is unusable:
	// empty or shorter than 14 bytes.
	ErrInvalidSecret error = &sentinel{msg: "invalid secret"}

	// ErrInvalidMeetingNumber means a meeting number is not 9 to 12 digits.
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

	// ErrExpiryWindow means exp - iat lies outside the 1800..172800 seconds
	// (30 min .. 48 h) Zoom accepts.
	ErrExpiryWindow error = &sentinel{msg: "JWT lifetime outside 30m..48h"}
)

// ErrInvalidVideoToken means a Video SDK token's claims break Zoom's rules:
// no session name, a field too long, an unknown geo region, a flag other
// than 0 or 1.
var ErrInvalidVideoToken error = &sentinel{msg: "invalid Video SDK token"}
