package zoomsig

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	testKey    = "BdrX5jD_Rsagb902E7I15A"
	testSecret = "Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi"
	testMN     = "85823272833"
)

var testAt = time.Date(2020, 7, 25, 0, 20, 24, 123456789, time.UTC)

func TestGoldenGenerate(t *testing.T) {
	for _, v := range loadLegacyVectors(t) {
		t.Run(v.name(), func(t *testing.T) {
			got, err := Generate(v.key, v.secret, v.meeting, v.role, WithClock(FixedClock(v.at)), WithDialect(v.dialect))
			require.NoError(t, err)
			require.Equal(t, v.signature, got)
		})
	}
}

// wantTimestamp is the timestamp each sample writes, from zoom-notes.md §1,
// computed here independently of Dialect.timestamp.
func wantTimestamp(v legacyVector) int64 {
	switch v.dialect {
	case DialectPHP, DialectRubyURLSafe, DialectRubyGsub: // whole seconds
		return v.at.Unix()*1000 - 30000
	case DialectRubyStrict: // (Time.now.to_f*1000).round
		return int64(math.Round(float64(v.at.UnixNano())/1e9*1000)) - 30000
	}
	return v.at.UnixNano()/1e6 - 30000 // currentTimeMillis, getTime
}

func TestGoldenParse(t *testing.T) {
	for _, v := range loadLegacyVectors(t) {
		t.Run(v.name(), func(t *testing.T) {
			s, err := Parse(v.signature)
			require.NoError(t, err)
			wantKey := v.key
			if v.dialect == DialectRubyGsub {
				wantKey = strings.NewReplacer("-", "+", "_", "/").Replace(v.key)
			}
			require.Equal(t, wantKey, s.Key)
			require.Equal(t, v.meeting, s.MeetingNumber)
			require.Equal(t, v.role, s.Role)
			require.Equal(t, wantTimestamp(v), s.Timestamp.UnixMilli())
			require.Equal(t, strings.HasSuffix(v.signature, "="), s.Padded)
			require.Len(t, s.Hash, 44)
			require.Equal(t, v.signature, s.encodeAs(v.dialect), "re-encoding in the vector's dialect")
		})
	}
}

// encodeAs re-spells a parsed signature in a dialect's outer encoding.
func (s *Signature) encodeAs(d Dialect) string {
	spec := dialects[d]
	joined := s.Key + "." + s.MeetingNumber + "." + strconv.FormatInt(s.Timestamp.UnixMilli(), 10) + "." +
		strconv.Itoa(int(s.Role)) + "." + s.Hash
	return outerEncoding(spec.urlOuter, spec.padOuter).EncodeToString([]byte(joined))
}

// TestGoldenVerify judges every vector as Zoom would: the good dialects
// pass; the URL-safe Ruby sample fails exactly when its hash holds '-' or
// '_'; the gsub fix fails exactly when the key holds '-' or '_'.
func TestGoldenVerify(t *testing.T) {
	outcomes := map[Dialect]map[string]int{}
	for _, v := range loadLegacyVectors(t) {
		t.Run(v.name(), func(t *testing.T) {
			s, err := Verify(v.signature, v.key, v.secret, WithClock(FixedClock(v.at)))
			require.NotNil(t, s)
			var want error
			switch v.dialect {
			case DialectRubyURLSafe:
				if strings.ContainsAny(s.Hash, "-_") {
					want = ErrURLSafeHash
				}
			case DialectRubyGsub:
				if strings.ContainsAny(v.key, "-_") {
					want = ErrKeyMismatch
				}
			}
			if want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, want)
			}
			if outcomes[v.dialect] == nil {
				outcomes[v.dialect] = map[string]int{}
			}
			outcomes[v.dialect][fmt.Sprint(want)]++
		})
	}
	// The vectors must exercise both verdicts of each broken dialect.
	for _, d := range []Dialect{DialectRubyURLSafe, DialectRubyGsub} {
		require.Len(t, outcomes[d], 2, "%v outcomes %v", d, outcomes[d])
	}
}

