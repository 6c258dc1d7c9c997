// Report (a public guide with a wrong recipe):
// https://github.com/tanchunsiong/agent-skills/blob/2ba527d53e31d1727fa1dd55986ad2850e0aafa0/zoom-meeting-sdk/references/authorization.md
// (Meeting SDK authorization notes, section "Short-Lived Tokens (Recommended)".)
//
// What it recommends: iat = now - 7200 s (two hours in the past) and
// exp = tokenExp = now + 10 s, on the belief that Zoom needs exp - iat of at
// least two hours (Zoom's documented window is 1800 s to 48 h). The window is
// met (7210 s), but the token is dead ten seconds after it is made: any delay
// between signing and join (a page load, a retry, a slow network, a clock a
// few seconds apart) turns it into "expired". The payload carries sdkKey but
// no appKey.
//
// Library: jsonwebtoken 9.0.3 from npm, as the guide's server example uses.
// The guide reads Date.now(); here it is the pinned clock. Credentials and
// meeting are made up.
'use strict'
const nowMs = Number(process.env.ZOOMSIG_NOW_MS)
if (!Number.isSafeInteger(nowMs)) throw new Error('ZOOMSIG_NOW_MS must be set')
Date.now = () => nowMs

const jwt = require('jsonwebtoken')

function generateSignature(sdkKey, sdkSecret, meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000) - 7200
  const exp = Math.floor(Date.now() / 1000) + 10
  const payload = { sdkKey, mn: meetingNumber, role, iat, exp, tokenExp: exp }
  return jwt.sign(payload, sdkSecret, { algorithm: 'HS256' })
}

process.stdout.write(generateSignature('T_C9ejAVNhtW52d-hmX-mF', 'deqgzvHXJpSH6IprIUtuJgdFgxtPkpl60Nb8', '6628450917', 0))
