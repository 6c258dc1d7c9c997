package zoomsig

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// b64 spells a joined legacy string as a signature (standard, unpadded).
func b64(joined string) string { return base64.RawStdEncoding.EncodeToString([]byte(joined)) }

const goodHash = "ITMdPGu+WY4rbQcRq1Nma+BdQfNVgM2pSVQh+3yH/l0="

func TestParseFields(t *testing.T) {
	sig := b64(testKey + ".85823272833.1595636394000.1." + goodHash)
	got, err := Parse(sig)
	require.NoError(t, err)
	want := &Signature{
		Key:           testKey,
		MeetingNumber: "85823272833",
		Timestamp:     time.Date(2020, 7, 25, 0, 19, 54, 0, time.UTC),
		Role:          RoleHost,
		Hash:          goodHash,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("Parse mismatch (-want +got):\n%s", d)
	}
	require.Equal(t, sig, got.Encode())
	require.False(t, got.HashURLSafe())

	padded := base64.StdEncoding.EncodeToString([]byte(testKey + ".85823272833.1595636394000.1." + goodHash))
	require.True(t, strings.HasSuffix(padded, "="))
	got, err = Parse(padded)
	require.NoError(t, err)
	require.True(t, got.Padded)
	require.Equal(t, padded, got.Encode())
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, sig, wantInMessage string
	}{
		{"empty", "", "empty"},
		{"huge", strings.Repeat("A", MaxSignatureLen+1), "more than 1024"},
		{"space", "QmRy WDVq", "not base64"},
		{"newline", b64(testKey + ".123456789.1595636394000.1." + goodHash)[:20] + "\n" + b64(testKey + ".123456789.1595636394000.1." + goodHash)[20:], "not base64"},
		{"mixed alphabets", "ab+c-d__", "mixes"},
		{"inner =", "ab=cdefg", "'=' inside"},
		{"bad padding length", "abcde=", "padding"},
		{"triple padding", "abcde===", "padding"},
		{"non-canonical tail", "QmB", "non-canonical"},
		{"not base64 at all", "QQ=A", "'=' inside"},
		{"four fields", b64(testKey + ".123456789.1595636394000." + goodHash), "4 '.'-separated fields"},
		{"six fields", b64(testKey + ".123456789.1595636394000.1.x." + goodHash), "6 '.'-separated fields"},
		{"empty key", b64(".123456789.1595636394000.1." + goodHash), "key is empty"},
		{"key with space", b64("a b.123456789.1595636394000.1." + goodHash), "space"},
		{"meeting with space", b64(testKey + ".858 2327 2833.1595636394000.1." + goodHash), "meeting number"},
		{"meeting too long", b64(testKey + ".123456789012345678901.1595636394000.1." + goodHash), "meeting number"},
		{"empty meeting", b64(testKey + "..1595636394000.1." + goodHash), "meeting number"},
		{"timestamp letters", b64(testKey + ".123456789.15956363940x0.1." + goodHash), "timestamp"},
		{"timestamp leading zero", b64(testKey + ".123456789.01595636394000.1." + goodHash), "leading zero"},
		{"timestamp overflow", b64(testKey + ".123456789.99999999999999999999.1." + goodHash), "out of range"},
		{"negative timestamp", b64(testKey + ".123456789.-1595636394000.1." + goodHash), "not digits"},
		{"role 2", b64(testKey + ".123456789.1595636394000.2." + goodHash), "role"},
		{"role 01", b64(testKey + ".123456789.1595636394000.01." + goodHash), "role"},
		{"hash short", b64(testKey + ".123456789.1595636394000.1." + goodHash[:43]), "43 characters"},
		{"hash hex", b64(testKey + ".123456789.1595636394000.1." + strings.Repeat("ab", 44)), "88 characters"},
		{"hash mixed", b64(testKey + ".123456789.1595636394000.1." + "ITMdPGu+WY4rbQcRq1Nma-BdQfNVgM2pSVQh+3yH/l0="), "canonical"},
		{"hash non-canonical", b64(testKey + ".123456789.1595636394000.1." + "ITMdPGu+WY4rbQcRq1Nma+BdQfNVgM2pSVQh+3yH/l1="), "canonical"},
		{"hash no padding", b64(testKey + ".123456789.1595636394000.1." + "ITMdPGu+WY4rbQcRq1Nma+BdQfNVgM2pSVQh+3yH/l0A"), "canonical"},
		{"jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ9.abc", "not base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.sig)
			require.ErrorIs(t, err, ErrMalformed)
			require.Nil(t, s)
			require.Contains(t, err.Error(), tt.wantInMessage)
		})
	}
}

