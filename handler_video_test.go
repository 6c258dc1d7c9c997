package zoomsig

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func newTestVideoHandler(t testing.TB, opts ...Option) *VideoHandler {
	t.Helper()
	s, err := NewSigner(testKey, testSecret)
	require.NoError(t, err)
	h, err := NewVideoHandler(s, append([]Option{WithClock(FixedClock(testAt))}, opts...)...)
	require.NoError(t, err)
	return h
}

type sampleAnswer struct {
	Status     int      `json:"status"`
	Properties []string `json:"properties"`
	Payload    string   `json:"payload"`
}

type videoEndpointCase struct {
	Name    string        `json:"name"`
	Body    string        `json:"body"`
	Sample  sampleAnswer  `json:"sample"`
	Zoomsig *sampleAnswer `json:"zoomsig"`
	Why     string        `json:"why"`
}

// normalizedPayload rewrites a token's payload as the probe recorded the
// sample's: compact, in order, iat and exp replaced by a final lifetime.
func normalizedPayload(t *testing.T, token string) string {
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	_, err = dec.Token()
	require.NoError(t, err)
	out := []byte{'{'}
	var iat, exp int64
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		var v any
		require.NoError(t, dec.Decode(&v))
		switch k {
		case "iat":
			iat, _ = v.(json.Number).Int64()
			continue
		case "exp":
			exp, _ = v.(json.Number).Int64()
			continue
		}
		out = appendJSONField(out, k.(string), len(out) == 1)
		if s, ok := v.(string); ok {
			out = appendJSONString(out, s)
		} else {
			out = append(out, v.(json.Number).String()...)
		}
	}
	return string(appendJSONInt(out, "lifetime", exp-iat)) + "}"
}

// TestVideoHandlerMatchesSample replays every request body recorded from
// Zoom's videosdk-auth-endpoint-sample: the same status, the same error
// properties in the same order, and for a 200 the same payload, except
// where a case documents a deliberate deviation.
func TestVideoHandlerMatchesSample(t *testing.T) {
	raw, err := os.ReadFile("testdata/video_endpoint_cases.json")
	require.NoError(t, err)
	var file struct{ Cases []videoEndpointCase }
	require.NoError(t, json.Unmarshal(raw, &file))
	require.Greater(t, len(file.Cases), 50, "no cases loaded")
	h := newTestVideoHandler(t, WithAllowHost(true), WithBackdate(0))
	deviations := 0
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			want := c.Sample
			if c.Zoomsig != nil {
				require.NotEmpty(t, c.Why, "a deviation says why")
				want, deviations = *c.Zoomsig, deviations+1
			}
			rec := do(h, "POST", c.Body)
			require.Equal(t, want.Status, rec.Code, rec.Body.String())
			if rec.Code != http.StatusOK {
				var got errorsBody
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
				var props []string
				for _, e := range got.Errors {
					props = append(props, e.Property)
				}
				require.Equal(t, want.Properties, props)
				return
			}
			var got struct{ Signature string }
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
			require.Equal(t, want.Payload, normalizedPayload(t, got.Signature), "the payload, member by member")
			_, err := VerifyVideoJWT(got.Signature, testKey, testSecret, WithClock(FixedClock(testAt)))
			require.NoError(t, err)
			_, err = golangJWTVerify(got.Signature, testSecret, testAt)
			require.NoError(t, err)
		})
	}
	require.Equal(t, 7, deviations, "the README's comparison table lists seven deviations")
}

// TestGoldenVideoHandler: every golden Video SDK vector, requested through
// the handler with the sample's JSON, yields jsrsasign's token byte for
// byte (audioCompatibleMode included).
func TestGoldenVideoHandler(t *testing.T) {
	rows := readTSV(t, "testdata/video_jwt_vectors.tsv", 18)
	for _, r := range rows {
		t.Run(r[0], func(t *testing.T) {
			s, err := NewSigner(r[1], r[2], WithClock(FixedClock(time.UnixMilli(atoi(t, r[5])))),
				WithBackdate(time.Duration(atoi(t, r[6]))*time.Second))
			require.NoError(t, err)
			h, err := NewVideoHandler(s, WithAllowHost(true))
			require.NoError(t, err)
			body := map[string]any{"role": atoi(t, r[3]), "sessionName": r[4]}
			for i, name := range map[int]string{7: "expirationSeconds", 8: "userIdentity", 9: "sessionKey", 10: "geoRegions",
				11: "cloudRecordingOption", 12: "cloudRecordingElection", 13: "videoWebRtcMode", 14: "audioWebRtcMode",
				15: "telemetryTrackingId", 16: "audioCompatibleMode"} {
				if r[i] != "" {
					body[name] = r[i] // strings throughout: the sample's parseInt reads the numbers
				}
			}
			b, err := json.Marshal(body)
			require.NoError(t, err)
			rec := do(h, "POST", string(b))
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			var got struct{ Signature string }
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
			require.Equal(t, r[17], got.Signature)
		})
	}
}

