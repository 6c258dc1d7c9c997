package zoomsig

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"strings"
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
	keys := newKeySchedule([]byte(testSecret))
	st := &macState{keys: &keys, h: sha256.New()}
	for i := 0; i < 10000; i++ {
		key, mn, ts, role := randomCase(r)
		msg := base64.StdEncoding.EncodeToString([]byte(key + mn + strconv.FormatInt(ts, 10) + strconv.Itoa(int(role))))
		require.NotContains(t, msg, "+")
		require.NotContains(t, msg, "/")
		std := string(st.appendLegacy(nil, dialectSpec{padOuter: true}, keyPrefix{}, key, mn, strconv.AppendInt(nil, ts, 10), role))
		url := string(st.appendLegacy(nil, dialectSpec{urlOuter: true, padOuter: true}, keyPrefix{}, key, mn, strconv.AppendInt(nil, ts, 10), role))
		raw := string(st.appendLegacy(nil, dialectSpec{}, keyPrefix{}, key, mn, strconv.AppendInt(nil, ts, 10), role))
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
