package zoomsig

import "fmt"

// What each measured version of the Meeting SDK for web does locally with
// a signature: the version matrix, run in Debian's Chromium by
// testdata/sdk/run.js and recorded in testdata/sdk/matrix.json.
// TestWebMatrixMatchesMeasurement holds this table equal to that file, so
// every message below says what the SDK was seen to do, never what it was
// inferred to do. A version between two measured ones is judged as the
// nearest measured version at or below it, and the message names it.

// webView is one of the SDK's two views, client (ZoomMtg) and component
// (ZoomMtgEmbedded).
type webView struct {
	outcome string // the matrix's outcome: sends, refuses, warns, stalls, or "" where the view does not exist
	key     string // for "sends": the matrix's apiKeySent
	says    string // what it does, as a clause for messages
}

type webMeasured struct {
	version  string
	num      [3]int
	legacy   [2]webView // a legacy signature
	jwt      [2]webView // a Meeting SDK JWT with appKey only
	sdkKey   [2]webView // a JWT with sdkKey and no appKey
	joinKey  [2]webView // a JWT, with another key in the join options
	legacyNo bool       // takes no legacy signature at all
}

const (
	viewClient    = 0
	viewComponent = 1
)

var (
	sendsJoinKey   = webView{"sends", "joinOption", "sends the join option's key to Zoom"}
	sendsTokenKey  = webView{"sends", "token.appKey=sdkKey", "sends the token's key and ignores the join option's"}
	sendsSDKKey    = webView{"sends", "token.sdkKey", "sends the token's sdkKey to Zoom"}
	sendsAppKey    = webView{"sends", "token.appKey", "sends the token's appKey to Zoom"}
	checkSignature = webView{"warns", "", `logs "please check your signature and please add appKey" and never calls back`}
	typeError      = webView{"refuses", "", "throws a TypeError reading it as a JWT"}
	lengthError    = webView{"refuses", "", `refuses it with 4003 "signatrue length error, 0 < length < 150"`}
)

// webMatrix is testdata/sdk/matrix.json, version by version, oldest first.
var webMatrix = []webMeasured{
	{version: "1.9.9", num: [3]int{1, 9, 9},
		legacy: [2]webView{{"sends", "joinOption=legacy.key", "sends it to Zoom"}}, jwt: [2]webView{lengthError},
		sdkKey: [2]webView{lengthError}, joinKey: [2]webView{lengthError}},
	{version: "2.18.3", num: [3]int{2, 18, 3}, legacyNo: true,
		legacy: [2]webView{{"refuses", "", `refuses it with "Error Code: 3"`}, {"refuses", "", `refuses it with "sdkKey can not empty"`}},
		jwt:    [2]webView{{"sends", "joinOption=token.appKey", "sends the join option's key"}, {"sends", "joinOption=token.appKey", "sends the join option's key"}},
		sdkKey: [2]webView{{"sends", "joinOption=token.sdkKey", "sends the join option's key"}, {"sends", "joinOption=token.sdkKey", "sends the join option's key"}}, joinKey: [2]webView{sendsJoinKey, sendsJoinKey}},
	{version: "3.13.2", num: [3]int{3, 13, 2}, legacyNo: true,
		legacy: [2]webView{{"refuses", "", `refuses it with "Error Code: 3"`}, {"refuses", "", `refuses it with "sdkKey can not empty"`}},
		jwt:    [2]webView{{"sends", "joinOption=token.appKey", "sends the join option's key"}, {"sends", "joinOption=token.appKey", "sends the join option's key"}},
		sdkKey: [2]webView{{"sends", "joinOption=token.sdkKey", "sends the join option's key"}, {"sends", "joinOption=token.sdkKey", "sends the join option's key"}}, joinKey: [2]webView{sendsJoinKey, sendsJoinKey}},
	{version: "4.1.0", num: [3]int{4, 1, 0}, legacyNo: true, legacy: [2]webView{checkSignature, typeError},
		jwt: [2]webView{sendsAppKey, sendsAppKey}, sdkKey: [2]webView{sendsSDKKey, sendsSDKKey}, joinKey: [2]webView{sendsTokenKey, sendsTokenKey}},
	{version: "5.1.4", num: [3]int{5, 1, 4}, legacyNo: true, legacy: [2]webView{checkSignature, typeError},
		jwt: [2]webView{sendsAppKey, sendsAppKey}, sdkKey: [2]webView{sendsSDKKey, sendsSDKKey}, joinKey: [2]webView{sendsTokenKey, sendsTokenKey}},
	{version: "6.2.0", num: [3]int{6, 2, 0}, legacyNo: true, legacy: [2]webView{checkSignature, typeError},
		jwt:    [2]webView{sendsAppKey, sendsAppKey},
		sdkKey: [2]webView{{"sends", `"undefined"`, "sends apiKey=undefined to Zoom, which cannot match the signature to an app"}, sendsSDKKey}, joinKey: [2]webView{sendsTokenKey, sendsTokenKey}},
}

// measuredFor returns the measured version the diagnosis judges a web
// version as: the nearest at or below it (the newest without a version),
// and how to name it in a message.
func measuredFor(v sdkVersion) (*webMeasured, string) {
	if !v.hasNum {
		m := &webMatrix[len(webMatrix)-1]
		return m, "the current Meeting SDK for web (" + m.version + ", measured)"
	}
	for i := len(webMatrix) - 1; i >= 0; i-- {
		m := &webMatrix[i]
		if !versionBelow(v.num, m.num) {
			if m.num == v.num {
				return m, "Web SDK " + m.version + " (measured)"
			}
			return m, fmt.Sprintf("Web SDK %s (judged as %s, the nearest measured version at or below it)", v.version(), m.version)
		}
	}
	m := &webMatrix[0]
	return m, fmt.Sprintf("Web SDK %s (judged as %s, the oldest measured version)", v.version(), m.version)
}

func versionBelow(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// views says what the two views do, as one clause.
func views(vs [2]webView) string {
	switch {
	case vs[viewComponent].outcome == "":
		return "the client view (the only one) " + vs[viewClient].says
	case vs[viewClient].says == vs[viewComponent].says:
		return "each view " + vs[viewClient].says
	}
	return "the client view " + vs[viewClient].says + ", and the component view " + vs[viewComponent].says
}

// measuredLegacy returns the measurement that says what a version which
// takes JWTs (2.3 and later, by Zoom's docs) does with a legacy signature:
// the nearest at or below it, unless that one still took legacy
// signatures, then the oldest measured version that did not.
func measuredLegacy(v sdkVersion) (*webMeasured, string) {
	m, name := measuredFor(v)
	if m.legacyNo {
		return m, name
	}
	for i := range webMatrix {
		if webMatrix[i].legacyNo {
			m = &webMatrix[i]
			break
		}
	}
	return m, fmt.Sprintf("Web SDK %s (judged as %s, the oldest measured version that takes JWTs)", v.version(), m.version)
}

// sendsJoinOption reports whether a view of m sends the join option's key.
func (m *webMeasured) sendsJoinOption() bool {
	return m.joinKey[viewClient] == sendsJoinKey || m.joinKey[viewComponent] == sendsJoinKey
}

// sendsUndefined reports whether a view of m sends apiKey=undefined for an
// sdkKey-only token.
func (m *webMeasured) sendsUndefined() bool {
	return m.sdkKey[viewClient].key == `"undefined"` || m.sdkKey[viewComponent].key == `"undefined"`
}
