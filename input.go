package zoomsig

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The inputs every format shares: credentials, meeting numbers and roles,
// each checked by one function that signing, verifying, Diagnose and the
// handlers all call.

// Role is the part a signature lets its holder play in the meeting.
type Role int

const (
	// RoleAttendee joins a meeting (Zoom's role 0).
	RoleAttendee Role = 0
	// RoleHost starts a meeting (Zoom's role 1). The meeting must belong to
	// the account of the key, or the join needs a ZAK token; webinars take
	// RoleAttendee only.
	RoleHost Role = 1
)

// String returns "attendee", "host", or "role(N)" for any other value.
func (r Role) String() string {
	switch r {
	case RoleAttendee:
		return "attendee"
	case RoleHost:
		return "host"
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// roleRule says which roles exist, for messages.
const roleRule = "neither 0 nor 1 (attendee or host)"

// roleOf is the one role check: n must be [RoleAttendee] or [RoleHost].
// Every reader of a role (legacy field, JWT claim, request member, option)
// comes through here.
func roleOf(n int64) (Role, error) {
	if n != int64(RoleAttendee) && n != int64(RoleHost) {
		return 0, errorf(ErrInvalidRole, "%d is %s", n, roleRule)
	}
	return Role(n), nil
}

func checkRole(r Role) error {
	_, err := roleOf(int64(r))
	return err
}

// Limits on what the package accepts.
const (
	maxKeyLen    = 128
	minSecretLen = 14 // hmac.New panics on shorter keys in FIPS-only mode
	maxSecretLen = 1024

	// Meeting numbers are 9 to 11 digits today; the Web SDK accepts up to
	// 12 characters (zoom-notes §1, the SDK 1.7.9-1.9 pre-check).
	minMeetingDigits = 9
	maxMeetingDigits = 12
	maxPastedMeeting = 64 // what NormalizeMeetingNumber reads at most
)

func checkKey(key string) error {
	if key == "" {
		return errorf(ErrInvalidKey, "the key is empty")
	}
	if len(key) > maxKeyLen {
		return errorf(ErrInvalidKey, "the key is %d bytes, more than %d", len(key), maxKeyLen)
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == '.' {
			return errorf(ErrInvalidKey, "the key holds '.' at byte %d, which would split the signature", i)
		}
		if c <= ' ' || c > '~' {
			return errorf(ErrInvalidKey, "the key holds a space or non-printable byte at byte %d", i)
		}
	}
	return nil
}

func checkSecret(secret string) error {
	switch {
	case secret == "":
		return errorf(ErrInvalidSecret, "the secret is empty")
	case len(secret) < minSecretLen:
		return errorf(ErrInvalidSecret, "the secret is %d bytes, fewer than %d (no Zoom secret is that short; HMAC refuses such keys in FIPS mode)", len(secret), minSecretLen)
	case len(secret) > maxSecretLen:
		return errorf(ErrInvalidSecret, "the secret is %d bytes, more than %d", len(secret), maxSecretLen)
	case strings.TrimSpace(secret) != secret:
		return errorf(ErrInvalidSecret, "the secret has whitespace at its start or end (a trailing newline from a file, echo or a .env line?), which no Zoom secret has: remove it")
	}
	if i := strings.IndexFunc(secret, unicode.IsControl); i >= 0 {
		return errorf(ErrInvalidSecret, "the secret holds a control character at byte %d, which no Zoom secret has", i)
	}
	return nil
}

// CheckCredentials reports whether key and secret are usable, with the
// same errors the signing and verifying functions give ([ErrInvalidKey],
// [ErrInvalidSecret], all matching [ErrInvalidCredentials]); a command can
// check them once, up front. Every constructor and verifier of the package
// checks its credentials here. A key equal to the secret is refused: the
// key is public (the Meeting handler answers it to every browser).
func CheckCredentials(key, secret string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := checkSecret(secret); err != nil {
		return err
	}
	if key == secret {
		return errorf(ErrInvalidCredentials, "the key equals the secret (swapped or mis-set variables?): the key is public, so this would publish the secret")
	}
	return nil
}

// checkMeetingNumber is the one meeting-number rule: digits only, as many
// as Zoom's SDKs accept.
func checkMeetingNumber(mn string) error {
	if isMeetingNumber(mn) {
		return nil
	}
	return errorf(ErrInvalidMeetingNumber, "%q is not %d to %d digits (NormalizeMeetingNumber strips the spaces and dashes people paste)", clip(mn), minMeetingDigits, maxMeetingDigits)
}

func isMeetingNumber(mn string) bool {
	return len(mn) >= minMeetingDigits && len(mn) <= maxMeetingDigits && allDigits(mn)
}

// NormalizeMeetingNumber removes the spaces and dashes people paste into
// meeting numbers ("852 3727 2833", "852-3727-2833") and checks that 9 to 12
// digits remain.
func NormalizeMeetingNumber(s string) (string, error) {
	if len(s) > maxPastedMeeting {
		return "", errorf(ErrInvalidMeetingNumber, "%d bytes is too long for a meeting number", len(s))
	}
	if isMeetingNumber(s) {
		return s, nil // digits already: nothing to remove
	}
	out := make([]byte, 0, maxMeetingDigits)
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			out = append(out, byte(r))
		case isDash(r) && len(out) == 0:
			return "", errorf(ErrInvalidMeetingNumber, "%q starts with a minus sign: a meeting number is never negative", clip(s))
		case unicode.IsSpace(r) || isDash(r):
		default:
			return "", errorf(ErrInvalidMeetingNumber, "%q holds %q, which is neither a digit, a space nor a dash", clip(s), r)
		}
	}
	mn := string(out)
	if err := checkMeetingNumber(mn); err != nil {
		return "", err
	}
	return mn, nil
}

// isDash reports whether r is a dash people paste between digit groups
// (or, before the digits, a minus sign).
func isDash(r rune) bool { return r == '-' || unicode.Is(unicode.Pd, r) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseDigits reads a canonical non-negative decimal int64.
func parseDigits(s string) (int64, error) {
	if !allDigits(s) {
		return 0, malformed("%q is not digits", clip(s))
	}
	if len(s) > 1 && s[0] == '0' {
		return 0, malformed("%q has a leading zero", clip(s))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, malformed("%q is out of range", clip(s))
	}
	return n, nil
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// clip shortens untrusted text before it is quoted in an error.
func clip(s string) string { return clipTo(s, 40) }

// clipTo shortens s to at most max bytes, whole runes, marking the cut.
func clipTo(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
