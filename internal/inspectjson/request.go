package inspectjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig"
)

// Encode writes the report as inspect --json prints it: indented by two
// spaces, one object, a newline after it.
func (r *Report) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Options turns what inspect is told beside the signature (the instant to
// judge at, the SDK as [PLATFORM@][VERSION], the join call) into the
// library's options. An SDK text that does not parse is an error carrying
// the library's words; the caller says which input it was.
func Options(at time.Time, sdk string, join zoomsig.JoinCall) ([]zoomsig.Option, error) {
	opts := []zoomsig.Option{zoomsig.WithClock(zoomsig.FixedClock(at))}
	if sdk != "" {
		for _, finding := range zoomsig.Diagnose("", "", "", zoomsig.WithSDKVersion(sdk)) {
			if finding.Code == zoomsig.CodeInvalidOption {
				return nil, errors.New(finding.Message)
			}
		}
		opts = append(opts, zoomsig.WithSDKVersion(sdk))
	}
	if join != (zoomsig.JoinCall{}) {
		opts = append(opts, zoomsig.WithJoinCall(join))
	}
	return opts, nil
}

// Request is what the inspector page sends: every input of its form, all
// strings, all optional but Signature. At is an RFC 3339 instant (empty:
// now); SDK is [PLATFORM@][VERSION].
type Request struct {
	Signature     string `json:"signature"`
	Key           string `json:"key"`
	Secret        string `json:"secret"`
	MeetingNumber string `json:"meetingNumber"`
	SessionName   string `json:"sessionName"`
	JoinKey       string `json:"joinKey"`
	Password      string `json:"password"`
	SDK           string `json:"sdk"`
	At            string `json:"at"`
}

// Answer is the page's diagnosis, whoever runs it (the command's POST
// /inspect, or the WebAssembly build in the browser): a Request body in,
// a status and a JSON body out — 200 and inspect --json's object whatever
// the findings, or 400 and the signature endpoint's error shape,
// {"errors":[{"property","reason"}]}, for a body that is no Request, an
// instant that is not RFC 3339 or an SDK that does not parse. now is the
// instant judged at when the request names none. No answer holds the
// secret or the password.
func Answer(body []byte, now time.Time) (int, []byte) {
	q, fail := decode(body)
	at := now
	if fail == nil && q.At != "" {
		t, err := time.Parse(time.RFC3339Nano, q.At)
		if err != nil {
			fail = &apiError{"at", "must be an RFC 3339 instant such as 2026-11-30T09:00:00Z"}
		}
		at = t
	}
	var opts []zoomsig.Option
	if fail == nil {
		var err error
		opts, err = Options(at, q.SDK, zoomsig.JoinCall{MeetingNumber: q.MeetingNumber, Topic: q.SessionName, SDKKey: q.JoinKey, Password: q.Password})
		if err != nil {
			fail = &apiError{"sdk", redact(err.Error(), q.Secret, q.Password)}
		}
	}
	if fail != nil {
		b, _ := json.Marshal(struct {
			Errors []apiError `json:"errors"`
		}{[]apiError{*fail}})
		return http.StatusBadRequest, append(b, '\n')
	}
	var out bytes.Buffer
	_ = New(zoomsig.Inspect(q.Signature, q.Key, q.Secret, opts...), at).Encode(&out)
	return http.StatusOK, out.Bytes()
}

// redact replaces each non-empty secret in s: the SDK text is echoed, and
// a secret pasted into the wrong field must not come back.
func redact(s string, secrets ...string) string {
	for _, x := range secrets {
		if x != "" {
			s = strings.ReplaceAll(s, x, "[REDACTED]")
		}
	}
	return s
}

// apiError is one entry of an error answer, as the signature endpoint
// writes it.
type apiError struct {
	Property string `json:"property"`
	Reason   string `json:"reason"`
}

// decode reads one Request object. A member the Request does not have is
// refused, so a misspelt input is not silently ignored; reasons name the
// member, never its value.
func decode(body []byte) (Request, *apiError) {
	var q Request
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || m == nil {
		return q, &apiError{"body", "the body is not a JSON object"}
	}
	_, signed := m["signature"]
	inputs := []struct {
		name string
		to   *string
	}{{"signature", &q.Signature}, {"key", &q.Key}, {"secret", &q.Secret}, {"meetingNumber", &q.MeetingNumber},
		{"sessionName", &q.SessionName}, {"joinKey", &q.JoinKey}, {"password", &q.Password}, {"sdk", &q.SDK}, {"at", &q.At}}
	for _, in := range inputs {
		raw, ok := m[in.name]
		if !ok {
			continue
		}
		delete(m, in.name)
		if raw[0] != '"' || json.Unmarshal(raw, in.to) != nil {
			return q, &apiError{in.name, "must be a string"}
		}
	}
	if unknown := slices.Sorted(maps.Keys(m)); len(unknown) > 0 {
		return q, &apiError{unknown[0], "is not an input of inspect: signature, key, secret, meetingNumber, sessionName, joinKey, password, sdk, at"}
	}
	if !signed {
		return q, &apiError{"signature", "is required: the signature (or an endpoint's whole JSON answer) as a string"}
	}
	return q, nil
}