func TestVideoHandlerPolicy(t *testing.T) {
	good := `{"role":0,"sessionName":"daily standup"}`
	host := `{"role":1,"sessionName":"daily standup"}`
	refuse := errors.New("not one of ours")
	for _, tt := range []struct {
		name   string
		opts   []Option
		body   string
		status int
		prop   string
	}{
		{"attendee", nil, good, 200, ""},
		{"host refused by default", nil, host, 403, "role"},
		{"host allowed", []Option{WithAllowHost(true)}, host, 200, ""},
		{"listed session", []Option{WithSessions("daily standup")}, good, 200, ""},
		// Zoom reads tpc case-insensitively (its 2026 spec), so the list does.
		{"listed session, other case", []Option{WithSessions("Daily STANDUP")}, good, 200, ""},
		{"unlisted session", []Option{WithSessions("daily standup 2")}, good, 403, "sessionName"},
		{"transcript 0", nil, `{"role":0,"sessionName":"s","cloudRecordingTranscriptOption":0}`, 200, ""},
		{"transcript 2 refused by default", nil, `{"role":0,"sessionName":"s","cloudRecordingTranscriptOption":2}`, 403, "cloudRecordingTranscriptOption"},
		{"transcript 1 allowed", []Option{WithAllowHost(true)}, `{"role":1,"sessionName":"s","cloudRecordingTranscriptOption":"1"}`, 200, ""},
		{"transcript 3", []Option{WithAllowHost(true)}, `{"role":0,"sessionName":"s","cloudRecordingTranscriptOption":3}`, 400, "cloudRecordingTranscriptOption"},
		{"transcript null", nil, `{"role":0,"sessionName":"s","cloudRecordingTranscriptOption":null}`, 400, "cloudRecordingTranscriptOption"},
		{"user key", nil, `{"role":0,"sessionName":"s","userKey":"customer-acme-001"}`, 200, ""},
		{"user key of 37", nil, `{"role":0,"sessionName":"s","userKey":"` + strings.Repeat("k", 37) + `"}`, 400, "userKey"},
		{"user key beside user identity", nil, `{"role":0,"sessionName":"s","userKey":"a","userIdentity":"b"}`, 400, "userKey"},
		{"authorized", []Option{WithAuthorizeVideo(func(*http.Request, VideoToken) error { return nil })}, good, 200, ""},
		{"not authorized", []Option{WithAuthorizeVideo(func(*http.Request, VideoToken) error { return refuse })}, good, 403, "authorization"},
		{"invalid first", []Option{WithSessions("x")}, `{"role":0}`, 400, "sessionName"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(newTestVideoHandler(t, tt.opts...), "POST", tt.body)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			require.NotContains(t, rec.Body.String(), refuse.Error(), "a hook's error is never sent")
			if tt.prop != "" {
				require.Contains(t, rec.Body.String(), `"property":"`+tt.prop+`"`)
			}
		})
	}
}