func TestErrURLSafeHashMatchesHashMismatch(t *testing.T) {
	require.ErrorIs(t, ErrURLSafeHash, ErrHashMismatch)
	require.NotErrorIs(t, ErrHashMismatch, ErrURLSafeHash)
	require.NotErrorIs(t, ErrURLSafeHash, ErrKeyMismatch)
}

// randomCase draws a key of Zoom's alphabet, a meeting number and an instant.
func randomCase(r *rand.Rand) (key, mn string, ts int64, role Role) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	kb := make([]byte, 22)
	for i := range kb {
		kb[i] = alphabet[r.Intn(len(alphabet))]
	}
	mn = strconv.FormatInt(100000000+r.Int63n(899999999999), 10)
	ts = 1577836800000 + r.Int63n(315532800000)
	return string(kb), mn, ts, Role(r.Intn(2))
}

// TestPropertyOuterAlphabetNeverMatters checks, over 10,000 random inputs,
// what zoom-notes.md proves: the message and the outer encoding never hold
// '+' or '/', so standard and URL-safe outer encodings are equal up to
// padding, and only the alphabet of the hash can matter.
func TestPropertyOuterAlphabetNeverMatters(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	st := &macState{mac: hmac.New(sha256.New, []byte(testSecret))}
	for i := 0; i < 10000; i++ {
		key, mn, ts, role := randomCase(r)
		msg := base64.StdEncoding.EncodeToString([]byte(key + mn + strconv.FormatInt(ts, 10) + strconv.Itoa(int(role))))
		require.NotContains(t, msg, "+")
		require.NotContains(t, msg, "/")
		std := string(st.appendLegacy(nil, dialectSpec{padOuter: true}, keyPrefix{}, key, mn, ts, role))
		url := string(st.appendLegacy(nil, dialectSpec{urlOuter: true, padOuter: true}, keyPrefix{}, key, mn, ts, role))
		raw := string(st.appendLegacy(nil, dialectSpec{}, keyPrefix{}, key, mn, ts, role))
		require.Equal(t, std, url, "outer alphabets differ for %s", key)
		require.Equal(t, strings.TrimRight(std, "="), raw)
		require.NotContains(t, std, "+")
		require.NotContains(t, std, "/")
	}
}

// TestPropertyURLSafeAcceptanceRate: Zoom accepts the URL-safe Ruby
// sample's signature only when none of the 42 fully random hash characters
// is '+' or '/', so with probability (62/64)^42 ≈ 26%.
func TestPropertyURLSafeAcceptanceRate(t *testing.T) {
	const n = 10000
	p := math.Pow(62.0/64.0, 42)
	r := rand.New(rand.NewSource(2))
	accepted := 0
	for i := 0; i < n; i++ {
		key, mn, _, role := randomCase(r)
		key = strings.NewReplacer("-", "a", "_", "b").Replace(key) // keep the gsub question out of it
		at := time.UnixMilli(1577836800000 + r.Int63n(315532800000))
		sig, err := Generate(key, testSecret, mn[:9], role, WithDialect(DialectRubyURLSafe), WithClock(FixedClock(at)))
		require.NoError(t, err)
		_, err = Verify(sig, key, testSecret, WithClock(FixedClock(at)))
		switch {
		case err == nil:
			accepted++
		case !errors.Is(err, ErrURLSafeHash):
			t.Fatalf("unexpected error %v", err)
		}
	}
	rate := float64(accepted) / n
	sigma := math.Sqrt(p * (1 - p) / n)
	t.Logf("accepted %d of %d = %.4f; (62/64)^42 = %.4f, sigma %.4f", accepted, n, rate, p, sigma)
	require.InDelta(t, p, rate, 5*sigma)
}

