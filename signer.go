package zoomsig

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"hash"
	"log/slog"
	"sync"
)

// Signer makes signatures of every format with one key and secret. It is
// built by [NewSigner], which validates and copies its configuration; it is
// safe for concurrent use, and computes the HMAC key schedule once, not
// per call.
//
// A Signer never reveals its secret: every fmt verb and slog print only the
// key and settings.
type Signer struct {
	key       string
	cfg       settings
	prefix    keyPrefix // legacy signatures in cfg.dialect
	jwtPrefix jwtPrefix // Meeting SDK JWTs: {"appKey":K,"sdkKey":K
	appPrefix jwtPrefix // and without sdkKey: {"appKey":K
	macs      sync.Pool // of *macState
}

// macState is per-call scratch space: a keyed HMAC and three buffers,
// pooled so that signing allocates only the string it returns. Each buffer
// is a separate array, so an input longer than expected makes append
// allocate instead of running into another buffer.
type macState struct {
	mac     hash.Hash
	sum     [sha256.Size]byte
	a, b, c [512]byte
}

// NewSigner returns a Signer for the key and secret. Options: [WithClock],
// [WithBackdate], [WithDialect] (for Sign), and [WithExpiry] and
// [WithVideoWebRTCMode] (defaults for SignJWT).
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
	s := &Signer{
		key:       key,
		cfg:       cfg,
		prefix:    newKeyPrefix(key, dialects[cfg.dialect]),
		jwtPrefix: newJWTPrefix(meetingHead(key, true)),
		appPrefix: newJWTPrefix(meetingHead(key, false)),
	}
	// No field holds the secret: only this closure does, and fmt prints a
	// func as an address, so even a copied Signer printed with a wrong verb
	// cannot show it.
	sb := []byte(secret)
	s.macs.New = func() any { return &macState{mac: hmac.New(sha256.New, sb)} }
	return s, nil
}

// Key returns the SDK/API key the Signer signs for.
func (s *Signer) Key() string { return s.key }

// settingsFor returns the Signer's settings overridden by opts for one
// call; they must all be in allowed. Without options it is the Signer's
// own, uncopied.
func (s *Signer) settingsFor(caller string, allowed optID, opts []Option) (*settings, error) {
	if len(opts) == 0 {
		return &s.cfg, nil
	}
	cfg, _, err := configure(s.cfg, caller, allowed, opts)
	if err != nil {
		return nil, err
	}
	return &cfg, nil
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
