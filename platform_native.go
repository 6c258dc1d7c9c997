package zoomsig

// What the native SDKs report. Each of them gives one auth code for every
// problem of the JWT itself (bad HMAC, expired, malformed): they do not
// tell the causes apart, so the diagnosis names that one code for each.
//
// Sources:
//   - Android Meeting SDK: Zoom's "Error codes" page for Android
//     (developers.zoom.us/docs/meeting-sdk/android/resource/error-codes/):
//     ZOOM_ERROR_AUTHRET_TOKENWRONG = 5 "The JWT token to authenticate is
//     wrong.", ZOOM_ERROR_AUTHRET_KEY_OR_SECRET_ERROR = 6; meeting errors
//     MEETING_ERROR_INCORRECT_MEETING_NUMBER = 1 (the SDK's MeetingError
//     javadoc). A public report of a JWT with 1970 times (seconds given to
//     a library that takes milliseconds) shows error 5 with internal code
//     124 (react-native-zoom-us-test issue 74).
//   - iOS Meeting SDK: MobileRTCConstants.h, MobileRTCAuthError_TokenWrong
//     = 11, MobileRTCAuthError_KeyOrSecretWrong = 2,
//     MobileRTCMeetError_MeetingNotExist = 8.
//   - macOS Meeting SDK: ZoomSDKErrors.h, ZoomSDKAuthError_JwtTokenWrong =
//     7, ZoomSDKAuthError_KeyOrSecretWrong = 1,
//     ZoomSDKMeetingError_MeetingNotExist = 8.
//   - Windows Meeting SDK: auth_service_interface.h, AUTHRET_JWTTOKENWRONG =
//     11, AUTHRET_KEYORSECRETWRONG = 2; MEETING_FAIL_MEETING_NOT_EXIST = 8.
//   - Video SDK for Android and iOS: ZoomVideoSDKErrors in Zoom's
//     videosdk-ios headers and the Video SDK Android error-code page:
//     Errors_Session_Join_Failed = 2003 for a token the server refuses
//     (a public forum report of a tpc one character off shows only 2003),
//     Errors_JoinSession_Token_MismatchedSessionName = 1507,
//     Errors_JoinSession_Token_RoleType_EmptyOrWrong = 1509.
//
// None of them documents an error for a role the account may not take, so
// for that the diagnosis says none is known.
var nativeAuth = map[platform]struct{ token, key, meeting string }{
	platAndroid:      {"ZOOM_ERROR_AUTHRET_TOKENWRONG (5)", "ZOOM_ERROR_AUTHRET_KEY_OR_SECRET_ERROR (6) or ZOOM_ERROR_AUTHRET_TOKENWRONG (5)", "MEETING_ERROR_INCORRECT_MEETING_NUMBER (1)"},
	platIOS:          {"MobileRTCAuthError_TokenWrong (11)", "MobileRTCAuthError_KeyOrSecretWrong (2) or MobileRTCAuthError_TokenWrong (11)", "MobileRTCMeetError_MeetingNotExist (8)"},
	platMacOS:        {"ZoomSDKAuthError_JwtTokenWrong (7)", "ZoomSDKAuthError_KeyOrSecretWrong (1) or ZoomSDKAuthError_JwtTokenWrong (7)", "ZoomSDKMeetingError_MeetingNotExist (8)"},
	platWindows:      {"AUTHRET_JWTTOKENWRONG (11)", "AUTHRET_KEYORSECRETWRONG (2) or AUTHRET_JWTTOKENWRONG (11)", "MEETING_FAIL_MEETING_NOT_EXIST (8)"},
	platVideoAndroid: {"Errors_Session_Join_Failed (2003)", "Errors_Session_Join_Failed (2003)", ""},
	platVideoIOS:     {"Errors_Session_Join_Failed (2003)", "Errors_Session_Join_Failed (2003)", ""},
}

// nativeAnswers returns what a native SDK shows for a.
func nativeAnswers(p platform, a zoomAnswer) (string, bool) {
	if p == platNative {
		and, ok1 := nativeAnswers(platAndroid, a)
		ios, ok2 := nativeAnswers(platIOS, a)
		if ok1 && ok2 {
			return and + "; on iOS, " + trimSDKPrefix(ios), true
		}
		return "", false
	}
	n, ok := nativeAuth[p]
	if !ok {
		return "", false
	}
	name := p.display()
	switch a {
	case answerInvalid, answerExpired, answerBackend, answerNoKeyClaim, answerTooLong:
		return name + " reports " + n.token, true
	case answerAPIKey:
		return name + " reports " + n.key, true
	case answerMeeting:
		if n.meeting != "" {
			return name + " reports " + n.meeting, true
		}
	case answerJoinParam:
		if p.video() {
			return name + " reports " + n.token + " or a join-parameter error", true
		}
	}
	return "no error code of " + name + " is known for it", true
}

// trimSDKPrefix drops "the Meeting SDK for iOS reports " from a native
// zoomAnswer.
func trimSDKPrefix(s string) string {
	const prefix = "the Meeting SDK for iOS reports "
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return "it reports " + s[len(prefix):]
	}
	return s
}