// urlSafeSignature returns a signature from the URL-safe Ruby dialect whose
// hash holds '-' or '_', and the instant it was made at (no back-dating).
func urlSafeSignature(t *testing.T) (string, time.Time) {
	for i := 0; ; i++ {
		at := testAt.Add(time.Duration(i) * time.Second)
		sig, err := Generate(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(at)), WithDialect(DialectRubyURLSafe), WithBackdate(0))
		require.NoError(t, err)
		if s, _ := Parse(sig); strings.ContainsAny(s.Hash, "-_") {
			return sig, at
		}
	}
}

func TestVerify(t *testing.T) {
	clock := FixedClock(testAt)
	good, err := Generate(testKey, testSecret, testMN, RoleAttendee, WithClock(clock))
	require.NoError(t, err)
	urlSafe, _ := urlSafeSignature(t)
	otherSecret := strings.ToUpper(testSecret)
	signedAt := testAt.Add(-DefaultBackdate)
	tests := []struct {
		name          string
		sig           string
		key, secret   string
		opts          []Option
		wantErr       error
		wantInMessage string
	}{
		{"good", good, testKey, testSecret, []Option{WithClock(clock)}, nil, ""},
		{"good at the signing instant", good, testKey, testSecret, []Option{WithClock(FixedClock(signedAt))}, nil, ""},
		{"wrong key", good, "AnotherKey0123456789ab", testSecret, []Option{WithClock(clock)}, ErrKeyMismatch, `"BdrX5jD_Rsagb902E7I15A", not the expected key`},
		{"key and secret swapped", good, testSecret, testKey, []Option{WithClock(clock)}, ErrKeyMismatch, "not the expected key"},
		{"wrong secret", good, testKey, otherSecret, []Option{WithClock(clock)}, ErrHashMismatch, "does not match"},
		{"url-safe hash", urlSafe, testKey, testSecret, []Option{WithClock(clock)}, ErrURLSafeHash, "standard alphabet"},
		{"one ms early", good, testKey, testSecret, []Option{WithClock(FixedClock(signedAt.Add(-time.Millisecond)))}, ErrNotYetValid, "1ms ahead"},
		{"early within leeway", good, testKey, testSecret, []Option{WithClock(FixedClock(signedAt.Add(-time.Minute))), WithLeeway(time.Minute)}, nil, ""},
		{"early beyond leeway", good, testKey, testSecret, []Option{WithClock(FixedClock(signedAt.Add(-2 * time.Minute))), WithLeeway(time.Minute)}, ErrNotYetValid, "2m0s ahead"},
		{"just inside 24h", good, testKey, testSecret, []Option{WithClock(FixedClock(signedAt.Add(24*time.Hour - time.Millisecond)))}, nil, ""},
		{"exactly 24h", good, testKey, testSecret, []Option{WithClock(FixedClock(signedAt.Add(24 * time.Hour)))}, ErrExpired, "expired 0s ago"},
		{"27h", good, testKey, testSecret, []Option{WithClock(FixedClock(signedAt.Add(27*time.Hour + 2*time.Minute)))}, ErrExpired, "expired 3h2m0s ago"},
		{"max age 1h", good, testKey, testSecret, []Option{WithClock(FixedClock(signedAt.Add(61 * time.Minute))), WithMaxAge(time.Hour)}, ErrExpired, "expired 1m0s ago"},
		{"malformed", "garbage!", testKey, testSecret, nil, ErrMalformed, "not base64"},
		{"bad key argument", good, "", testSecret, nil, ErrInvalidKey, "empty"},
		{"bad secret argument", good, testKey, "short", nil, ErrInvalidSecret, "fewer than 14"},
		{"backdate not for Verify", good, testKey, testSecret, []Option{WithBackdate(0)}, ErrInvalidOption, "WithBackdate does not apply to Verify"},
		{"dialect not for Verify", good, testKey, testSecret, []Option{WithDialect(DialectPHP)}, ErrInvalidOption, "WithDialect does not apply to Verify"},
		{"negative leeway", good, testKey, testSecret, []Option{WithLeeway(-1)}, ErrInvalidOption, "leeway"},
		{"huge leeway", good, testKey, testSecret, []Option{WithLeeway(25 * time.Hour)}, ErrInvalidOption, "leeway"},
		{"zero max age", good, testKey, testSecret, []Option{WithMaxAge(0)}, ErrInvalidOption, "max age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Verify(tt.sig, tt.key, tt.secret, tt.opts...)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.NotNil(t, s)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			require.Contains(t, err.Error(), tt.wantInMessage)
			for _, secret := range []string{testSecret, otherSecret} {
				require.NotContains(t, err.Error(), secret)
			}
			// A parsed signature comes back with every verdict but malformed input.
			if errors.Is(err, ErrKeyMismatch) || errors.Is(err, ErrHashMismatch) || errors.Is(err, ErrExpired) || errors.Is(err, ErrNotYetValid) {
				require.NotNil(t, s)
				require.NotContains(t, err.Error(), s.Hash, "errors never print the MAC")
			}
		})
	}
}

