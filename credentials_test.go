package zoomsig

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestSecretHygiene: signing and verifying refuse a secret with whitespace
// at either end or a control character, and a key equal to the secret;
// the errors say which rule and never the value.
func TestSecretHygiene(t *testing.T) {
	for name, tt := range map[string]struct {
		key, secret string
		want        error
		says        string
	}{
		"trailing newline":    {testKey, testSecret + "\n", ErrInvalidSecret, "whitespace"},
		"trailing spaces":     {testKey, testSecret + "  \r\n", ErrInvalidSecret, "whitespace"},
		"leading tab":         {testKey, "\t" + testSecret, ErrInvalidSecret, "whitespace"},
		"control inside":      {testKey, testSecret[:5] + "\x00" + testSecret[5:], ErrInvalidSecret, "control character at byte 5"},
		"key equals secret":   {testSecret, testSecret, ErrInvalidCredentials, "key equals the secret"},
		"bad key":             {"a key", testSecret, ErrInvalidKey, "space"},
		"short secret":        {testKey, "short", ErrInvalidSecret, "fewer than"},
		"key equals, trimmed": {"Zq3vT8mWp1LxR6yN0c", "Zq3vT8mWp1LxR6yN0c", ErrInvalidCredentials, "equals"},
	} {
		t.Run(name, func(t *testing.T) {
			for fn, err := range map[string]error{
				"CheckCredentials": CheckCredentials(tt.key, tt.secret),
				"NewSigner":        second(NewSigner(tt.key, tt.secret)),
				"GenerateJWT":      second(GenerateJWT(tt.key, tt.secret, testMN, RoleAttendee)),
				"VerifyJWT":        second(VerifyJWT("a.b.c", tt.key, tt.secret)),
				"Verify":           second(Verify("abc", tt.key, tt.secret)),
			} {
				require.ErrorIs(t, err, tt.want, fn)
				require.ErrorIs(t, err, ErrInvalidCredentials, fn)
				require.Contains(t, err.Error(), tt.says, fn)
				if len(strings.TrimSpace(tt.secret)) >= minSecretLen {
					require.NotContains(t, err.Error(), strings.TrimSpace(tt.secret), fn)
				}
			}
		})
	}
	// Key = secret matches ErrInvalidCredentials only.
	err := CheckCredentials(testSecret, testSecret)
	require.False(t, errors.Is(err, ErrInvalidKey) || errors.Is(err, ErrInvalidSecret))
	// The diagnosis is the exception: it reports, never refuses.
	tok, err := GenerateJWT(testKey, testSecret, testMN, RoleAttendee)
	require.NoError(t, err)
	require.NotContains(t, codes(Diagnose(tok, testKey, testSecret+"\n")), CodeInvalidCredentials)
}

func second[T any](_ T, err error) error { return err }

// TestZeroSigner: a Signer not made by NewSigner errs, never panics.
func TestZeroSigner(t *testing.T) {
	for _, s := range []*Signer{{}, nil} {
		_, err := s.Sign(testMN, RoleAttendee)
		require.ErrorIs(t, err, ErrInvalidCredentials)
		_, err = s.SignJWT(testMN, RoleAttendee)
		require.ErrorIs(t, err, ErrInvalidCredentials)
		_, err = s.SignNativeJWT()
		require.ErrorIs(t, err, ErrInvalidCredentials)
		_, err = s.SignVideoJWT(VideoToken{SessionName: "s"})
		require.ErrorIs(t, err, ErrInvalidCredentials)
	}
	_, err := NewHandler(&Signer{})
	require.ErrorIs(t, err, ErrInvalidCredentials)
	_, err = NewVideoHandler(&Signer{})
	require.ErrorIs(t, err, ErrInvalidCredentials)
}

// TestMaxExpiry: a handler signs no lifetime over its cap.
func TestMaxExpiry(t *testing.T) {
	s, err := NewSigner(testKey, testSecret)
	require.NoError(t, err)
	h, err := NewHandler(s, WithMaxExpiry(time.Hour))
	require.NoError(t, err)
	v, err := NewVideoHandler(s, WithMaxExpiry(time.Hour))
	require.NoError(t, err)
	post := func(h http.Handler, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	w := post(h, `{"meetingNumber":"85823272833","role":0,"expirationSeconds":3601}`)
	require.Equal(t, 400, w.Code)
	require.JSONEq(t, `{"errors":[{"property":"expirationSeconds","reason":"must be from 1800 to 3600, got 3601"}]}`, w.Body.String())
	require.Equal(t, 200, post(h, `{"meetingNumber":"85823272833","role":0,"expirationSeconds":3600}`).Code)
	require.Equal(t, 400, post(v, `{"role":0,"sessionName":"s","expirationSeconds":7200}`).Code)
	require.Equal(t, 200, post(v, `{"role":0,"sessionName":"s","expirationSeconds":1800}`).Code)
	// The default is Zoom's own window.
	h, err = NewHandler(s)
	require.NoError(t, err)
	require.Equal(t, 200, post(h, `{"meetingNumber":"85823272833","role":0,"expirationSeconds":172800}`).Code)
	for _, bad := range []time.Duration{time.Minute, 49 * time.Hour, time.Hour + time.Millisecond} {
		_, err = NewHandler(s, WithMaxExpiry(bad))
		require.ErrorIs(t, err, ErrInvalidOption, bad)
	}
	_, err = NewHandler(s, WithExpiry(2*time.Hour), WithMaxExpiry(time.Hour))
	require.ErrorIs(t, err, ErrInvalidOption)
	require.Contains(t, err.Error(), "exceeds")
}
