package zoomsig

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Format is the kind of signature a text is, judged by its shape alone,
// before any credential is looked at.
type Format int

const (
	// FormatUnknown is no kind of Zoom signature.
	FormatUnknown Format = iota
	// FormatLegacy is a legacy Web SDK 1.x signature: one base64 string.
	FormatLegacy
	// FormatMeetingJWT is a Meeting SDK JWT ("appKey" or "sdkKey").
	FormatMeetingJWT
	// FormatVideoJWT is a Video SDK JWT ("app_key").
	FormatVideoJWT
	// FormatRESTAPIJWT is a JWT for Zoom's REST API ("iss"), not an SDK
	// signature.
	FormatRESTAPIJWT
	// FormatOtherJWT is a JWT of none of the kinds above.
	FormatOtherJWT
	// FormatJWTSegment is one or two segments of a JWT, not the whole token.
	FormatJWTSegment
	// FormatResponseObject is a JSON object with a "signature" member, such
	// as a signature endpoint's response.
	FormatResponseObject
	// FormatJoinToken is a Zoom user's join token (a ZAK or an OBF token),
	// which goes beside a signature, never in its place.
	FormatJoinToken
)

var formatNames = [...]string{"unknown", "legacy", "meeting-jwt", "video-jwt", "rest-api-jwt", "other-jwt", "jwt-segment", "response-object", "join-token"}

// String returns the format's name: "legacy", "meeting-jwt", and so on.
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return "format(" + strconv.Itoa(int(f)) + ")"
	}
	return formatNames[f]
}

// MarshalText writes the format as its String, for JSON.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// DetectFormat says what kind of signature sig is, after removing the
// whitespace and quotes a paste brings along. It is the detection
// Diagnose uses; a response object is reported as such (see
// [ExtractSignature] for the signature inside).
func DetectFormat(sig string) Format {
	if len(sig) > MaxDiagnoseLen {
		return FormatUnknown
	}
	s := trimPasted(sig)
	switch shape, _ := shapeOf(s); shape {
	case shapeObject:
		if _, err := signatureMember(s); err == nil {
			return FormatResponseObject
		}
	case shapeJWT:
		// Padding, the standard alphabet and odd claim values are
		// mistakes Diagnose names, not other kinds of signature.
		if t, ok := decodeJWTTolerant(s); ok {
			return kindOf(t.raw.header, t.raw.payload)
		}
	case shapeSegment, shapeHeadPayload:
		return FormatJWTSegment
	case shapeLegacy:
		if isBareMAC(s) {
			return FormatJWTSegment
		}
		if joined, ok := decodeLenient(s); ok && joined != "" && printable(joined) {
			return FormatLegacy
		}
	}
	return FormatUnknown
}

// shape is what a trimmed text looks like, before decoding it.
type shape int

const (
	shapeOther       shape = iota
	shapeEmpty             // nothing
	shapeObject            // starts with '{'
	shapeSpaces            // holds whitespace
	shapeJWT               // three '.'-separated parts
	shapeSegment           // one part that is a JWT segment
	shapeHeadPayload       // two parts, the first a JWT segment
	shapeLegacy            // one part, not a JWT segment
)

// shapeOf classifies s and counts its dots.
func shapeOf(s string) (shape, int) {
	n := strings.Count(s, ".")
	switch {
	case s == "":
		return shapeEmpty, 0
	case s[0] == '{':
		return shapeObject, n
	case strings.ContainsAny(s, " \t\r\n"):
		return shapeSpaces, n
	case n == 2:
		return shapeJWT, n
	case n == 0 && looksLikeJWTSegment(s):
		return shapeSegment, n
	case n == 1 && looksLikeJWTSegment(s[:strings.IndexByte(s, '.')]):
		return shapeHeadPayload, n
	case n == 0:
		return shapeLegacy, n
	}
	return shapeOther, n
}

// looksLikeJWTSegment reports whether s is unpadded base64url of a JSON
// object.
func looksLikeJWTSegment(s string) bool {
	b, err := decodeSegment(s)
	if err != nil {
		return false
	}
	_, err = decodeClaimSet("segment", b)
	return err == nil
}

// decodeLenient undoes any base64 a legacy sample ever wrote: either
// alphabet, padded or not.
func decodeLenient(s string) (string, bool) {
	body := strings.TrimRight(s, "=")
	enc := base64.RawStdEncoding
	if strings.ContainsAny(body, "-_") {
		enc = base64.RawURLEncoding
	}
	b, err := enc.DecodeString(body)
	return string(b), err == nil
}