// fuzzSeeds adds every golden vector and a few broken inputs to a corpus.
func fuzzSeeds(f *testing.F, add func(v legacyVector)) {
	for _, v := range loadLegacyVectors(f) {
		add(v)
	}
}

// FuzzParse: Parse never panics, and whatever it accepts re-encodes to a
// signature that parses to the same fields.
func FuzzParse(f *testing.F) {
	fuzzSeeds(f, func(v legacyVector) { f.Add(v.signature) })
	f.Add("")
	f.Add("QQ==")
	f.Fuzz(func(t *testing.T, sig string) {
		s, err := Parse(sig)
		if err != nil {
			if s != nil || !errors.Is(err, ErrMalformed) {
				t.Fatalf("Parse(%q) = %v, %v", sig, s, err)
			}
			return
		}
		again, err := Parse(s.Encode())
		if err != nil {
			t.Fatalf("re-encoded %q does not parse: %v", s.Encode(), err)
		}
		if d := cmp.Diff(s, again); d != "" {
			t.Fatalf("round trip changed fields (-first +second):\n%s", d)
		}
	})
}

// FuzzVerify: Verify never panics, never accepts what Parse refuses, and
// never returns an error that holds the secret.
func FuzzVerify(f *testing.F) {
	fuzzSeeds(f, func(v legacyVector) { f.Add(v.signature, v.key, v.secret, v.at.UnixMilli()) })
	f.Fuzz(func(t *testing.T, sig, key, secret string, atMillis int64) {
		s, err := Verify(sig, key, secret, WithClock(FixedClock(time.UnixMilli(atMillis))))
		if err == nil {
			if s == nil || s.Key != key {
				t.Fatalf("Verify accepted %q for key %q: %+v", sig, key, s)
			}
			if _, perr := Parse(sig); perr != nil {
				t.Fatalf("Verify accepted what Parse refuses: %v", perr)
			}
			return
		}
		if s != nil && strings.Contains(s.Key, secret) {
			return // the secret is part of the signature's own text
		}
		if len(secret) >= minSecretLen && strings.Contains(err.Error(), secret) {
			t.Fatalf("error %q holds the secret", err)
		}
	})
}
