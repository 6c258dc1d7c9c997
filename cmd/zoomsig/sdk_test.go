package main

import (
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/zoomsig/zoomsig"
)

func payload(t *testing.T, token string) string {
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(strings.TrimSpace(token), ".")[1])
	require.NoError(t, err)
	return string(b)
}

func TestSignSDKKeyClaim(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	r := runCmd(t, "", "sign", "85823272833")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, payload(t, r.stdout), `"sdkKey"`, "the default is Zoom's sample")
	r = runCmd(t, "", "sign", "--sdk-key-claim=false", "85823272833")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.True(t, strings.HasPrefix(payload(t, r.stdout), `{"appKey":"`+testKey+`","mn":"85823272833"`))
	r = runCmd(t, "", "sign", "--native", "--sdk-key-claim=false")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.NotContains(t, payload(t, r.stdout), "sdkKey")
	for _, args := range [][]string{{"--legacy", "--sdk-key-claim=false", "85823272833"}, {"--video", "--session", "s", "--sdk-key-claim=false"}} {
		r = runCmd(t, "", append([]string{"sign"}, args...)...)
		require.Equal(t, exitUsage, r.code, args)
		require.Contains(t, r.stderr, "sdk-key-claim")
	}
}

func TestServeSDKKeyClaim(t *testing.T) {
	setCreds(t, "ZOOM_SDK_KEY", "ZOOM_SDK_SECRET")
	var stderr syncBuffer
	cfg, err := parseServe([]string{"--sdk-key-claim=false"}, strings.NewReader(""), &stderr)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{"meetingNumber":"85823272833","role":0}`))
	req.Header.Set("Content-Type", "application/json")
	cfg.handler.ServeHTTP(rec, req)
	require.Equal(t, 200, rec.Code)
	var got map[string]string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.NotContains(t, payload(t, got["signature"]), "sdkKey")
	_, err = parseServe([]string{"--video", "--sdk-key-claim=false"}, strings.NewReader(""), &stderr)
	require.Equal(t, exitUsage, exitCode(err, &strings.Builder{}))
}

func TestInspectSDK(t *testing.T) {
	clearEnv(t)
	legacy, err := zoomsig.Generate(testKey, testSecret, "85823272833", zoomsig.RoleAttendee)
	require.NoError(t, err)
	// Legacy signatures need a JWT app's key, and JWT apps ended on 8
	// September 2023: judged after that, a fresh one is an error too.
	r := runCmd(t, "", "inspect", legacy)
	require.Equal(t, exitFailed, r.code, r.stdout)
	require.Contains(t, r.stdout, "error   legacy-format:")
	r = runCmd(t, "", "inspect", "--at", "2023-09-07T00:00:00Z", legacy)
	require.NotContains(t, r.stdout, "error   legacy-format:")
	r = runCmd(t, "", "inspect", "--sdk", "6.2.0", legacy)
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "error   sdk-version: Web SDK 6.2.0 (measured) takes a Meeting SDK JWT")
	r = runCmd(t, "", "inspect", "--sdk", "1.9.9", legacy)
	require.NotContains(t, r.stdout, "sdk-version", r.stdout)

	jwt, err := zoomsig.GenerateJWT(testKey, testSecret, "85823272833", zoomsig.RoleAttendee)
	require.NoError(t, err)
	r = runCmd(t, "", "inspect", "--sdk", "1.9.9", jwt)
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "4003")
	for _, bad := range []string{"six", "beos@1.0", "web@6.x", "@6.2.0"} {
		r = runCmd(t, "", "inspect", "--sdk", bad, jwt)
		require.Equal(t, exitUsage, r.code, bad)
		require.Contains(t, r.stderr, "[PLATFORM@][VERSION]")
	}

	// A padded JWT: the mistake is named, and the fields still shown.
	seg := strings.Split(jwt, ".")
	r = runCmd(t, "", "inspect", seg[0]+"=."+seg[1]+"."+seg[2]+"=")
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stdout, "error   jwt-padding:")
	require.Regexp(t, `\nmeeting +85823272833\n`, r.stdout)
}
