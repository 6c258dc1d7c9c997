package zoomsig_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/zoomsig/zoomsig"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// fakeZoom stands in for Zoom's OAuth and REST endpoints in the examples:
// POST /oauth/token (account credentials, HTTP Basic) and
// GET /v2/users/{id}/token, as Zoom documents them.
func fakeZoom() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok || id != "s2s-client" || secret != "s2s-secret" || r.FormValue("grant_type") != "account_credentials" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"s2s-access","token_type":"bearer","expires_in":3600,"scope":"user:read:token"}`)
	})
	mux.HandleFunc("GET /v2/users/{id}/token", func(w http.ResponseWriter, r *http.Request) {
		who := map[string]string{"Bearer s2s-access": "app", "Bearer user-access": "user"}[r.Header.Get("Authorization")]
		if who == "" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"code":124,"message":"Invalid access token."}`)
			return
		}
		token := r.URL.Query().Get("type") + "-for-" + r.PathValue("id") + "-via-" + who
		fmt.Fprintf(w, `{"token":%q}`, base64.RawURLEncoding.EncodeToString([]byte(token)))
	})
	return httptest.NewServer(mux)
}

func decoded(token string) string {
	b, _ := base64.RawURLEncoding.DecodeString(token)
	return string(b)
}

// An OBF token lets the app join a meeting outside its account on behalf
// of a logged-in user (since March 2026). It is fetched with that user's
// own OAuth token (scope user:read:token), here through golang.org/x/oauth2.
func ExampleFetchUserToken_onBehalf() {
	zoom := fakeZoom()
	defer zoom.Close()

	ctx := context.Background()
	userToken := &oauth2.Token{AccessToken: "user-access", TokenType: "Bearer"} // from your OAuth login flow
	client := oauth2.NewClient(ctx, oauth2.StaticTokenSource(userToken))
	obf, err := zoomsig.FetchUserToken(ctx, client, "me", zoomsig.TokenOnBehalf,
		zoomsig.WithZoomAPI(zoom.URL+"/v2"), // the default is https://api.zoom.us/v2
		zoomsig.WithMeetingNumber("858 2327 2833"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(decoded(obf)) // the front end passes it to join({..., obfToken})
	// Output: onbehalf-for-me-via-user
}

// A host starts a meeting with its ZAK. A server-to-server OAuth app of the
// account fetches it for any of the account's users; golang.org/x/oauth2
// caches the access token.
func ExampleFetchUserToken_zak() {
	zoom := fakeZoom()
	defer zoom.Close()

	ctx := context.Background()
	s2s := clientcredentials.Config{
		ClientID:       "s2s-client", // from the environment in real code
		ClientSecret:   "s2s-secret",
		TokenURL:       zoom.URL + "/oauth/token", // https://zoom.us/oauth/token
		EndpointParams: map[string][]string{"grant_type": {"account_credentials"}, "account_id": {"ACCOUNT"}},
		AuthStyle:      oauth2.AuthStyleInHeader,
	}
	zak, err := zoomsig.FetchUserToken(ctx, s2s.Client(ctx), "host@example.com", zoomsig.TokenZAK,
		zoomsig.WithZoomAPI(zoom.URL+"/v2"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(decoded(zak)) // the front end passes it to join({..., zak})

	// A wrong access token is a *ZoomAPIError with Zoom's code.
	stale := oauth2.NewClient(ctx, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "stale"}))
	_, err = zoomsig.FetchUserToken(ctx, stale, "me", zoomsig.TokenZAK, zoomsig.WithZoomAPI(zoom.URL+"/v2"))
	fmt.Println(err)
	// Output:
	// zak-for-host@example.com-via-app
	// zoomsig: Zoom API error: HTTP 401, code 124: Invalid access token.
}

// A TokenCache keeps each user's ZAK while it is good, and lets concurrent
// misses share one call: Zoom's rate limits count per account. Give it a
// shared Store (the redisstore package) and replicas share it too.
func ExampleTokenCache_UserToken() {
	zoom := fakeZoom()
	defer zoom.Close()

	ctx := context.Background()
	s2s := clientcredentials.Config{
		ClientID:       "s2s-client",
		ClientSecret:   "s2s-secret",
		TokenURL:       zoom.URL + "/oauth/token",
		EndpointParams: map[string][]string{"grant_type": {"account_credentials"}, "account_id": {"ACCOUNT"}},
		AuthStyle:      oauth2.AuthStyleInHeader,
	}
	calls := 0
	client := s2s.Client(ctx)
	next := client.Transport
	client.Transport = roundTripper(func(r *http.Request) (*http.Response, error) { calls++; return next.RoundTrip(r) })

	cache, err := zoomsig.NewTokenCache(zoomsig.TokenCacheConfig{App: s2s.ClientID})
	if err != nil {
		fmt.Println(err)
		return
	}
	for range 3 {
		zak, err := cache.UserToken(ctx, client, "host@example.com", zoomsig.TokenZAK,
			zoomsig.WithZoomAPI(zoom.URL+"/v2"), zoomsig.WithTokenTTL(30*time.Minute))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(decoded(zak))
	}
	fmt.Println("calls to Zoom:", calls)
	// Output:
	// zak-for-host@example.com-via-app
	// zak-for-host@example.com-via-app
	// zak-for-host@example.com-via-app
	// calls to Zoom: 1
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
