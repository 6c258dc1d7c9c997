package zoomsig

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The tests in this file prove that the judges share their rules: each
// table is derived from the rule's constants and run through every judge
// (options, Verify*, Diagnose, the handler), which must all agree. Change
// MinExpiry, MaxExpiry or DefaultMaxAge in its one declaration and these
// tests still hold with no other edit.

func hasCode(fs []Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func TestJudgesShareTheLifetimeWindow(t *testing.T) {
	h := newTestHandler(t)
	for _, d := range []time.Duration{MinExpiry - time.Second, MinExpiry, MinExpiry + time.Second, DefaultExpiry, MaxExpiry - time.Second, MaxExpiry, MaxExpiry + time.Second} {
		t.Run(d.String(), func(t *testing.T) {
			want := d >= MinExpiry && d <= MaxExpiry
			iat := testAt.Unix() - 30
			token := signRaw(`{"alg":"HS256","typ":"JWT"}`, meetingPayload(iat, iat+seconds(d), ""), testSecret)

			require.Equal(t, want, checkLifetime(d) == nil, "checkLifetime")
			_, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, WithExpiry(d), WithClock(FixedClock(testAt)))
			require.Equal(t, want, err == nil, "WithExpiry: %v", err)
			_, err = VerifyJWT(token, testKey, testSecret, WithClock(FixedClock(testAt)))
			require.Equal(t, want, !errors.Is(err, ErrExpiryWindow), "VerifyJWT: %v", err)
			_, err = GenerateVideoJWT(testKey, testSecret, VideoToken{SessionName: "s"}, WithExpiry(d), WithClock(FixedClock(testAt)))
			require.Equal(t, want, err == nil, "GenerateVideoJWT: %v", err)
			fs := Diagnose(token, testKey, testSecret, WithClock(FixedClock(testAt)))
			require.Equal(t, want, !hasCode(fs, CodeJWTExpWindow), "Diagnose: %v", fs)
			rec := do(h, "POST", fmt.Sprintf(`{"meetingNumber":%q,"role":0,"expirationSeconds":%d}`, testMN, seconds(d)))
			require.Equal(t, want, rec.Code == http.StatusOK, "handler: %d %s", rec.Code, rec.Body)
			if !want {
				require.Equal(t, http.StatusBadRequest, rec.Code, "the handler refuses with 400, never a 500 from the signer")
			}
		})
	}
}

func TestJudgesShareTheLegacyLifetime(t *testing.T) {
	sig, err := Generate(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(testAt)), WithBackdate(0))
	require.NoError(t, err)
	ts := time.UnixMilli(testAt.UnixMilli())
	for _, age := range []time.Duration{0, DefaultMaxAge - time.Millisecond, DefaultMaxAge, DefaultMaxAge + time.Hour} {
		t.Run(age.String(), func(t *testing.T) {
			at := WithClock(FixedClock(ts.Add(age)))
			want := age < DefaultMaxAge
			_, err := Verify(sig, testKey, testSecret, at)
			require.Equal(t, want, err == nil, "Verify: %v", err)
			require.Equal(t, want, !errors.Is(err, ErrExpired))
			fs := Diagnose(sig, testKey, testSecret, at)
			require.Equal(t, want, !hasCode(fs, CodeExpired), "Diagnose: %v", fs)
		})
	}
}

