// The Meeting SDK and Video SDK JWT recipes of Zoom's auth endpoint samples
// (meetingsdk-auth-endpoint-sample, videosdk-auth-endpoint-sample), signed
// with jsrsasign as they are, with the clock pinned and Zoom's old 30 s
// back-date as a parameter. Reads a case list (node cases.js meeting|video)
// on stdin; prints each line with its token appended.
//   node jwt.js meeting|video|video2026
'use strict'
const { KJUR } = require('jsrsasign')

const opt = (v) => (v === '' ? undefined : v) // an empty column is "not set"
const optInt = (v) => (v === '' ? undefined : parseInt(v, 10))

function meetingToken(f) {
  const [, key, secret, meetingNumber, role, nowMs, backdate, expirationSeconds, videoWebRtcMode] = f
  const iat = Math.floor(Number(nowMs) / 1000) - Number(backdate)
  const exp = optInt(expirationSeconds) ? iat + optInt(expirationSeconds) : iat + 60 * 60 * 2
  const oHeader = { alg: 'HS256', typ: 'JWT' }
  const oPayload = {
    appKey: key,
    sdkKey: key,
    mn: opt(meetingNumber),
    role: optInt(role),
    iat,
    exp,
    tokenExp: exp,
    video_webrtc_mode: optInt(videoWebRtcMode),
  }
  return KJUR.jws.JWS.sign('HS256', JSON.stringify(oHeader), JSON.stringify(oPayload), secret)
}

function videoToken(f) {
  const [, key, secret, role, sessionName, nowMs, backdate, expirationSeconds, userIdentity, sessionKey,
    geoRegions, cloudRecordingOption, cloudRecordingElection, videoWebRtcMode, audioWebRtcMode,
    telemetryTrackingId, audioCompatibleMode] = f
  const iat = Math.floor(Number(nowMs) / 1000) - Number(backdate)
  const exp = optInt(expirationSeconds) ? iat + optInt(expirationSeconds) : iat + 60 * 60 * 2
  const oHeader = { alg: 'HS256', typ: 'JWT' }
  const oPayload = {
    app_key: key,
    role_type: optInt(role),
    tpc: sessionName,
    version: 1,
    iat,
    exp,
    user_identity: opt(userIdentity),
    session_key: opt(sessionKey),
    geo_regions: opt(geoRegions), // the sample joins the regions with ','
    cloud_recording_option: optInt(cloudRecordingOption),
    cloud_recording_election: optInt(cloudRecordingElection),
    telemetry_tracking_id: opt(telemetryTrackingId),
    video_webrtc_mode: optInt(videoWebRtcMode),
    // the sample: audioWebRtcMode, else the deprecated audioCompatibleMode
    audio_webrtc_mode: optInt(audioWebRtcMode) ?? optInt(audioCompatibleMode),
  }
  return KJUR.jws.JWS.sign('HS256', JSON.stringify(oHeader), JSON.stringify(oPayload), secret)
}

// video2026Token is the payload of Zoom's 2026 Video SDK auth page (shipped
// in @zoom/videosdk 2.5.0 as skill/references/auth.md), signed with
// jsrsasign as that page's Node sample does: user_key where the endpoint
// sample writes user_identity, cloud_recording_transcript_option last, in
// the order of the page's "Sample payload" (its Node snippet lists tpc
// before role_type: the order changes the bytes, not the claims).
function video2026Token(f) {
  const [, key, secret, role, sessionName, nowMs, backdate, expirationSeconds, userKey, sessionKey,
    geoRegions, cloudRecordingOption, cloudRecordingElection, videoWebRtcMode, audioWebRtcMode,
    telemetryTrackingId, transcriptOption] = f
  const iat = Math.floor(Number(nowMs) / 1000) - Number(backdate)
  const exp = optInt(expirationSeconds) ? iat + optInt(expirationSeconds) : iat + 60 * 60 * 2
  const payload = {
    app_key: key,
    role_type: optInt(role),
    tpc: sessionName,
    version: 1,
    iat,
    exp,
    user_key: opt(userKey),
    session_key: opt(sessionKey),
    geo_regions: opt(geoRegions),
    cloud_recording_option: optInt(cloudRecordingOption),
    cloud_recording_election: optInt(cloudRecordingElection),
    telemetry_tracking_id: opt(telemetryTrackingId),
    video_webrtc_mode: optInt(videoWebRtcMode),
    audio_webrtc_mode: optInt(audioWebRtcMode),
    cloud_recording_transcript_option: optInt(transcriptOption),
  }
  return KJUR.jws.JWS.sign('HS256', JSON.stringify({ alg: 'HS256', typ: 'JWT' }), JSON.stringify(payload), secret)
}

const recipes = { meeting: meetingToken, video: videoToken, video2026: video2026Token }
const recipe = recipes[process.argv[2]]
if (!recipe) {
  process.stderr.write('usage: node jwt.js meeting|video|video2026\n')
  process.exit(2)
}
let input = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (d) => { input += d })
process.stdin.on('end', () => {
  const out = []
  for (const line of input.split('\n')) {
    if (line === '') continue
    out.push(line + '\t' + recipe(line.split('\t')))
  }
  process.stdout.write(out.map((l) => l + '\n').join(''))
})
