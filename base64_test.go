package zoomsig

import (
	"encoding/base64"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAppendBase64MatchesStdlib compares appendBase64 with encoding/base64
// for every length up to 300, both alphabets, with and without padding,
// appending to empty, non-empty and full-capacity slices.
func TestAppendBase64MatchesStdlib(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	encs := []struct {
		url, pad bool
		want     *base64.Encoding
	}{
		{false, true, base64.StdEncoding},
		{false, false, base64.RawStdEncoding},
		{true, true, base64.URLEncoding},
		{true, false, base64.RawURLEncoding},
	}
	for n := 0; n <= 300; n++ {
		src := make([]byte, n)
		for trial := 0; trial < 4; trial++ {
			r.Read(src)
			if trial == 0 {
				for i := range src {
					src[i] = 0xff // every index 63
				}
			}
			for _, e := range encs {
				want := e.want.EncodeToString(src)
				require.Equal(t, want, string(appendBase64(nil, src, e.url, e.pad)), "n=%d", n)
				require.Len(t, want, base64Len(n, e.pad))
				prefixed := appendBase64([]byte("xy"), src, e.url, e.pad)
				require.Equal(t, "xy"+want, string(prefixed))
				full := make([]byte, 3)
				require.Equal(t, "\x00\x00\x00"+want, string(appendBase64(full, src, e.url, e.pad)))
			}
		}
	}
}

func BenchmarkAppendBase64(b *testing.B) {
	src := make([]byte, 112)
	dst := make([]byte, 0, 256)
	b.Run("zoomsig", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			appendBase64(dst[:0], src, false, false)
		}
	})
	b.Run("stdlib", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			base64.RawStdEncoding.AppendEncode(dst[:0], src)
		}
	})
}