func TestGenerateRejectsBadInput(t *testing.T) {
	long := strings.Repeat("k", maxKeyLen+1)
	tests := []struct {
		name          string
		key, secret   string
		mn            string
		role          Role
		opts          []Option
		wantErr       error
		wantInMessage string
	}{
		{"empty key", "", testSecret, testMN, 0, nil, ErrInvalidKey, "empty"},
		{"key with dot", "abc.def", testSecret, testMN, 0, nil, ErrInvalidKey, "'.'"},
		{"key with space", "abc def", testSecret, testMN, 0, nil, ErrInvalidKey, "space"},
		{"key with newline", "abc\n", testSecret, testMN, 0, nil, ErrInvalidKey, "non-printable"},
		{"key non-ascii", "abcé", testSecret, testMN, 0, nil, ErrInvalidKey, "non-printable"},
		{"key too long", long, testSecret, testMN, 0, nil, ErrInvalidKey, "more than"},
		{"empty secret", testKey, "", testMN, 0, nil, ErrInvalidSecret, "empty"},
		{"short secret", testKey, "thirteen-byte", testMN, 0, nil, ErrInvalidSecret, "fewer than 14"},
		{"huge secret", testKey, strings.Repeat("s", maxSecretLen+1), testMN, 0, nil, ErrInvalidSecret, "more than"},
		{"spaced meeting", testKey, testSecret, "858 2327 2833", 0, nil, ErrInvalidMeetingNumber, "NormalizeMeetingNumber"},
		{"short meeting", testKey, testSecret, "12345678", 0, nil, ErrInvalidMeetingNumber, "9 to 12"},
		{"long meeting", testKey, testSecret, "1234567890123", 0, nil, ErrInvalidMeetingNumber, "9 to 12"},
		{"empty meeting", testKey, testSecret, "", 0, nil, ErrInvalidMeetingNumber, "9 to 12"},
		{"role 2", testKey, testSecret, testMN, 2, nil, ErrInvalidRole, "2 is neither"},
		{"role -1", testKey, testSecret, testMN, -1, nil, ErrInvalidRole, "-1"},
		{"negative backdate", testKey, testSecret, testMN, 0, []Option{WithBackdate(-time.Second)}, ErrInvalidOption, "backdate"},
		{"sub-ms backdate", testKey, testSecret, testMN, 0, []Option{WithBackdate(time.Microsecond)}, ErrInvalidOption, "whole milliseconds"},
		{"huge backdate", testKey, testSecret, testMN, 0, []Option{WithBackdate(2 * time.Hour)}, ErrInvalidOption, "outside"},
		{"unknown dialect", testKey, testSecret, testMN, 0, []Option{WithDialect(99)}, ErrInvalidOption, "dialect 99"},
		{"negative dialect", testKey, testSecret, testMN, 0, []Option{WithDialect(-1)}, ErrInvalidOption, "dialect -1"},
		{"leeway not for Generate", testKey, testSecret, testMN, 0, []Option{WithLeeway(time.Second)}, ErrInvalidOption, "WithLeeway does not apply to Generate"},
		{"max age not for Generate", testKey, testSecret, testMN, 0, []Option{WithMaxAge(time.Hour)}, ErrInvalidOption, "WithMaxAge does not apply"},
		{"clock before 1970", testKey, testSecret, testMN, 0, []Option{WithClock(FixedClock(time.Time{}))}, ErrInvalidOption, "1970"},
		{"clock after 9999", testKey, testSecret, testMN, 0, []Option{WithClock(FixedClock(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)))}, ErrInvalidOption, "9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig, err := Generate(tt.key, tt.secret, tt.mn, tt.role, tt.opts...)
			require.ErrorIs(t, err, tt.wantErr)
			require.Empty(t, sig)
			require.Contains(t, err.Error(), tt.wantInMessage)
			require.NotContains(t, err.Error(), testSecret)
		})
	}
}

func TestNilOptionIsSkipped(t *testing.T) {
	a, err := Generate(testKey, testSecret, testMN, RoleAttendee, nil, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	b, err := Generate(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	require.Equal(t, a, b)
}

func TestBackdate(t *testing.T) {
	for _, d := range []time.Duration{0, time.Millisecond, 30 * time.Second, time.Hour} {
		t.Run(d.String(), func(t *testing.T) {
			sig, err := Generate(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(testAt)), WithBackdate(d))
			require.NoError(t, err)
			s, err := Parse(sig)
			require.NoError(t, err)
			require.Equal(t, testAt.Add(-d).UnixMilli(), s.Timestamp.UnixMilli())
		})
	}
	t.Run("default is 30s", func(t *testing.T) {
		sig, err := Generate(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(testAt)))
		require.NoError(t, err)
		s, err := Parse(sig)
		require.NoError(t, err)
		require.Equal(t, testAt.UnixMilli()-30000, s.Timestamp.UnixMilli())
	})
}

