package zoomsig

import "fmt"

// What each measured version of the Video SDK for web does with the
// parameters of join(topic, token, userName, password) before asking Zoom:
// read from the bundles and run in Debian's Chromium by
// testdata/sdk/video.js, recorded in testdata/sdk/video-results.json.
// TestVideoWebMatchesMeasurement holds these words equal to that file.
//
// Both versions map Zoom's server answers alike (the same table in
// @zoom/videosdk 2.5.0 and 1.12.17, dist/index.umd.js, meetingInfoEpic):
// errorCode 124 "The java web token is expired or more than 2 days or
// ineffective." → 200 "The token has expired, is over 2 days old, or is
// ineffective."; any other 124 → 200 "Verify JWT failed"; 3000 "The role
// type error" → 3010 "Role type error"; 3000 "Meeting password is
// incorrect" → 3004 "Incorrect passcode."; 300 → 200 "This account does
// not exist or does not belong to you". They differ in the local checks.

// videoWebMeasured is one measured version of the Video SDK for web.
type videoWebMeasured struct {
	version    string
	num        [3]int
	localCode  int  // the errorCode of a join() parameter refused locally; 0: none given
	lowerCases bool // join() lower-cases the topic before sending it
	settles    bool // join() rejects when Zoom refuses; else only a connection-change "Fail" event says so
}

// videoWebMatrix lists the measured versions, oldest first.
//   - 1.12.17 (the last 1.x; @zoom/videosdk 1.12.17, dist/index.umd.js,
//     join): rejects with {type: "INVALID_PARAMETERS", reason} and no
//     errorCode; sends the topic as given (joinInstant: topic: e), by a
//     JSONP GET; when Zoom refuses, join() never settles (measured) and the
//     refusal comes only as a connection-change event with state "Fail".
//   - 2.5.0 (dist/index.umd.js, join): rejects with errorCode 5013
//     (CLIENT_INVALID_JOIN_PARAMETER) and the same reasons; lower-cases
//     the topic (joinInstant: topic: e.toLowerCase()), by a form POST;
//     when Zoom refuses, join() rejects (and the "Fail" event comes too).
var videoWebMatrix = []videoWebMeasured{
	{version: "1.12.17", num: [3]int{1, 12, 17}},
	{version: "2.5.0", num: [3]int{2, 5, 0}, localCode: 5013, lowerCases: true, settles: true},
}

// videoWebWords are Zoom's answers as both versions report them, code and
// message (the bundles' table above).
var videoWebWords = map[zoomAnswer]string{
	answerInvalid: `200 "Verify JWT failed"`,
	answerExpired: `200 "The token has expired, is over 2 days old, or is ineffective."`,
	answerRole:    `3010 "Role type error"`,
}

// videoWebSays words a way Zoom refuses a token as the measured Video SDK
// for web reports it. A join() parameter refused before asking Zoom is
// joinParam's. Answers of no code of their own (a wrong key, a token Zoom
// cannot read, one too long for Web SDK 1.x: the Video SDK checks no
// length of the token) come as "Verify JWT failed".
func (d *diagnosis) videoWebSays(a zoomAnswer) string {
	if a == answerJoinParam {
		return d.joinParam("")
	}
	words, ok := videoWebWords[a]
	if !ok {
		words = videoWebWords[answerInvalid]
	}
	m, sdk := d.videoWebNamed()
	if !m.settles {
		return fmt.Sprintf("%s reports %s in a connection-change event (state \"Fail\"), and its join() never settles", sdk, words)
	}
	return fmt.Sprintf("%s rejects join() with %s", sdk, words)
}

// videoWebNamed returns the measured version judged for and how a message
// names it.
func (d *diagnosis) videoWebNamed() (*videoWebMeasured, string) {
	m, name := measuredVideoWeb(d.cfg.sdk)
	if name == "" {
		return m, "the Video SDK for web"
	}
	return m, "Video SDK for web " + name
}

// The reasons both versions give for a join() parameter they refuse
// before asking Zoom (the bundles' join).
const (
	reasonJoinRequired = "Topic, token and userName must be string and required"
	reasonTopicLength  = "The maximum length of topic is 200"
	reasonPasswordLen  = "The maximum length of password is 10"
)

// measuredVideoWeb returns the measured Video SDK for web a version is
// judged as (the nearest at or below it; the newest without a version),
// and how to name it: "" when no version was given.
func measuredVideoWeb(v sdkVersion) (*videoWebMeasured, string) {
	newest := &videoWebMatrix[len(videoWebMatrix)-1]
	if !v.hasNum {
		return newest, ""
	}
	for i := len(videoWebMatrix) - 1; i >= 0; i-- {
		m := &videoWebMatrix[i]
		if !versionBelow(v.num, m.num) {
			if m.num == v.num {
				return m, m.version
			}
			return m, fmt.Sprintf("%s (judged as %s, the nearest measured version at or below it)", v.version(), m.version)
		}
	}
	m := &videoWebMatrix[0]
	return m, fmt.Sprintf("%s (judged as %s, the oldest measured version)", v.version(), m.version)
}

// joinParam says what the SDK judged for does with a join() parameter it
// refuses before asking Zoom, for the reason given (one of the reason*
// constants, or "" when none fits): in the measured version's own words on
// the Video SDK for web, the platform's join-parameter answer elsewhere.
func (d *diagnosis) joinParam(reason string) string {
	if d.platform != platVideoWeb {
		return d.says(answerJoinParam)
	}
	m, sdk := d.videoWebNamed()
	quoted := ""
	if reason != "" {
		quoted = fmt.Sprintf(" %q", reason)
	}
	if m.localCode == 0 {
		return fmt.Sprintf("%s rejects join() with%s (type INVALID_PARAMETERS, no error code) before asking Zoom", sdk, quoted)
	}
	return fmt.Sprintf("%s rejects join() with %d%s before asking Zoom", sdk, m.localCode, quoted)
}
