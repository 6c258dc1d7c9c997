package zoomsig

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	fakeAccessToken = "access-Tk9mZWVkYmFja0FjY2Vzc1Rva2Vu"
	fakeZAK         = "zak-eyJ6bV9za20iOiJ6bV9vMm0ifQ"
)

// bearer adds an OAuth access token to every request, as an oauth2
// transport does.
type bearer struct {
	token string
	base  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(r)
}

func oauthClient() *http.Client {
	return &http.Client{Transport: bearer{fakeAccessToken, http.DefaultTransport}}
}

// fakeUsersAPI answers GET /users/{id}/token as Zoom's REST API documents
// it, demanding the fake's bearer token; answer, when set, replaces the
// success for the test at hand.
func fakeUsersAPI(t *testing.T, answer http.HandlerFunc) (*httptest.Server, *atomic.Value) {
	var last atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		last.Store(r.URL.String())
		if r.Header.Get("Authorization") != "Bearer "+fakeAccessToken {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"code":124,"message":"Invalid access token."}`)
			return
		}
		if answer != nil {
			answer(w, r)
			return
		}
		fmt.Fprintf(w, `{"token":%q}`, fakeZAK+"-"+r.URL.Query().Get("type"))
	}))
	t.Cleanup(srv.Close)
	return srv, &last
}

func TestFetchUserToken(t *testing.T) {
	srv, last := fakeUsersAPI(t, nil)
	ctx := context.Background()
	api := WithZoomAPI(srv.URL + "/v2/")

	tok, err := FetchUserToken(ctx, oauthClient(), "me", TokenZAK, api)
	require.NoError(t, err)
	require.Equal(t, fakeZAK+"-zak", tok)
	require.Equal(t, "/v2/users/me/token?type=zak", last.Load())

	tok, err = FetchUserToken(ctx, oauthClient(), "host.user+zoom@example.com", TokenOnBehalf, api, WithMeetingNumber("858 2327 2833"))
	require.NoError(t, err)
	require.Equal(t, fakeZAK+"-onbehalf", tok)
	require.Equal(t, "/v2/users/host.user+zoom@example.com/token?meeting_id=85823272833&type=onbehalf", last.Load())

	_, err = FetchUserToken(ctx, oauthClient(), "KDcuGIm1QgePTO8WbOqwIQ", TokenZAK, api, WithTokenTTL(30*time.Minute))
	require.NoError(t, err)
	require.Equal(t, "/v2/users/KDcuGIm1QgePTO8WbOqwIQ/token?ttl=1800&type=zak", last.Load())
}

func TestFetchUserTokenRefuses(t *testing.T) {
	srv, last := fakeUsersAPI(t, nil)
	api := WithZoomAPI(srv.URL)
	for _, tt := range []struct {
		name string
		user string
		typ  UserTokenType
		opts []Option
	}{
		{"empty user", "", TokenZAK, nil},
		{"path in user", "../admin", TokenZAK, nil},
		{"slash in user", "a/b", TokenZAK, nil},
		{"space in user", "a b", TokenZAK, nil},
		{"not an email", "a@b", TokenZAK, nil},
		{"unknown type", "me", "pat", nil},
		{"ttl for OBF", "me", TokenOnBehalf, []Option{WithTokenTTL(time.Hour)}},
		{"ttl fraction", "me", TokenZAK, []Option{WithTokenTTL(1500 * time.Millisecond)}},
		{"bad meeting", "me", TokenZAK, []Option{WithMeetingNumber("12")}},
		{"plain http elsewhere", "me", TokenZAK, []Option{WithZoomAPI("http://api.zoom.us/v2")}},
		{"not a URL", "me", TokenZAK, []Option{WithZoomAPI("api.zoom.us")}},
		{"foreign option", "me", TokenZAK, []Option{WithExpiry(time.Hour)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			last.Store("")
			_, err := FetchUserToken(context.Background(), oauthClient(), tt.user, tt.typ, append([]Option{api}, tt.opts...)...)
			require.ErrorIs(t, err, ErrInvalidOption)
			require.Equal(t, "", last.Load(), "no request is made")
		})
	}
	_, err := FetchUserToken(context.Background(), nil, "me", TokenZAK, api)
	require.ErrorIs(t, err, ErrInvalidOption)
	require.NoError(t, checkZoomAPI("http://[::1]:8080/v2"))
	require.NoError(t, checkZoomAPI("https://api.zoomgov.com/v2"))
}

// TestFetchUserTokenZoomErrors: every answer other than a token is a clear
// error, and none holds a token.
func TestFetchUserTokenZoomErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		answer http.HandlerFunc
		want   ZoomAPIError
		client *http.Client
	}{
		{"expired access token", nil, ZoomAPIError{Status: 401, Code: 124, Message: "Invalid access token."}, &http.Client{Transport: bearer{"stale-" + fakeAccessToken, http.DefaultTransport}}},
		{"user not found", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(404)
			fmt.Fprint(w, `{"code":1001,"message":"User does not exist: nobody@example.com."}`)
		}, ZoomAPIError{Status: 404, Code: 1001, Message: "User does not exist: nobody@example.com."}, nil},
		{"rate limited", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"code":429,"message":"You have reached the maximum per-second rate limit for this API."}`)
		}, ZoomAPIError{Status: 429, Code: 429, Message: "You have reached the maximum per-second rate limit for this API.", RetryAfter: 7 * time.Second}, nil},
		{"server error page", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(503)
			fmt.Fprint(w, "<html>unavailable</html>")
		}, ZoomAPIError{Status: 503}, nil},
		{"no token", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{}`) },
			ZoomAPIError{Status: 200, Message: `the answer holds no "token" string`}, nil},
		{"empty token", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"token":""}`) },
			ZoomAPIError{Status: 200, Message: `the answer holds no "token" string`}, nil},
		{"number token", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"token":12345}`) },
			ZoomAPIError{Status: 200, Message: `the answer holds no "token" string`}, nil},
		{"over the cap", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"token":%q}`, strings.Repeat("z", maxZoomAnswer))
		}, ZoomAPIError{Status: 200, Message: "the answer is over 65536 bytes"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := fakeUsersAPI(t, tt.answer)
			c := tt.client
			if c == nil {
				c = oauthClient()
			}
			_, err := FetchUserToken(context.Background(), c, "me", TokenZAK, WithZoomAPI(srv.URL))
			require.ErrorIs(t, err, ErrZoomAPI)
			var ze *ZoomAPIError
			require.ErrorAs(t, err, &ze)
			require.Equal(t, tt.want, *ze)
			require.NotContains(t, err.Error(), fakeAccessToken)
			require.NotContains(t, err.Error(), fakeZAK)
		})
	}
}