func TestSystemClockByDefault(t *testing.T) {
	before := time.Now()
	sig, err := Generate(testKey, testSecret, testMN, RoleHost)
	require.NoError(t, err)
	s, err := Verify(sig, testKey, testSecret)
	require.NoError(t, err)
	require.WithinDuration(t, before.Add(-DefaultBackdate), s.Timestamp, time.Second)

	// A nil Clock and a nil ClockFunc mean the system clock too.
	_, err = Generate(testKey, testSecret, testMN, RoleHost, WithClock(nil))
	require.NoError(t, err)
	require.WithinDuration(t, time.Now(), ClockFunc(nil).Now(), time.Second)
	require.Equal(t, testAt, ClockFunc(func() time.Time { return testAt }).Now())
}

func TestSignerMatchesGenerate(t *testing.T) {
	clock := FixedClock(testAt)
	for _, d := range Dialects() {
		s, err := NewSigner(testKey, testSecret, WithClock(clock), WithDialect(d))
		require.NoError(t, err)
		for _, role := range []Role{RoleAttendee, RoleHost} {
			got, err := s.Sign(testMN, role)
			require.NoError(t, err)
			want, err := Generate(testKey, testSecret, testMN, role, WithClock(clock), WithDialect(d))
			require.NoError(t, err)
			require.Equal(t, want, got)
		}
	}
	s, err := NewSigner(testKey, testSecret)
	require.NoError(t, err)
	require.Equal(t, testKey, s.Key())
	_, err = s.Sign("12 34", RoleHost)
	require.ErrorIs(t, err, ErrInvalidMeetingNumber)
	_, err = s.Sign(testMN, 7)
	require.ErrorIs(t, err, ErrInvalidRole)

	_, err = NewSigner(testKey, testSecret, WithLeeway(time.Second))
	require.ErrorIs(t, err, ErrInvalidOption)
	_, err = NewSigner("", testSecret)
	require.ErrorIs(t, err, ErrInvalidKey)
	_, err = NewSigner(testKey, "short")
	require.ErrorIs(t, err, ErrInvalidSecret)

	clockless, err := NewSigner(testKey, testSecret, WithClock(FixedClock(time.Unix(-1, 0))))
	require.NoError(t, err)
	_, err = clockless.Sign(testMN, RoleAttendee)
	require.ErrorIs(t, err, ErrInvalidOption)
}

