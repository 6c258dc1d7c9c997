package inspectjson

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zoomsig/zoomsig"
)

// The decoded claims of a Report as inspect shows them: every member in
// the token's order, times with how far they lie from the judging instant,
// roles with their names.

// ClaimObject marshals claims as one JSON object of their values as
// written, in order of first appearance; a duplicated member keeps its
// last value, as JSON readers do.
type ClaimObject []zoomsig.Claim

// MarshalJSON writes the claims as one object.
func (cs ClaimObject) MarshalJSON() ([]byte, error) {
	last := map[string]json.RawMessage{}
	var order []string
	for _, c := range cs {
		if _, ok := last[c.Name]; !ok {
			order = append(order, c.Name)
		}
		last[c.Name] = c.Value
	}
	b := []byte{'{'}
	for i, name := range order {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(name)
		// A value with bytes that are not UTF-8 (a finding says so) is
		// written with U+FFFD in their place, so the output stays JSON.
		b = append(append(append(b, k...), ':'), strings.ToValidUTF8(string(last[name]), "\ufffd")...)
	}
	return append(b, '}'), nil
}

// claim adds one claim as a field.
func (r *Report) claim(c zoomsig.Claim, names map[string]string, all []zoomsig.Claim, at time.Time) {
	name := c.Name
	if n, ok := names[name]; ok {
		name = n
	}
	value := strings.ToValidUTF8(stringValue(c.Value), "\ufffd")
	switch c.Name {
	case "timestamp":
		if ms, err := strconv.ParseInt(value, 10, 64); err == nil {
			value = when(time.UnixMilli(ms), at)
		}
	case "iat", "tokenExp":
		value = timeText(value, at)
	case "exp":
		value = timeText(value, at)
		if iat, ok1 := seconds(claimText(all, "iat")); ok1 {
			if exp, ok2 := seconds(stringValue(c.Value)); ok2 {
				value += " (lifetime " + lifetime(iat, exp) + ")"
			}
		}
	case "role", "role_type":
		if n, err := strconv.Atoi(value); err == nil && (n == int(zoomsig.RoleAttendee) || n == int(zoomsig.RoleHost)) {
			value = roleText(zoomsig.Role(n))
		}
	case "tpc":
		value = string(c.Value)
	case "hash":
		value += " (" + hashAlphabet(value) + ")"
	}
	r.Add(name, value)
}

// stringValue is a claim's text: a string's contents, else the JSON as
// written.
func stringValue(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

func claimText(cs []zoomsig.Claim, name string) string {
	text := ""
	for _, c := range cs {
		if c.Name == name {
			text = stringValue(c.Value)
		}
	}
	return text
}

func hasClaim(cs []zoomsig.Claim, name string) bool {
	for _, c := range cs {
		if c.Name == name {
			return true
		}
	}
	return false
}

// seconds reads a time in seconds written in any numeric form.
func seconds(text string) (time.Time, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || f != float64(int64(f)) {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0), true
}

// timeText shows a time claim as a date when it reads as seconds.
func timeText(text string, at time.Time) string {
	if t, ok := seconds(text); ok {
		return when(t, at)
	}
	return text
}

func hashAlphabet(h string) string {
	if strings.ContainsAny(h, "-_") {
		return "URL-safe alphabet"
	}
	return "standard alphabet"
}

func roleText(r zoomsig.Role) string { return fmt.Sprintf("%d (%s)", int(r), r) }

// when formats t with how far it lies from now.
func when(t, now time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z") + " (" + relative(t, now) + ")"
}

// relative says how far t lies from now, in words. Beyond two days it
// counts whole seconds, so that no time a claim may hold overflows it.
func relative(t, now time.Time) string {
	secs := now.Unix() - t.Unix()
	suffix := "ago"
	if secs < 0 {
		secs, suffix = -secs, "from now"
	}
	if secs >= 2*86400 {
		return fmt.Sprintf("%d days %s", secs/86400, suffix)
	}
	d := now.Sub(t).Abs()
	switch {
	case d < time.Second:
		return "now"
	case d < time.Minute:
		return fmt.Sprintf("%ds %s", int(d.Seconds()), suffix)
	case d < time.Hour:
		return fmt.Sprintf("%dm %s", int(d.Minutes()), suffix)
	}
	return fmt.Sprintf("%dh%02dm %s", int(d.Hours()), int(d.Minutes())%60, suffix)
}

// lifetime is exp - iat, as a Go duration where one holds it (±292 years),
// else in years: a time.Duration would saturate and print a wrong figure.
func lifetime(iat, exp time.Time) string {
	const maxYears = 290
	d := exp.Unix() - iat.Unix()
	if d > maxYears*365*86400 || d < -maxYears*365*86400 {
		return strconv.FormatInt(d/int64(365.25*86400), 10) + " years"
	}
	return exp.Sub(iat).String()
}
