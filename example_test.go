package zoomsig_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig"
)

// Credentials for the examples only. Real ones come from the environment.
const (
	exampleKey    = "BdrX5jD_Rsagb902E7I15A"
	exampleSecret = "Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi"
)

// A fixed clock makes a signature reproducible, as in a golden test. The
// output is byte-identical to Zoom's Java sample at the same instant.
func ExampleGenerate() {
	at := time.Date(2020, 7, 25, 0, 20, 24, 0, time.UTC)
	sig, err := zoomsig.Generate(exampleKey, exampleSecret, "85823272833", zoomsig.RoleAttendee,
		zoomsig.WithClock(zoomsig.FixedClock(at)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sig)
	// Output:
	// QmRyWDVqRF9Sc2FnYjkwMkU3STE1QS44NTgyMzI3MjgzMy4xNTk1NjM2Mzk0MDAwLjAuWFFmUTVhTDIvcDFsU1hFWVlQUFQ0K0hmTmhCRVN4R2w1ZUpVZWgvcGxNcz0
}

// A Signer is built once and reused; it is safe for concurrent use.
func ExampleSigner_Sign() {
	signer, err := zoomsig.NewSigner(exampleKey, exampleSecret,
		zoomsig.WithClock(zoomsig.FixedClock(time.Date(2020, 7, 25, 0, 20, 24, 0, time.UTC))))
	if err != nil {
		fmt.Println(err)
		return
	}
	mn, err := zoomsig.NormalizeMeetingNumber("858 2327 2833")
	if err != nil {
		fmt.Println(err)
		return
	}
	sig, _ := signer.Sign(mn, zoomsig.RoleHost)
	s, _ := zoomsig.Parse(sig)
	fmt.Println(s.MeetingNumber, s.Role, s.Timestamp)
	fmt.Println(signer) // the secret never prints
	// Output:
	// 85823272833 host 2020-07-25 00:19:54 +0000 UTC
	// zoomsig.Signer{key:"BdrX5jD_Rsagb902E7I15A" secret:REDACTED dialect:standard}
}

// rubySig is what the Ruby sample the forum thread complains of printed
// for the example credentials at 2020-07-25 00:20:26 UTC (made by
// testdata/gen/legacy.rb). Its hash holds '-': Zoom refuses it.
const rubySig = "QmRyWDVqRF9Sc2FnYjkwMkU3STE1QS44NTgyMzI3MjgzMy4xNTk1NjM2Mzk2MDAwLjEubWtYTFVTUGQwVHRUTi1pc3FiaEJUdGpOelhtMnJCRzc2TFA5djBSeFo5VT0"

// Parse decodes a signature without credentials.
func ExampleParse() {
	s, err := zoomsig.Parse(rubySig)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("key:      ", s.Key)
	fmt.Println("meeting:  ", s.MeetingNumber)
	fmt.Println("timestamp:", s.Timestamp)
	fmt.Println("role:     ", s.Role)
	fmt.Println("URL-safe hash:", s.HashURLSafe())
	// Output:
	// key:       BdrX5jD_Rsagb902E7I15A
	// meeting:   85823272833
	// timestamp: 2020-07-25 00:19:56 +0000 UTC
	// role:      host
	// URL-safe hash: true
}

// Verify judges a signature as Zoom would; a caller branches with errors.Is.
func ExampleVerify() {
	signedAt := time.Date(2020, 7, 25, 0, 20, 26, 0, time.UTC)
	good, _ := zoomsig.Generate(exampleKey, exampleSecret, "85823272833", zoomsig.RoleHost,
		zoomsig.WithClock(zoomsig.FixedClock(signedAt)))

	for _, c := range []struct {
		sig string
		at  time.Time
	}{
		{good, signedAt},
		{rubySig, signedAt},
		{good, signedAt.Add(25 * time.Hour)},
		{good, signedAt.Add(-time.Minute)},
	} {
		_, err := zoomsig.Verify(c.sig, exampleKey, exampleSecret, zoomsig.WithClock(zoomsig.FixedClock(c.at)))
		switch {
		case err == nil:
			fmt.Println("valid")
		case errors.Is(err, zoomsig.ErrURLSafeHash):
			fmt.Println("the hash uses the URL-safe alphabet: encode it with standard base64")
		case errors.Is(err, zoomsig.ErrHashMismatch):
			fmt.Println("wrong secret or recipe")
		case errors.Is(err, zoomsig.ErrExpired), errors.Is(err, zoomsig.ErrNotYetValid):
			fmt.Println(err)
		default:
			fmt.Println("refused:", err)
		}
	}
	// Output:
	// valid
	// the hash uses the URL-safe alphabet: encode it with standard base64
	// zoomsig: signature expired 1h0m30s ago (the timestamp is 25h0m30s old, lifetime 24h0m0s)
	// zoomsig: signature not yet valid: the timestamp is 30s ahead of the clock (leeway 0s)
}

// A Meeting SDK JWT for Web SDK 2.3 and later. WithBackdate(0) makes it
// byte-identical to Zoom's meetingsdk-auth-endpoint-sample at the same
// instant (the output below is what jsrsasign printed for these inputs); the
// default back-dates iat by 30 s against clock skew.
func ExampleGenerateJWT() {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	token, err := zoomsig.GenerateJWT(exampleKey, exampleSecret, "85823272833", zoomsig.RoleAttendee,
		zoomsig.WithClock(zoomsig.FixedClock(at)), zoomsig.WithBackdate(0))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(token)

	c, _ := zoomsig.VerifyJWT(token, exampleKey, exampleSecret, zoomsig.WithClock(zoomsig.FixedClock(at)))
	fmt.Println(c.MeetingNumber, c.Role, c.IssuedAt, c.ExpiresAt.Sub(c.IssuedAt))
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBLZXkiOiJCZHJYNWpEX1JzYWdiOTAyRTdJMTVBIiwic2RrS2V5IjoiQmRyWDVqRF9Sc2FnYjkwMkU3STE1QSIsIm1uIjoiODU4MjMyNzI4MzMiLCJyb2xlIjowLCJpYXQiOjE3OTU3NzAwMDAsImV4cCI6MTc5NTc3NzIwMCwidG9rZW5FeHAiOjE3OTU3NzcyMDB9.2msPXKc8ZoT3n11AXNI3if9je_28dZ2HmHAbHzmw7mY
	// 85823272833 attendee 2026-11-27 09:00:00 +0000 UTC 2h0m0s
}

// A Video SDK JWT with the optional claims set.
func ExampleGenerateVideoJWT() {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	token, err := zoomsig.GenerateVideoJWT(exampleKey, exampleSecret, zoomsig.VideoToken{
		Role:         zoomsig.RoleHost,
		SessionName:  "weekly review",
		UserIdentity: "user-42",
		GeoRegions:   []string{"US", "DE"},
	}, zoomsig.WithClock(zoomsig.FixedClock(at)), zoomsig.WithExpiry(time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := zoomsig.VerifyVideoJWT(token, exampleKey, exampleSecret, zoomsig.WithClock(zoomsig.FixedClock(at)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s as %s in %q, regions %v, %v\n", c.UserIdentity, c.Role, c.SessionName, c.GeoRegions, c.ExpiresAt.Sub(c.IssuedAt))
	// Output:
	// user-42 as host in "weekly review", regions [US DE], 1h0m0s
}

// VerifyJWT refuses every algorithm but HS256, whatever the rest says.
func ExampleVerifyJWT() {
	// {"alg":"none"} with a Meeting SDK payload and no signature.
	forged := "eyJhbGciOiJub25lIn0.eyJzZGtLZXkiOiJCZHJYNWpEX1JzYWdiOTAyRTdJMTVBIiwibW4iOiI4NTgyMzI3MjgzMyIsInJvbGUiOjEsImlhdCI6MTc5NDQ3MzIwMCwiZXhwIjoxNzk0NDgwNDAwfQ."
	_, err := zoomsig.VerifyJWT(forged, exampleKey, exampleSecret)
	fmt.Println(errors.Is(err, zoomsig.ErrAlgorithm), err)
	// Output:
	// true zoomsig: unsupported JWT algorithm: the header says "none"; Zoom uses HS256 only
}

// Diagnose says why Zoom would refuse a signature: here the Ruby sample's
// URL-safe hash, judged ten minutes after it was made, without and then
// with the secret.
func ExampleDiagnose() {
	at := zoomsig.WithClock(zoomsig.FixedClock(time.Date(2020, 7, 25, 0, 30, 26, 0, time.UTC)))
	for _, f := range zoomsig.Diagnose(rubySig, "", "", at) {
		fmt.Println(f.Severity, f.Code)
	}
	fmt.Println("--- with the secret:")
	for _, f := range zoomsig.Diagnose(rubySig, exampleKey, exampleSecret, at) {
		fmt.Printf("%s %s: %.60s…\n", f.Severity, f.Code, f.Message)
	}
	// Output:
	// error url-safe-hash
	// info legacy-format
	// info unverified
	// info host-role
	// --- with the secret:
	// error url-safe-hash: The hash holds '-' or '_': it is written in the URL-safe bas…
	// info legacy-format: This is a legacy Web SDK 1.x signature, which Web SDK 2.3 an…
	// info host-role: Role 1 starts the meeting as its host, which works only for …
}

// NewHandler serves Meeting SDK JWTs with the JSON of Zoom's endpoint
// sample; host tokens and unlisted origins are refused by default.
func ExampleNewHandler() {
	signer, err := zoomsig.NewSigner(exampleKey, exampleSecret,
		zoomsig.WithClock(zoomsig.FixedClock(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))))
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := zoomsig.NewHandler(signer, zoomsig.WithAllowedOrigins("https://app.example.com"))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, body := range []string{`{"meetingNumber":"858 2327 2833","role":0}`, `{"meetingNumber":"85823272833","role":1}`} {
		resp, err := http.Post(srv.URL, "application/json", strings.NewReader(body))
		if err != nil {
			fmt.Println(err)
			return
		}
		var answer struct {
			Signature string
			SDKKey    string
			Errors    []struct{ Property, Reason string }
		}
		_ = json.NewDecoder(resp.Body).Decode(&answer)
		resp.Body.Close()
		claims, _ := zoomsig.ParseJWT(answer.Signature)
		switch {
		case claims != nil:
			fmt.Println(resp.StatusCode, answer.SDKKey, claims.MeetingNumber, claims.Role, claims.ExpiresAt.Sub(claims.IssuedAt))
		default:
			fmt.Println(resp.StatusCode, answer.Errors)
		}
	}
	// Output:
	// 200 BdrX5jD_Rsagb902E7I15A 85823272833 attendee 2h0m0s
	// 403 [{role this endpoint does not sign host tokens (role 1)}]
}

// A Signer makes Video SDK tokens too: the claims go in a VideoToken, the
// credentials are the Video SDK app's.
func ExampleSigner_SignVideoJWT() {
	signer, err := zoomsig.NewSigner(exampleKey, exampleSecret,
		zoomsig.WithClock(zoomsig.FixedClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))))
	if err != nil {
		fmt.Println(err)
		return
	}
	token, err := signer.SignVideoJWT(zoomsig.VideoToken{
		Role:        zoomsig.RoleAttendee,
		SessionName: "daily standup",
		UserKey:     "u-1", // Zoom's 2026 name for user_identity
		GeoRegions:  []string{"US", "DE"},
	}, zoomsig.WithExpiry(time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := zoomsig.ParseVideoJWT(token)
	fmt.Printf("%q as %s, regions %v, issued %s, lives %v\n", c.SessionName, c.Role, c.GeoRegions, c.IssuedAt, c.ExpiresAt.Sub(c.IssuedAt))

	_, err = signer.SignVideoJWT(zoomsig.VideoToken{SessionName: strings.Repeat("x", 201)})
	fmt.Println(errors.Is(err, zoomsig.ErrInvalidVideoToken))
	// Output:
	// "daily standup" as attendee, regions [US DE], issued 2026-11-27 08:59:30 +0000 UTC, lives 1h0m0s
	// true
}

// VerifyVideoJWT judges a Video SDK token as Zoom does; a caller branches
// with errors.Is. A Meeting SDK token is refused with a pointer to
// VerifyJWT (and VerifyJWT points the other way).
func ExampleVerifyVideoJWT() {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	clock := zoomsig.WithClock(zoomsig.FixedClock(at))
	video, _ := zoomsig.GenerateVideoJWT(exampleKey, exampleSecret, zoomsig.VideoToken{SessionName: "daily standup"}, clock)
	meeting, _ := zoomsig.GenerateJWT(exampleKey, exampleSecret, "85823272833", zoomsig.RoleAttendee, clock)
	otherApp, _ := zoomsig.GenerateVideoJWT(exampleKey, strings.ToUpper(exampleSecret), zoomsig.VideoToken{SessionName: "daily standup"}, clock)

	for _, c := range []struct {
		token string
		at    time.Time
	}{
		{video, at},
		{video, at.Add(3 * time.Hour)},
		{otherApp, at},
		{meeting, at},
	} {
		claims, err := zoomsig.VerifyVideoJWT(c.token, exampleKey, exampleSecret, zoomsig.WithClock(zoomsig.FixedClock(c.at)))
		switch {
		case err == nil:
			fmt.Printf("valid for %q until %s\n", claims.SessionName, claims.ExpiresAt)
		case errors.Is(err, zoomsig.ErrExpired):
			fmt.Println("expired: sign each join just before it happens")
		case errors.Is(err, zoomsig.ErrHashMismatch), errors.Is(err, zoomsig.ErrKeyMismatch):
			fmt.Println("signed with other credentials")
		case errors.Is(err, zoomsig.ErrInvalidVideoToken):
			fmt.Println("breaks Zoom's Video SDK rules:", err)
		case errors.Is(err, zoomsig.ErrMalformed):
			fmt.Println(err)
		}
	}
	_, err := zoomsig.VerifyJWT(video, exampleKey, exampleSecret, clock)
	fmt.Println(err)
	// Output:
	// valid for "daily standup" until 2026-11-27 10:59:30 +0000 UTC
	// expired: sign each join just before it happens
	// signed with other credentials
	// zoomsig: malformed signature: this is a Meeting SDK token (it has "appKey", "sdkKey", "mn", "role", "tokenExp"), not a Video SDK token: use VerifyJWT
	// zoomsig: malformed signature: this is a Video SDK token (it has "app_key", "tpc", "role_type"), not a Meeting SDK token: use VerifyVideoJWT
}
