package zoomsig

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"log/slog"
	"sync"
	"sync/atomic"
)

// Signer makes signatures of every format with one key and secret. It is
// built by [NewSigner], which validates and copies its configuration; it is
// safe for concurrent use, and computes the HMAC key schedule once, not
// per call.
//
// A Signer never reveals its secret: every fmt verb and slog print only the
// key and settings.
type Signer struct {
	key    string
	cfg    settings
	prefix keyPrefix                 // legacy signatures in cfg.dialect
	heads  *meetingHeads             // Meeting SDK JWTs' cached starts
	macs   sync.Pool                 // of *macState
	times  atomic.Pointer[timeText]  // JWT times, per second
	stamps atomic.Pointer[stampText] // legacy timestamps, per millisecond
}

// macState is per-call scratch space: a keyed HMAC and three buffers,
// pooled so that signing allocates only the string it returns. Each buffer
// is a separate array, so an input longer than expected makes append
// allocate instead of running into another buffer.
type macState struct {
	keys    *keySchedule
	h       hash.Hash // SHA-256, restarted from the key schedule's states
	sum     [sha256.Size]byte
	a, b, c [512]byte
}

// mac returns HMAC-SHA256 of msg under the Signer's key, in st.sum; mid
// covers msg's constant start when its n is not zero.
func (st *macState) mac(msg []byte, mid midstate) []byte {
	return st.keys.sum(st.h, st.sum[:0], msg, mid)
}

// NewSigner returns a Signer for the key and secret. Options: [WithClock],
// [WithBackdate], [WithDialect] (for Sign), and [WithExpiry],
// [WithVideoWebRTCMode] and [WithSDKKeyClaim] (defaults for SignJWT).
func NewSigner(key, secret string, opts ...Option) (*Signer, error) {
	cfg, _, err := configure(defaultSettings(), "NewSigner", forNewSigner, opts)
	if err != nil {
		return nil, err
	}
	return newSigner(key, secret, cfg)
}

// oneShot builds a Signer for one call of a Generate* function, from the
// defaults and opts.
func oneShot(caller string, allowed optID, key, secret string, opts []Option) (*Signer, error) {
	cfg, _, err := configure(defaultSettings(), caller, allowed, opts)
	if err != nil {
		return nil, err
	}
	return newSigner(key, secret, cfg)
}

func newSigner(key, secret string, cfg settings) (*Signer, error) {
	if err := CheckCredentials(key, secret); err != nil {
		return nil, err
	}
	// No field holds the secret, only hash states derived from it; the
	// key schedule lives behind the pool's closure, and fmt prints a func
	// as an address, so even a copied Signer printed with a wrong verb
	// cannot show them.
	keys := newKeySchedule([]byte(secret))
	s := &Signer{
		key:    key,
		cfg:    cfg,
		prefix: newKeyPrefix(key, dialects[cfg.dialect]),
		heads:  &meetingHeads{key: key, keys: &keys},
	}
	s.macs.New = func() any { return &macState{keys: &keys, h: sha256.New()} }
	return s, nil
}

// Key returns the SDK/API key the Signer signs for.
func (s *Signer) Key() string { return s.key }

// settingsFor returns the Signer's settings overridden by opts for one
// call; they must all be in allowed. Without options it is the Signer's
// own, uncopied.
func (s *Signer) settingsFor(caller string, allowed optID, opts []Option) (*settings, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	if len(opts) == 0 {
		return &s.cfg, nil
	}
	cfg, _, err := configure(s.cfg, caller, allowed, opts)
	if err != nil {
		return nil, err
	}
	return &cfg, nil
}

// usable refuses a Signer not made by NewSigner (nil, or the zero value),
// which holds no key schedule.
func (s *Signer) usable() error {
	if s == nil || s.heads == nil {
		return errorf(ErrInvalidCredentials, "the Signer was not made by NewSigner")
	}
	return nil
}

// Format prints the Signer without its secret, for every verb.
func (s *Signer) Format(f fmt.State, verb rune) {
	if s == nil {
		fmt.Fprint(f, "zoomsig.Signer(nil)")
		return
	}
	fmt.Fprintf(f, "zoomsig.Signer{key:%q secret:REDACTED dialect:%s}", s.key, s.cfg.dialect)
}

// LogValue makes slog print the Signer without its secret.
func (s *Signer) LogValue() slog.Value {
	if s == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(
		slog.String("key", s.key),
		slog.String("secret", "REDACTED"),
		slog.String("dialect", s.cfg.dialect.String()),
	)
}