func TestVideoHandlerHTTP(t *testing.T) {
	h := newTestVideoHandler(t, WithAllowedOrigins("https://app.example.com"), WithExpiry(time.Hour))
	rec := do(h, "GET", "")
	require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	require.Equal(t, "POST, OPTIONS", rec.Header().Get("Allow"))
	rec = do(h, "POST", `{"role":0,"sessionName":"s"}`, "Content-Type", "text/plain")
	require.Equal(t, http.StatusUnsupportedMediaType, rec.Code)
	rec = do(h, "POST", `{"sessionName":"`+strings.Repeat("a", MaxRequestBody)+`"}`)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	rec = do(h, "POST", `[]`)
	require.Equal(t, http.StatusBadRequest, rec.Code)
	rec = do(h, "OPTIONS", "", "Origin", "https://app.example.com")
	require.Equal(t, http.StatusNoContent, rec.Code)
	require.Equal(t, "https://app.example.com", rec.Header().Get("Access-Control-Allow-Origin"))
	rec = do(h, "POST", `{"role":0,"sessionName":"s"}`, "Origin", "https://evil.example")
	require.Equal(t, http.StatusOK, rec.Code)
	require.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"))
	require.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	var got map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.Len(t, got, 1, "the sample answers {\"signature\"} alone")
	c, err := VerifyVideoJWT(got["signature"], testKey, testSecret, WithClock(FixedClock(testAt)))
	require.NoError(t, err)
	require.Equal(t, time.Hour, c.ExpiresAt.Sub(c.IssuedAt), "the handler's default expiry")
	require.Equal(t, testAt.Unix()-30, c.IssuedAt.Unix(), "back-dated 30 s by default")
}

func TestNewVideoHandlerOptions(t *testing.T) {
	s, err := NewSigner(testKey, testSecret)
	require.NoError(t, err)
	_, err = NewVideoHandler(nil)
	require.ErrorIs(t, err, ErrInvalidOption)
	for _, o := range []Option{WithSessions(""), WithSessions(strings.Repeat("s", MaxSessionNameLen+1)), WithMeetings(testMN), WithExpiry(time.Minute)} {
		_, err = NewVideoHandler(s, o)
		require.ErrorIs(t, err, ErrInvalidOption)
	}
}

func TestVideoHandlerConcurrent(t *testing.T) {
	h := newTestVideoHandler(t, WithAllowHost(true))
	concurrently(t, 8, 40, func(g, i int) error {
		body := fmt.Sprintf(`{"role":%d,"sessionName":"session %d-%d","geoRegions":["US"]}`, i%2, g, i)
		rec := do(h, "POST", body)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("%d: %s", rec.Code, rec.Body)
		}
		var got struct{ Signature string }
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			return err
		}
		c, err := VerifyVideoJWT(got.Signature, testKey, testSecret, WithClock(FixedClock(testAt)))
		if err == nil && c.SessionName != fmt.Sprintf("session %d-%d", g, i) {
			err = fmt.Errorf("got session %q", c.SessionName)
		}
		return err
	})
}

// FuzzVideoHandler: any body gets one of the documented statuses and
// valid JSON, and never a panic.
func FuzzVideoHandler(f *testing.F) {
	raw, err := os.ReadFile("testdata/video_endpoint_cases.json")
	require.NoError(f, err)
	var file struct{ Cases []videoEndpointCase }
	require.NoError(f, json.Unmarshal(raw, &file))
	for _, c := range file.Cases {
		f.Add(c.Body)
	}
	h := newTestVideoHandler(f, WithSessions("daily standup"))
	f.Fuzz(func(t *testing.T, body string) {
		rec := do(h, "POST", body)
		switch rec.Code {
		case 200, 400, 403, 413:
		default:
			t.Fatalf("status %d for %q", rec.Code, body)
		}
		b, _ := io.ReadAll(rec.Body)
		if !json.Valid(b) {
			t.Fatalf("invalid JSON %q", b)
		}
	})
}

// TestVideoHandlerNullReason: a null where a number goes is said to be
// null, not an empty string.
func TestVideoHandlerNullReason(t *testing.T) {
	s, err := NewSigner(testKey, testSecret)
	require.NoError(t, err)
	h, err := NewVideoHandler(s)
	require.NoError(t, err)
	for _, member := range []string{"cloudRecordingTranscriptOption", "role"} {
		body := `{"role":0,"sessionName":"s"}`
		body = strings.Replace(body, `}`, `,"`+member+`":null}`, 1)
		if member == "role" {
			body = `{"role":null,"sessionName":"s"}`
		}
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		require.Equal(t, 400, w.Code, member)
		require.Contains(t, w.Body.String(), "got null", member)
		require.NotContains(t, w.Body.String(), `\"\"`, member)
	}
}
