package zoomsig

import (
	"bytes"
	"fmt"
	"log/slog"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

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

// TestSignerConcurrentJWT has many goroutines make every kind of Meeting
// SDK token from a fresh Signer at once, so that its cached token starts
// are made while others wait for them (the point under -race), and checks
// each token against a fresh one-shot.
func TestSignerConcurrentJWT(t *testing.T) {
	clock := WithClock(FixedClock(testAt))
	s, err := NewSigner(testKey, testSecret, clock)
	require.NoError(t, err)
	concurrently(t, 16, 40, func(g, i int) error {
		claim := WithSDKKeyClaim(i%2 == 0)
		mn := strconv.Itoa(100000000 + g*1000 + i)
		got, err := s.SignJWT(mn, Role(g%2), claim)
		if err != nil {
			return err
		}
		want, err := GenerateJWT(testKey, testSecret, mn, Role(g%2), clock, claim)
		if err == nil && got != want {
			return fmt.Errorf("goroutine %d: %s != %s", g, got, want)
		}
		native, err := s.SignNativeJWT(claim)
		if err != nil {
			return err
		}
		want, err = GenerateNativeJWT(testKey, testSecret, clock, claim)
		if err == nil && native != want {
			err = fmt.Errorf("goroutine %d: native %s != %s", g, native, want)
		}
		return err
	})
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
	// Make every cached token start, each holding a hash state.
	for _, claim := range []bool{true, false} {
		_, err = s.SignJWT(testMN, RoleAttendee, WithSDKKeyClaim(claim))
		require.NoError(t, err)
		_, err = s.SignNativeJWT(WithSDKKeyClaim(claim))
		require.NoError(t, err)
	}
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
			for _, heads := range s.heads.head {
				for _, head := range heads {
					state := head.mid.state
					require.NotContains(t, out, fmt.Sprint(state[8:40]), "verb %s: a hash state derived from the secret", verb)
					require.NotContains(t, out, fmt.Sprintf("%x", state[8:40]), "verb %s", verb)
				}
			}
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