// concurrently runs f(g, i) for i in 0..perGoroutine-1 in each of n
// goroutines at once (the point under -race), and fails the test with the
// first error of each goroutine.
func concurrently(t *testing.T, n, perGoroutine int, f func(g, i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for g := 0; g < n; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < perGoroutine; i++ {
				if err := f(g, i); err != nil {
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestSignerConcurrent signs from many goroutines at once (run with -race)
// and checks every result against a fresh one-shot Generate.
func TestSignerConcurrent(t *testing.T) {
	clock := FixedClock(testAt)
	s, err := NewSigner(testKey, testSecret, WithClock(clock))
	require.NoError(t, err)
	concurrently(t, 16, 200, func(g, i int) error {
		mn := strconv.Itoa(100000000 + g*1000 + i)
		got, err := s.Sign(mn, Role(i%2))
		if err != nil {
			return err
		}
		want, err := Generate(testKey, testSecret, mn, Role(i%2), WithClock(clock))
		if err == nil && got != want {
			err = fmt.Errorf("goroutine %d: %s != %s", g, got, want)
		}
		return err
	})
}

func TestSignAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items")
	}
	s, err := NewSigner(testKey, testSecret, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := s.Sign(testMN, RoleAttendee); err != nil {
			t.Fatal(err)
		}
	})
	require.LessOrEqual(t, allocs, 1.0)
}

// TestSignerNeverPrintsSecret formats a Signer with every verb and flag,
// directly, by value, nested, and through slog.
func TestSignerNeverPrintsSecret(t *testing.T) {
	s, err := NewSigner(testKey, testSecret, WithDialect(DialectPHP))
	require.NoError(t, err)
	var nilSigner *Signer
	holder := struct{ S *Signer }{s}
	// A copy of the Signer by value, as careless code might print it. vet
	// forbids copying it directly, so take the copy through reflection.
	copied := reflect.ValueOf(s).Elem().Interface()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T", "%p", "%10v", "%-8s", "% x", "%#x", "%o", "%b"} {
		for _, arg := range []any{s, copied, holder, []*Signer{s}, nilSigner} {
			out := fmt.Sprintf(verb, arg)
			require.NotContains(t, out, testSecret, "verb %s", verb)
			require.NotContains(t, out, fmt.Sprintf("%x", testSecret), "verb %s", verb)
			require.NotContains(t, out, fmt.Sprint([]byte(testSecret)), "verb %s", verb)
		}
	}
	require.Equal(t, `zoomsig.Signer{key:"BdrX5jD_Rsagb902E7I15A" secret:REDACTED dialect:php}`, fmt.Sprintf("%v", s))
	require.Equal(t, "zoomsig.Signer(nil)", fmt.Sprint(nilSigner))

	for _, h := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(h(&buf)).Info("signer", "s", s, "nil", nilSigner)
		require.NotContains(t, buf.String(), testSecret)
		require.Contains(t, buf.String(), "REDACTED")
		require.Contains(t, buf.String(), testKey)
	}
}

func TestRoleAndDialectStrings(t *testing.T) {
	require.Equal(t, "attendee", RoleAttendee.String())
	require.Equal(t, "host", RoleHost.String())
	require.Equal(t, "role(5)", Role(5).String())
	names := map[string]bool{}
	for _, d := range Dialects() {
		names[d.String()] = true
		back, err := ParseDialect(d.String())
		require.NoError(t, err)
		require.Equal(t, d, back)
	}
	require.Len(t, names, int(dialectCount))
	require.Equal(t, "standard", DialectStandard.String())
	require.Equal(t, "dialect(42)", Dialect(42).String())
	_, err := ParseDialect("cobol")
	require.ErrorIs(t, err, ErrInvalidOption)
}

func TestNormalizeMeetingNumber(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  error
	}{
		{"85823272833", "85823272833", nil},
		{"858 2327 2833", "85823272833", nil},
		{"858-2327-2833", "85823272833", nil},
		{" 858\t2327\u00a02833 ", "85823272833", nil},
		{"858\u20132327\u20132833", "85823272833", nil},
		{"123456789", "123456789", nil},
		{"123456789012", "123456789012", nil},
		{"12345678", "", ErrInvalidMeetingNumber},
		{"1234567890123", "", ErrInvalidMeetingNumber},
		{"858.2327.2833", "", ErrInvalidMeetingNumber},
		{"85823272833a", "", ErrInvalidMeetingNumber},
		{"", "", ErrInvalidMeetingNumber},
		{strings.Repeat("1", 65), "", ErrInvalidMeetingNumber},
		{"٣٤٥٦٧٨٩٠١٢", "", ErrInvalidMeetingNumber}, // non-ASCII digits
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeMeetingNumber(tt.in)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestClipKeepsUTF8Whole(t *testing.T) {
	s := strings.Repeat("é", 30)
	c := clip(s)
	require.True(t, strings.HasSuffix(c, "…"))
	require.LessOrEqual(t, len(c), 40+len("…"))
	require.Equal(t, strings.ToValidUTF8(c, "?"), c)
	require.Equal(t, "short", clip("short"))
}

func TestCheckCredentials(t *testing.T) {
	require.NoError(t, CheckCredentials(testKey, testSecret))
	require.ErrorIs(t, CheckCredentials("a.b", testSecret), ErrInvalidKey)
	require.ErrorIs(t, CheckCredentials(testKey, "short"), ErrInvalidSecret)
}
