// Report: https://devforum.zoom.us/t/invalid-signature-with-sample-web-app/4005?page=3
// (Web SDK 1.x sample app, 2019; join fails with errorCode 1. Zoom's answer:
// the endpoint's response was read as text, not JSON, and the whole object was
// passed where the signature alone belongs.)
//
// What the reporter did: deployed Zoom's Node signature endpoint of the time
// (websdk-sample-signature-node.js: legacy signature, timestamp in ms - 30 s,
// answered with Express's res.json({ signature })) and, in the page, fetched
// it with POST and read the answer with response.text(), handing that text to
// ZoomMtg.join as `signature`.
//
// Here the endpoint's code runs as a function and res.json's serialisation is
// JSON.stringify (what Express uses); no network. Node's crypto and Buffer,
// as the sample used. Credentials (a JWT-app-style API key/secret), meeting
// and clock are made up / pinned.
'use strict'
const crypto = require('crypto')

const nowMs = Number(process.env.ZOOMSIG_NOW_MS)
if (!Number.isSafeInteger(nowMs)) throw new Error('ZOOMSIG_NOW_MS must be set')

const API_KEY = 'QiRuyTPwoSH8j-tOOK0kyr'
const API_SECRET = 'sIc6AYoeF3BbUEyQW6ySw0Q8hfD5rbfhKNhu'

// The endpoint (server side): POST / with {meetingNumber, role}.
function signatureEndpoint(body) {
  const timestamp = new Date(nowMs).getTime() - 30000
  const msg = Buffer.from(API_KEY + body.meetingNumber + timestamp + body.role).toString('base64')
  const hash = crypto.createHmac('sha256', API_SECRET).update(msg).digest('base64')
  const signature = Buffer.from(`${API_KEY}.${body.meetingNumber}.${timestamp}.${body.role}.${hash}`).toString('base64')
  return JSON.stringify({ signature }) // res.json({ signature: signature })
}

// The page: fetch(...).then(result => result.text()) -- the body as text.
const requestBody = JSON.parse(JSON.stringify({ meetingNumber: 751209384, role: 0 }))
const responseText = signatureEndpoint(requestBody)
process.stdout.write(responseText) // what reached ZoomMtg.join({ signature })
