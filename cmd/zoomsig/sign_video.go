package main

import (
	"flag"
	"strconv"
	"strings"

	"github.com/zoomsig/zoomsig"
)

// videoPairs are where the Video SDK credentials may be, in order: the
// names Zoom's videosdk-auth-endpoint-sample reads, then zoomsig's own.
var videoPairs = []envPair{{"ZOOM_VIDEO_SDK_KEY", "ZOOM_VIDEO_SDK_SECRET"}, {"ZOOM_SDK_KEY", "ZOOM_SDK_SECRET"}}

// optInt is an integer flag that may be absent.
type optInt struct{ v *int }

func (o *optInt) String() string {
	if o == nil || o.v == nil {
		return ""
	}
	return strconv.Itoa(*o.v)
}

func (o *optInt) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return err
	}
	o.v = &n
	return nil
}

// videoFlags are sign's Video SDK flags.
type videoFlags struct {
	on                                   bool
	session, identity, sessionKey, trace string
	userKey, regions                     string
	recordingOption, recordingElection   optInt
	audio, transcript                    optInt
}

// videoOnly names the flags that apply to --video tokens alone.
var videoOnly = []string{"session", "user-identity", "session-key", "geo-regions", "cloud-recording-option",
	"cloud-recording-election", "telemetry-tracking-id", "audio-webrtc-mode", "user-key", "cloud-recording-transcript-option"}

func (v *videoFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&v.on, "video", false, "make a Video SDK JWT for --session instead of a Meeting SDK token")
	fs.StringVar(&v.session, "session", "", "Video SDK session `NAME` (tpc)")
	fs.StringVar(&v.identity, "user-identity", "", "Video SDK user_identity claim (Zoom's sample's name; not with --user-key)")
	fs.StringVar(&v.userKey, "user-key", "", "Video SDK user_key claim, at most 36 characters (Zoom's 2026 name for user_identity)")
	fs.StringVar(&v.sessionKey, "session-key", "", "Video SDK session_key claim")
	fs.StringVar(&v.regions, "geo-regions", "", "Video SDK geo_regions, comma-separated (US,DE)")
	fs.Var(&v.recordingOption, "cloud-recording-option", "Video SDK cloud_recording_option, 0 or 1")
	fs.Var(&v.recordingElection, "cloud-recording-election", "Video SDK cloud_recording_election, 0 or 1")
	fs.StringVar(&v.trace, "telemetry-tracking-id", "", "Video SDK telemetry_tracking_id claim")
	fs.Var(&v.audio, "audio-webrtc-mode", "Video SDK audio_webrtc_mode, 0 or 1")
	fs.Var(&v.transcript, "cloud-recording-transcript-option", "Video SDK cloud_recording_transcript_option: 0 none, 1 transcript, 2 transcript and summary")
}

// check refuses Video SDK flags without --video, and meeting flags with it.
func (v *videoFlags) check(fs *flag.FlagSet, meetingFlags bool) error {
	if v.on {
		if meetingFlags {
			return usageError("--video cannot be used with --legacy, --native, --dialect or --sdk-key-claim")
		}
		if v.session == "" {
			return usageError("--video needs --session NAME")
		}
		if v.identity != "" && v.userKey != "" {
			return usageError("--user-identity and --user-key are the old and new names of one claim: give one")
		}
		return nil
	}
	for _, name := range videoOnly {
		if isSet(fs, name) {
			return usageError("--%s applies to --video tokens only", name)
		}
	}
	return nil
}

// token is the VideoToken the flags ask for (role and video WebRTC mode
// are the flags sign shares with Meeting SDK tokens).
func (v *videoFlags) token() zoomsig.VideoToken {
	t := zoomsig.VideoToken{
		SessionName:            v.session,
		UserIdentity:           v.identity,
		UserKey:                v.userKey,
		SessionKey:             v.sessionKey,
		CloudRecordingOption:   v.recordingOption.v,
		CloudRecordingElection: v.recordingElection.v,
		TelemetryTrackingID:    v.trace,
		AudioWebRTCMode:        v.audio.v,

		CloudRecordingTranscriptOption: v.transcript.v,
	}
	if v.regions != "" {
		t.GeoRegions = strings.Split(v.regions, ",")
	}
	return t
}
