package zoomsig

import (
	"strings"
)

// Platforms: which SDK the diagnosis judges for, and what each one shows
// for every way a signature can fail, in that SDK's own words.

// platform is one Zoom SDK a signature is made for.
type platform int

const (
	platUnset        platform = iota
	platWeb                   // the Meeting SDK for web (client and component views; Web SDK 1.x too)
	platVideoWeb              // the Video SDK for web
	platAndroid               // the Meeting SDK for Android
	platIOS                   // the Meeting SDK for iOS
	platMacOS                 // the Meeting SDK for macOS
	platWindows               // the Meeting SDK for Windows
	platVideoAndroid          // the Video SDK for Android
	platVideoIOS              // the Video SDK for iOS
	platNative                // the native Meeting SDKs together, when none was named (Android's and iOS's words)
)

// platformNames are the names WithSDKVersion takes, and the ones messages
// use.
var platformNames = map[string]platform{
	"web": platWeb, "video-web": platVideoWeb, "android": platAndroid, "ios": platIOS, "macos": platMacOS,
	"windows": platWindows, "video-android": platVideoAndroid, "video-ios": platVideoIOS,
}

// String is the platform's name as WithSDKVersion takes it.
func (p platform) String() string {
	for name, q := range platformNames {
		if q == p {
			return name
		}
	}
	if p == platNative {
		return "android or ios"
	}
	return ""
}

// video reports whether the platform is a Video SDK.
func (p platform) video() bool {
	return p == platVideoWeb || p == platVideoAndroid || p == platVideoIOS
}

// parsePlatformVersion reads [PLATFORM@][VERSION]: "6.2.0", "web@6.2.0",
// "android", "video-web@2.5.0".
func parsePlatformVersion(s string) (sdkVersion, bool) {
	name, version, at := strings.Cut(s, "@")
	if !at {
		if p, ok := platformNames[s]; ok {
			return sdkVersion{set: true, text: s, platform: p}, true
		}
		return parseSDKVersion(s)
	}
	p, ok := platformNames[name]
	if !ok {
		return sdkVersion{}, false
	}
	v := sdkVersion{set: true, text: s, platform: p}
	if version != "" {
		n, ok := parseSDKVersion(version)
		if !ok {
			return sdkVersion{}, false
		}
		v.num, v.hasNum = n.num, true
	}
	return v, true
}

// zoomAnswer is a way Zoom refuses a signature, as each SDK shows it.
type zoomAnswer int

const (
	answerInvalid    zoomAnswer = iota // the signature does not verify, or its claims break a rule
	answerExpired                      // past its lifetime
	answerAPIKey                       // no app with that key
	answerMeeting                      // the meeting number is wrong
	answerRole                         // the role is not applicable
	answerBackend                      // the server refuses what it cannot read as a signature at all
	answerTooLong                      // refused by the SDK before sending (length, parameters)
	answerNoKeyClaim                   // no key claim: refused before asking Zoom
	answerJoinParam                    // a join() parameter the SDK refuses before asking Zoom
	answerNone                         // a problem no SDK is known to report with a code of its own
)

// Zoom's words per platform. Web: the Web SDK's own table maps the
// server's errorMessage to these codes (zoom-notes §1 and §4.1, read from
// the @zoom/meetingsdk 6.2.0 and @zoomus/websdk 1.9.9 bundles: "The
// signature has expired." → 3705, "Invalid signature." → 3712, "The api
// key is wrong." → 3704, "The meeting number is wrong." → 3706, "The role
// is not applicable." → 3708; length pre-checks → 4003). Video web: the
// @zoom/videosdk 2.5.0 and 1.12.17 bundles (dist/index.umd.js, the join
// flow's table of server answers; platform_video.go) and their runs in
// Chromium (testdata/sdk/video-results.json): 124 answers surface under
// code 200 as "Verify JWT failed" or, for an expired token, "The token has
// expired, is over 2 days old, or is ineffective." (the bundle's period
// included); "The role type error" as 3010 "Role type error"; bad join()
// parameters before any request. Each version reports them its own way:
// videoWebSays and joinParam (platform_video.go) word them.
var answers = map[platform]map[zoomAnswer]string{
	platWeb: {
		answerInvalid:    `Zoom answers 3712 "Signature is invalid."`,
		answerExpired:    `Zoom answers 3705 "The signature has expired."`,
		answerAPIKey:     `Zoom answers 3704 "The api key is wrong."`,
		answerMeeting:    `Zoom answers 3706 "The meeting number is wrong."`,
		answerRole:       `Zoom answers 3708 "The role is not applicable."`,
		answerBackend:    `Zoom's web backend answers errorCode 200 and the SDK shows 3712 "Signature is invalid."`,
		answerTooLong:    `the Web SDK refuses it before sending (4003)`,
		answerNoKeyClaim: `Meeting SDK 6.2.0 refuses it before asking Zoom ("appKey can not empty in the signature")`,
		answerJoinParam:  `the Web SDK refuses it before sending (4003)`,
	},
}

// says returns what the judged platform shows for a, or that no code of
// that platform is known for it.
func (d *diagnosis) says(a zoomAnswer) string {
	p := d.platform
	if p == platUnset {
		p = platWeb
	}
	if a == answerNone {
		return "no error code of " + p.display() + " is known for it"
	}
	if s, ok := nativeAnswers(p, a); ok {
		return s
	}
	if p == platVideoWeb {
		return d.videoWebSays(a)
	}
	if s, ok := answers[p][a]; ok {
		return s
	}
	return "no error code of " + p.display() + " is known for it"
}

// display names the platform in a message.
func (p platform) display() string {
	switch p {
	case platWeb:
		return "the Meeting SDK for web"
	case platVideoWeb:
		return "the Video SDK for web"
	case platAndroid, platIOS, platMacOS, platWindows:
		return "the Meeting SDK for " + map[platform]string{platAndroid: "Android", platIOS: "iOS", platMacOS: "macOS", platWindows: "Windows"}[p]
	case platVideoAndroid:
		return "the Video SDK for Android"
	case platVideoIOS:
		return "the Video SDK for iOS"
	}
	return "the native Meeting SDKs"
}