// TestFetchUserTokenNeverFollowsRedirects: an OAuth transport would send
// the bearer token wherever a 30x points.
func TestFetchUserTokenNeverFollowsRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		fmt.Fprint(w, `{"token":"stolen"}`)
	}))
	defer thief.Close()
	srv, _ := fakeUsersAPI(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, thief.URL+"/collect", http.StatusFound)
	})
	c := oauthClient()
	_, err := FetchUserToken(context.Background(), c, "me", TokenZAK, WithZoomAPI(srv.URL))
	var ze *ZoomAPIError
	require.ErrorAs(t, err, &ze)
	require.Equal(t, http.StatusFound, ze.Status)
	require.Zero(t, elsewhere.Load(), "the redirect was not followed")
	require.Nil(t, c.CheckRedirect, "the caller's client is not changed")
}

func TestFetchUserTokenDeadline(t *testing.T) {
	srv, _ := fakeUsersAPI(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := FetchUserToken(ctx, oauthClient(), "me", TokenZAK, WithZoomAPI(srv.URL))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotContains(t, err.Error(), fakeAccessToken)
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	require.Equal(t, 3*time.Second, retryAfter("3", now))
	require.Equal(t, 90*time.Second, retryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now))
	require.Zero(t, retryAfter("soon", now))
	require.Zero(t, retryAfter(now.Add(-time.Minute).Format(http.TimeFormat), now))
	require.Equal(t, 12*time.Hour, retryAfter("2026-11-28T00:00:00Z", now), "the RFC 3339 instant of Zoom's older docs")
}

func TestZoomRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 18, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, header, message string
		want                  time.Duration
	}{
		{"header wins", "7", "You have reached the maximum daily rate limit for this API.", 7 * time.Second},
		{"daily: the next 00:00 UTC", "", "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.", 5*time.Hour + 30*time.Minute},
		{"daily, a user's limit", "", "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.", 5*time.Hour + 30*time.Minute},
		{"per second: unknown", "", "You have reached the maximum per-second rate limit for this API. Try again later.", 0},
		{"nothing", "", "", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, zoomRetryAfter(tt.header, tt.message, now))
		})
	}
	offset := time.FixedZone("UTC+9", 9*3600)
	require.Equal(t, 5*time.Hour+30*time.Minute, zoomRetryAfter("", "daily", now.In(offset)), "UTC's midnight, whatever the local zone")
}

func TestZoomAPIErrorText(t *testing.T) {
	err := error(&ZoomAPIError{Status: 429, Code: 429, Message: "slow down", RetryAfter: 2 * time.Second})
	require.Equal(t, "zoomsig: Zoom API error: HTTP 429, code 429: slow down (retry after 2s)", err.Error())
	require.True(t, errors.Is(err, ErrZoomAPI))
}
