package web

import (
	"encoding/json"
	"mime"
	"net/http"
)

// Answers in the signature endpoint's JSON: a reply as the diagnosis wrote
// it, or {"errors":[{"property","reason"}]}.

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

type apiError struct {
	Property string `json:"property"`
	Reason   string `json:"reason"`
}

func fail(w http.ResponseWriter, status int, property, reason string) {
	b, _ := json.Marshal(struct {
		Errors []apiError `json:"errors"`
	}{[]apiError{{property, reason}}})
	writeJSON(w, status, append(b, '\n'))
}

// isJSON accepts application/json, with or without parameters.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// clip shortens what a request said for a log line or a reason.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// statusRecorder remembers the status written, for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