func TestJudgesShareTheClockRule(t *testing.T) {
	leeway := 5 * time.Second
	for _, ahead := range []time.Duration{0, leeway, leeway + time.Second} {
		t.Run(ahead.String(), func(t *testing.T) {
			signedAt := testAt.Add(ahead).Truncate(time.Second)
			judge := []Option{WithClock(FixedClock(signedAt.Add(-ahead))), WithLeeway(leeway)}
			want := ahead <= leeway
			sig, err := Generate(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(signedAt)), WithBackdate(0))
			require.NoError(t, err)
			_, err = Verify(sig, testKey, testSecret, judge...)
			require.Equal(t, want, !errors.Is(err, ErrNotYetValid), "Verify: %v", err)
			require.Equal(t, want, !hasCode(Diagnose(sig, testKey, testSecret, judge...), CodeClockAhead), "Diagnose legacy")
			tok, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee, WithClock(FixedClock(signedAt)), WithBackdate(0))
			require.NoError(t, err)
			_, err = VerifyJWT(tok, testKey, testSecret, judge...)
			require.Equal(t, want, !errors.Is(err, ErrNotYetValid), "VerifyJWT: %v", err)
			require.Equal(t, want, !hasCode(Diagnose(tok, testKey, testSecret, judge...), CodeClockAhead), "Diagnose JWT")
			vt, err := GenerateVideoJWT(testKey, testSecret, VideoToken{SessionName: "s"}, WithClock(FixedClock(signedAt)), WithBackdate(0))
			require.NoError(t, err)
			_, err = VerifyVideoJWT(vt, testKey, testSecret, judge...)
			require.Equal(t, want, !errors.Is(err, ErrNotYetValid), "VerifyVideoJWT: %v", err)
		})
	}
}

func TestJudgesShareTheRoleRule(t *testing.T) {
	h := newTestHandler(t, WithAllowHost(true))
	iat := testAt.Unix() - 30
	for _, role := range []int{-1, 0, 1, 2} {
		t.Run(fmt.Sprint(role), func(t *testing.T) {
			want := role == 0 || role == 1
			_, err := GenerateJWT(testKey, testSecret, testMN, Role(role), WithClock(FixedClock(testAt)))
			require.Equal(t, want, err == nil, "GenerateJWT: %v", err)
			require.Equal(t, !want, errors.Is(err, ErrInvalidRole))
			_, err = Generate(testKey, testSecret, testMN, Role(role), WithClock(FixedClock(testAt)))
			require.Equal(t, want, err == nil, "Generate: %v", err)
			_, err = GenerateVideoJWT(testKey, testSecret, VideoToken{SessionName: "s", Role: Role(role)}, WithClock(FixedClock(testAt)))
			require.Equal(t, want, err == nil, "GenerateVideoJWT: %v", err)
			payload := fmt.Sprintf(`{"appKey":%q,"sdkKey":%q,"mn":%q,"role":%d,"iat":%d,"exp":%d,"tokenExp":%d}`, testKey, testKey, testMN, role, iat, iat+7200, iat+7200)
			token := signRaw(`{"alg":"HS256","typ":"JWT"}`, payload, testSecret)
			_, err = VerifyJWT(token, testKey, testSecret, WithClock(FixedClock(testAt)))
			require.Equal(t, want, err == nil, "VerifyJWT: %v", err)
			require.Equal(t, want, !hasCode(Diagnose(token, testKey, testSecret, WithClock(FixedClock(testAt))), CodeRole), "Diagnose")
			rec := do(h, "POST", fmt.Sprintf(`{"meetingNumber":%q,"role":%d}`, testMN, role))
			require.Equal(t, want, rec.Code == http.StatusOK, "handler: %d", rec.Code)
		})
	}
}

func TestJudgeTime(t *testing.T) {
	now := testAt
	for _, tt := range []struct {
		name              string
		notBefore, notAft time.Time
		leeway            time.Duration
		early, expired    bool
		ahead, late       time.Duration
	}{
		{"inside", now.Add(-time.Minute), now.Add(time.Minute), 0, false, false, -time.Minute, -time.Minute},
		{"at the end", now.Add(-time.Minute), now, 0, false, true, -time.Minute, 0},
		{"ahead within leeway", now.Add(time.Second), now.Add(time.Hour), time.Second, false, false, time.Second, -time.Hour},
		{"ahead beyond leeway", now.Add(2 * time.Second), now.Add(time.Hour), time.Second, true, false, 2 * time.Second, -time.Hour},
		{"early wins over expired", now.Add(time.Hour), now.Add(-time.Hour), 0, true, false, time.Hour, time.Hour},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := judgeTime(now, tt.notBefore, tt.notAft, tt.leeway)
			require.Equal(t, timeFacts{ahead: tt.ahead, late: tt.late, early: tt.early, expired: tt.expired}, f)
		})
	}
}
