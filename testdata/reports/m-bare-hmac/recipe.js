// Report: https://devforum.zoom.us/t/invalid-signature-web-sdk/98154
// (Meeting SDK for web, component view; "Invalid signature" on join.)
//
// What the reporter did: a browser-side helper builds a JWT-like header and
// payload, encodes each with btoa, HMACs "header.payload" with CryptoJS and
// returns only the Base64 text of that MAC; the page passes this 44-character
// string to join as the signature. (The post's payload also names the meeting
// `meetingNumber`; only the returned MAC reaches Zoom, so that is invisible
// here. The post's call also shifts its arguments; this recipe passes them in
// order, since only the shape of the output matters.)
//
// Library: crypto-js 4.2.0 from npm (the reporter's CryptoJS); btoa is Node's
// global, which behaves as the browser's for ASCII text.
// Credentials are the made-up ones from issue 18; the meeting is made up.
'use strict'
const CryptoJS = require('crypto-js')

const nowMs = Number(process.env.ZOOMSIG_NOW_MS)
if (!Number.isSafeInteger(nowMs)) throw new Error('ZOOMSIG_NOW_MS must be set')

function meetingSignature(key, secret, meetingNumber, role) {
  const iat = Math.floor(nowMs / 1000) - 30
  const exp = iat + 2 * 60 * 60
  const header = { alg: 'HS256', typ: 'JWT' }
  const payload = { appKey: key, sdkKey: key, meetingNumber, role, iat, exp }
  const input = btoa(JSON.stringify(header)) + '.' + btoa(JSON.stringify(payload))
  const mac = CryptoJS.HmacSHA256(input, secret)
  return CryptoJS.enc.Base64.stringify(mac) // the MAC alone is what comes back
}

process.stdout.write(meetingSignature('9JKzj-GQGVZx_E-jk21g4S', 'a20PEqiN8vNPoT0HjgzWt6VY7cXRHfkDTjqI', '73618205947', 1))
