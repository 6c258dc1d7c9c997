// Report: https://github.com/mieszko4/react-native-zoom-us/issues/340
// (React Native, react-native-zoom-us 6.20 on Android/iOS; ZoomUs.initialize
// now wants a jwtToken. The code is a commenter's attempt in that thread.)
//
// What the commenter did, in the app itself: header and payload JSON each
// encoded with CryptoJS.enc.Base64 (the standard alphabet, '=' padding kept),
// joined with '.', HMAC-SHA256 with CryptoJS and the MAC appended as
// CryptoJS's default toString(): 64 lower-case HEX digits, not base64url.
// The payload is an init token {appKey, iat, exp, tokenExp} whose times are
// new Date().getTime() -- milliseconds -- and exp/tokenExp add
// 1000 * 3600 * 1000 (1000 hours in milliseconds).
//
// Library: crypto-js 4.2.0 from npm (the commenter's CryptoJS).
// Credentials and the clock are made up / pinned; no meeting (an init token).
'use strict'
const CryptoJS = require('crypto-js')

const nowMs = Number(process.env.ZOOMSIG_NOW_MS)
if (!Number.isSafeInteger(nowMs)) throw new Error('ZOOMSIG_NOW_MS must be set')
const now = () => new Date(nowMs)

const sdkKey = 'BeBhVKAl9oYekbh9nT7xay'
const sdkSecret = 'Gm6E7qUfRIvhPF233MaC3npBr2k0PvUiD9jS'

const header = { alg: 'HS256', typ: 'JWT' }
const payload = {
  appKey: sdkKey,
  iat: now().getTime(),
  exp: now().getTime() + 1000 * 3600 * 1000,
  tokenExp: now().getTime() + 1000 * 3600 * 1000
}
const b64 = (o) => CryptoJS.enc.Base64.stringify(CryptoJS.enc.Utf8.parse(JSON.stringify(o)))
const signingInput = b64(header) + '.' + b64(payload)
const mac = CryptoJS.HmacSHA256(signingInput, sdkSecret).toString()
process.stdout.write(signingInput + '.' + mac)
