// Runs the broken signature recipes users write (zoom-notes.md §3), each as
// a real program with the clock pinned, and prints one line per case:
//   id recipe key secret meeting role now_ms output
// The Go diagnosis tests judge these outputs. Recipes whose mistake lives in
// another language (the C# sample, Ruby's gsub) are ported here line for
// line; the legacy golden vectors cover the Ruby ones as Ruby really ran them.
'use strict'
const crypto = require('crypto')
const { KJUR } = require('jsrsasign')

const b64 = (s) => Buffer.from(s).toString('base64')
const hmac = (secret, data) => crypto.createHmac('sha256', secret).update(data)

const recipes = {
  // Zoom's marketplace Node snippet once read Buffer.from(apiKey, meetingNumber, …).
  // With the meeting number a number (as front ends post it), Buffer.from
  // takes it as a non-string encoding and falls back to UTF-8, ignoring it and
  // the rest: both buffers hold the key alone. (With a string it throws.)
  'key-only': (k, s, mn, role, now) => {
    const meetingNumber = Number(mn)
    const timestamp = now - 30000
    const msg = Buffer.from(k, meetingNumber, timestamp, role).toString('base64')
    const hash = hmac(s, msg).digest('base64')
    return Buffer.from(k, meetingNumber, timestamp, role, hash).toString('base64')
  },
  // Zoom's C# sample: HMAC over the raw message, not its base64.
  'raw-message-hmac': (k, s, mn, role, now) => {
    const ts = now - 30000
    const message = `${k}${mn}${ts}${role}`
    const hash = hmac(s, message).digest('base64')
    return b64(`${k}.${mn}.${ts}.${role}.${hash}`).replace(/=+$/, '')
  },
  // A hand port that base64-encodes the hex digest.
  'hex-hash': (k, s, mn, role, now) => {
    const ts = now - 30000
    const hash = b64(hmac(s, b64(`${k}${mn}${ts}${role}`)).digest('hex'))
    return b64(`${k}.${mn}.${ts}.${role}.${hash}`).replace(/=+$/, '')
  },
  // Seconds where Zoom wants milliseconds.
  'timestamp-seconds': (k, s, mn, role, now) => {
    const ts = Math.round(now / 1000) - 30
    const hash = hmac(s, b64(`${k}${mn}${ts}${role}`)).digest('base64')
    return b64(`${k}.${mn}.${ts}.${role}.${hash}`)
  },
  // The meeting number as the user pasted it.
  'meeting-number': (k, s, mn, role, now) => {
    const ts = now - 30000
    const spaced = mn.slice(0, 3) + ' ' + mn.slice(3, 7) + ' ' + mn.slice(7)
    const hash = hmac(s, b64(`${k}${spaced}${ts}${role}`)).digest('base64')
    return b64(`${k}.${spaced}.${ts}.${role}.${hash}`)
  },
  // Legacy signature with an over-long "key" (an OAuth secret pasted as the key).
  'too-long': (k, s, mn, role, now) => {
    const long = k + k + k
    const ts = now - 30000
    const hash = hmac(s, b64(`${long}${mn}${ts}${role}`)).digest('base64')
    return b64(`${long}.${mn}.${ts}.${role}.${hash}`)
  },
  // Meeting SDK JWT with iat/exp in milliseconds.
  'timestamp-milliseconds': (k, s, mn, role, now) => {
    const iat = now - 30000
    const exp = iat + 2 * 60 * 60 * 1000
    return jwt('HS256', { appKey: k, sdkKey: k, mn, role, iat, exp, tokenExp: exp }, s)
  },
  // HS512 where Zoom wants HS256.
  'jwt-alg': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000) - 30
    return jwt('HS512', { appKey: k, sdkKey: k, mn, role, iat, exp: iat + 7200, tokenExp: iat + 7200 }, s)
  },
  // An unsigned token.
  'jwt-alg-none': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000) - 30
    const seg = (o) => Buffer.from(JSON.stringify(o)).toString('base64url')
    return seg({ alg: 'none', typ: 'JWT' }) + '.' + seg({ appKey: k, sdkKey: k, mn, role, iat, exp: iat + 7200, tokenExp: iat + 7200 }) + '.'
  },
  // A week-long lifetime.
  'jwt-exp-window': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000) - 30
    const exp = iat + 7 * 24 * 60 * 60
    return jwt('HS256', { appKey: k, sdkKey: k, mn, role, iat, exp, tokenExp: exp }, s)
  },
  // A REST-API JWT (JWT app) pasted as the SDK signature.
  'rest-api-jwt': (k, s, mn, role, now) => {
    const exp = Math.floor(now / 1000) + 3600
    return jwt('HS256', { iss: k, exp }, s)
  },
  // The endpoint's whole response, as Zoom's sample returns it.
  'response-object': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000)
    const signature = jwt('HS256', { appKey: k, sdkKey: k, mn, role, iat, exp: iat + 7200, tokenExp: iat + 7200 }, s)
    return JSON.stringify({ signature, sdkKey: k })
  },
  // The sample passes meetingNumber through as the front end sent it: a number.
  'mn-number': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000)
    return jwt('HS256', { appKey: k, sdkKey: k, mn: Number(mn), role, iat, exp: iat + 7200, tokenExp: iat + 7200 }, s)
  },
  // tokenExp set apart from exp.
  'token-exp': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000) - 30
    return jwt('HS256', { appKey: k, sdkKey: k, mn, role, iat, exp: iat + 7200, tokenExp: iat + 1800 }, s)
  },
  // mn and role commented out, as in a native-SDK snippet reused for the web.
  'missing-claim': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000)
    return jwt('HS256', { appKey: k, sdkKey: k, iat, exp: iat + 7200 }, s)
  },
  // The token's payload segment alone.
  'jwt-segment': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000)
    return jwt('HS256', { appKey: k, sdkKey: k, mn, role, iat, exp: iat + 7200, tokenExp: iat + 7200 }, s).split('.')[1]
  },
  // A Video SDK token where a Meeting SDK one belongs.
  'video-sdk-token': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000)
    return jwt('HS256', { app_key: k, role_type: role, tpc: 'session ' + mn, version: 1, iat, exp: iat + 7200 }, s)
  },
  // A payload with sdkKey but no appKey: what older snippets write, and what
  // Meeting SDK 6.2.0's client view turns into apiKey=undefined.
  'sdk-key-only': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000) - 30
    return jwt('HS256', { sdkKey: k, mn, role, iat, exp: iat + 7200, tokenExp: iat + 7200 }, s)
  },
  // Java's Base64.getUrlEncoder() without withoutPadding(): every segment
  // keeps its '=' padding, and the HMAC is taken over the padded text.
  'jwt-padding': (k, s, mn, role, now) => {
    const iat = Math.floor(now / 1000) - 30
    const enc = (b) => Buffer.from(b).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
    const input = enc(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' +
      enc(JSON.stringify({ appKey: k, sdkKey: k, mn, role, iat, exp: iat + 7200, tokenExp: iat + 7200 }))
    return input + '.' + enc(hmac(s, input).digest())
  },
  // Java's LocalDateTime.now().toInstant(ZoneOffset.UTC) on a server in
  // UTC+2: the local wall-clock time read as UTC, two hours ahead.
  'timezone-offset': (k, s, mn, role, now) => {
    const localAsUTC = now + 2 * 60 * 60 * 1000
    const iat = Math.floor(localAsUTC / 1000) - 30
    return jwt('HS256', { appKey: k, sdkKey: k, mn, role, iat, exp: iat + 7200, tokenExp: iat + 7200 }, s)
  },
  // iat back-dated by hours "to be safe" and exp set seconds ahead: inside
  // Zoom's window, yet dead a minute later.
  'expires-soon': (k, s, mn, role, now) => {
    const nowS = Math.floor(now / 1000)
    return jwt('HS256', { appKey: k, sdkKey: k, mn, role, iat: nowS - 3 * 60 * 60, exp: nowS + 60, tokenExp: nowS + 60 }, s)
  },
}

function jwt(alg, payload, secret) {
  return KJUR.jws.JWS.sign(alg, JSON.stringify({ alg, typ: 'JWT' }), JSON.stringify(payload), secret)
}

// The cases: every recipe over a few keys (with and without '-'/'_'),
// meeting numbers, roles and pinned instants, from the legacy case list.
let input = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (d) => { input += d })
process.stdin.on('end', () => {
  const cases = input.split('\n').filter((l) => l !== '').slice(0, 6).map((l) => l.split('\t'))
  const out = []
  let id = 0
  for (const name of Object.keys(recipes)) {
    for (const c of cases) {
      const [, , k, s, mn, role, seconds, nanos] = c
      const now = Number(seconds) * 1000 + Math.floor(Number(nanos) / 1e6)
      out.push([++id, name, k, s, mn, role, now, recipes[name](k, s, mn, Number(role), now)].join('\t'))
    }
  }
  process.stdout.write(out.map((l) => l + '\n').join(''))
})
