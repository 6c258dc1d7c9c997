package zoomsig

import (
	"crypto/hmac"
	"crypto/sha256"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestKeyScheduleMatchesCryptoHMAC: the signers' HMAC, with and without a
// midstate, is crypto/hmac's for keys shorter and longer than a block and
// messages of every length around the block boundaries.
func TestKeyScheduleMatchesCryptoHMAC(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	h := sha256.New()
	for _, keyLen := range []int{14, 36, 63, 64, 65, 200, 1024} {
		key := make([]byte, keyLen)
		r.Read(key)
		ks := newKeySchedule(key)
		for msgLen := 0; msgLen < 300; msgLen++ {
			msg := make([]byte, msgLen)
			r.Read(msg)
			want := hmac.New(sha256.New, key)
			want.Write(msg)
			require.Equal(t, want.Sum(nil), ks.sum(h, nil, msg, midstate{}), "key %d, message %d", keyLen, msgLen)
			mid := ks.newMidstate(string(msg))
			require.Equal(t, want.Sum(nil), ks.sum(h, []byte("x"), msg, mid)[1:], "with a midstate of %d bytes", mid.n)
		}
	}
}
