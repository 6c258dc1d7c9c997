// Report: https://devforum.zoom.us/t/zoom-web-meeting-sdk-v2-8-0-invalid-signature/77167
// (Meeting SDK for web 2.8.0, client view, starting a meeting as host;
// "Invalid signature." from Zoom's wc/info on page load.)
//
// What the reporter's token holds (the post shows it decoded): appKey, sdkKey,
// "mn" written as a bare NUMBER (Zoom writes the meeting number as a string),
// role 1, and a lifetime of exactly 1800 s (exp = tokenExp = iat + 1800).
// The post does not show the generator; this recipe makes that payload the
// way Zoom's auth-endpoint sample of the time did (jsrsasign's
// KJUR.jws.JWS.sign over JSON.stringify of header and payload), with the
// meeting number kept as the number the page had, and the sample's 30-second
// back-date of iat (not visible in the post).
//
// Library: jsrsasign 11.1.0 from npm (the sample's). Credentials, meeting and
// clock are made up / pinned.
'use strict'
const { KJUR } = require('jsrsasign')

const nowMs = Number(process.env.ZOOMSIG_NOW_MS)
if (!Number.isSafeInteger(nowMs)) throw new Error('ZOOMSIG_NOW_MS must be set')

function signature(sdkKey, sdkSecret, meetingNumber, role) {
  const iat = Math.round(nowMs / 1000) - 30
  const exp = iat + 60 * 30
  const oHeader = { alg: 'HS256', typ: 'JWT' }
  const oPayload = { appKey: sdkKey, sdkKey, mn: meetingNumber, role, iat, exp, tokenExp: exp }
  return KJUR.jws.JWS.sign('HS256', JSON.stringify(oHeader), JSON.stringify(oPayload), sdkSecret)
}

const meetingNumber = 79140263518 // a number, as the page held it
process.stdout.write(signature('NBU_-6ZImlYu8c6owmx-QB', 'pa4wJjkgSQxnmSbAfkdsZhzDIZWB8cA2IDTe', meetingNumber, 1))
