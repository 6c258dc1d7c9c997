package zoomsig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// hashSpelling is one way a legacy hash field may be written: Zoom's
// (standard) and the mistakes users make, which Diagnose recognises only
// after recomputing them under the secret.
type hashSpelling int

const (
	spellStandard   hashSpelling = iota // base64(HMAC(secret, base64(raw))): what Zoom's server recomputes
	spellURLSafe                        // the same bytes in the URL-safe alphabet (the thread's Ruby sample)
	spellHex                            // base64 of the HMAC's hex string (a hand-port mistake)
	spellRawMessage                     // base64(HMAC(secret, raw)): the HMAC of the raw message (Zoom's C# sample)
)

// legacyMAC is the one legacy-MAC computation for a signature's fields:
// the HMAC is computed once, and the raw-message HMAC only when Diagnose
// asks for that spelling, so Verify's path pays for one HMAC.
type legacyMAC struct {
	secret, raw string // raw is key + meeting + timestamp + role
	sum         []byte // HMAC-SHA256(secret, base64(raw))
	rawSum      []byte // HMAC-SHA256(secret, raw), computed on demand
}

func newLegacyMAC(secret, raw string) *legacyMAC {
	return &legacyMAC{secret: secret, raw: raw, sum: hmacSHA256(secret, base64.StdEncoding.EncodeToString([]byte(raw)))}
}

func hmacSHA256(secret, msg string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// spelling returns the hash field as the given recipe writes it.
func (m *legacyMAC) spelling(sp hashSpelling) string {
	switch sp {
	case spellURLSafe:
		return base64.URLEncoding.EncodeToString(m.sum)
	case spellHex:
		return base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(m.sum)))
	case spellRawMessage:
		if m.rawSum == nil {
			m.rawSum = hmacSHA256(m.secret, m.raw)
		}
		return base64.StdEncoding.EncodeToString(m.rawSum)
	}
	return base64.StdEncoding.EncodeToString(m.sum)
}

// matches reports, in constant time, whether hash is the given spelling.
func (m *legacyMAC) matches(hash string, sp hashSpelling) bool {
	return hmac.Equal([]byte(hash), []byte(m.spelling(sp)))
}
