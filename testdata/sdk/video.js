// The Video SDK for web as zoomsig's oracle: @zoom/videosdk 2.5.0 and 1.12.17
// (the last 1.x, an npm alias in package.json), each run in the one
// chromium of run.js (a context per case), judging tokens made by the built
// zoomsig.
//
//   node testdata/sdk/run.js --zoomsig BIN --video testdata/sdk/video-results.json [--oracle off]
//
// The page (pages/video.html) loads the package's dist/index.umd.js from
// loopback, calls ZoomVideo.createClient(), init('en-US', its own dist/lib)
// and join(topic, token, userName, password). Every request to Zoom is
// captured with page.route (nothing leaves the machine): the join's call to
// https://zoom.us/wc/lsdk (2.5.0: a form-encoded POST; 1.12.17: a JSONP GET)
// is recorded and answered as Zoom answers, with the texts the bundles
// themselves compare the answer with (dist/index.umd.js, meetingInfoEpic, the
// same in both versions):
//   errorCode 124, "The java web token is expired or more than 2 days or
//     ineffective."                       → 200 "The token has expired, is over 2 days old, or is ineffective."
//   any other 124                         → 200 "Verify JWT failed"
//   3000, "The role type error"           → 3010 "Role type error"
//   300                                   → 200 "This account does not exist or does not belong to you"
// A token the runner expects Zoom to take is answered 300: its key belongs
// to no account, and the case checks what was sent, not that answer.
//
// Each case is asserted against `zoomsig inspect --json --sdk video-web@V
// --session T [--password P]` on the same token:
//   - refused before any request: Diagnose has an error finding naming the
//     SDK's reason (and its code, when the SDK gives one);
//   - answered by "Zoom": the SDK's code and message, `CODE "MESSAGE"`, stand
//     in the message of the error finding the case expects;
//   - sent and no answer expected: the request carries the token unchanged
//     as zlk and the topic (lower-cased or not, as recorded), and Diagnose
//     has no error finding;
//   - a Meeting SDK token: what the SDK does with it is recorded, and
//     Diagnose has an sdk-version error saying it is a Meeting SDK token.
// Tokens are signed at a fixed instant and judged at a fixed instant, so the
// results file depends on nothing but the SDKs and zoomsig: CI diffs it.
'use strict'
const { execFileSync } = require('child_process')
const { KJUR } = require('jsrsasign')

const KEY = 'BdrX5jD_Rsagb902E7I15A'
const SECRET = 'Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi'
const WRONG_SECRET = 'Wr0ngSecretWr0ngSecretWr0ngSecret123'
const SIGNED_AT = '2026-11-27T12:00:00Z'
const JUDGED_AT = '2026-11-27T12:05:00Z'
const EXPIRED_AT = '2026-11-27T15:00:00Z' // 3 h after SIGNED_AT: a 2 h token has expired
const TOPIC = 'Daily Standup'
const SETTLE_MS = 15000

// The versions, where run.js serves each package's dist/.
const VERSIONS = [
  { version: '2.5.0', dir: 'node_modules/@zoom/videosdk/dist/' },
  { version: '1.12.17', dir: 'node_modules/videosdk-1.12.17/dist/' },
]
const MOUNTS = Object.fromEntries(VERSIONS.map((v) => ['/videosdk/' + v.version + '/', v.dir]))

// What "Zoom" answers, per case kind (texts from the bundles, see above).
const ANSWERS = {
  account: { status: false, errorCode: 300, errorMessage: 'The account does not exist.', result: null },
  expired: { status: false, errorCode: 124, errorMessage: 'The java web token is expired or more than 2 days or ineffective.', result: null },
  // The server's own text for a bad HMAC is not known: the bundles map
  // every 124 but the expired one to "Verify JWT failed".
  invalid: { status: false, errorCode: 124, errorMessage: 'zoomsig runner: the JWT does not verify', result: null },
  role: { status: false, errorCode: 3000, errorMessage: 'The role type error', result: null },
}

function cases(bin) {
  const sign = (secret, at, ...a) => execFileSync(bin, ['sign', '--video', '--at', at, ...a],
    { env: { ...process.env, ZOOM_VIDEO_SDK_KEY: KEY, ZOOM_VIDEO_SDK_SECRET: secret } }).toString().trim()
  const every = ['--role', '1', '--user-key', 'customer-acme-001', '--session-key', 'sk-1', '--geo-regions', 'US,DE',
    '--cloud-recording-option', '1', '--cloud-recording-election', '1', '--telemetry-tracking-id', 'trace-1',
    '--video-webrtc-mode', '1', '--audio-webrtc-mode', '1', '--cloud-recording-transcript-option', '2']
  const good = sign(SECRET, SIGNED_AT, '--session', TOPIC)
  // role_type 2, which zoomsig's signer refuses: signed with jsrsasign as
  // Zoom's doc sample signs, zoomsig's payload otherwise.
  const iat = Date.parse(SIGNED_AT) / 1000 - 30
  const role2 = KJUR.jws.JWS.sign('HS256', JSON.stringify({ alg: 'HS256', typ: 'JWT' }),
    JSON.stringify({ app_key: KEY, role_type: 2, tpc: TOPIC, version: 1, iat, exp: iat + 7200 }), SECRET)
  return [
    { name: 'default token', token: good, topic: TOPIC, answer: 'account', expect: 'sent' },
    { name: 'every claim', token: sign(SECRET, SIGNED_AT, '--session', TOPIC, ...every), topic: TOPIC, answer: 'account', expect: 'sent' },
    { name: 'empty token', token: '', topic: TOPIC, expect: 'local' },
    { name: '201-character topic', token: good, topic: 'a'.repeat(201), expect: 'local' },
    { name: '11-character password', token: good, topic: TOPIC, password: '12345678901', expect: 'local' },
    { name: 'expired token', token: good, topic: TOPIC, at: EXPIRED_AT, answer: 'expired', expect: 'expired' },
    { name: 'wrong secret', token: sign(WRONG_SECRET, SIGNED_AT, '--session', TOPIC), topic: TOPIC, answer: 'invalid', expect: 'hash-mismatch' },
    { name: 'role_type 2', token: role2, topic: TOPIC, answer: 'role', expect: 'video-claims' },
    // A Meeting SDK token where a Video SDK token belongs: what the SDK does
    // with it locally is measured; Zoom's answer to it is not known, so it
    // is answered as the others the runner expects Zoom to judge (300).
    { name: 'Meeting SDK token', token: execFileSync(bin, ['sign', '--at', SIGNED_AT, '85823272833'],
      { env: { ...process.env, ZOOM_SDK_KEY: KEY, ZOOM_SDK_SECRET: SECRET } }).toString().trim(), topic: TOPIC, answer: 'account', expect: 'other-product' },
  ]
}

// inspect asks zoomsig about the token as the SDK was given it.
function inspect(bin, c, version) {
  const argv = ['inspect', '--json', '--sdk', 'video-web@' + version, '--at', c.at || JUDGED_AT, '--session', c.topic]
  if (c.password !== undefined) argv.push('--password', c.password)
  argv.push('-')
  let out
  try {
    out = execFileSync(bin, argv, { input: c.token, env: { ...process.env, ZOOM_SDK_KEY: KEY, ZOOM_SDK_SECRET: SECRET } })
  } catch (e) {
    out = e.stdout // exit 1: an error-level finding
  }
  return JSON.parse(out.toString()).findings
}

// answer lets loopback through, records and answers the join's call to Zoom,
// and refuses every other address.
function answer(route, seen, c) {
  const req = route.request()
  const u = new URL(req.url())
  if (u.hostname === '127.0.0.1') return route.continue()
  if (!u.pathname.endsWith('/wc/lsdk')) {
    seen.other.push(u.hostname + u.pathname)
    return route.abort()
  }
  const params = new URLSearchParams(req.method() === 'GET' ? u.search : req.postData() || '')
  seen.lsdk = { method: req.method(), params: Object.fromEntries(params) }
  const body = ANSWERS[c.answer] || ANSWERS.account
  const callback = params.get('callback') // 1.12.17 asks with JSONP
  if (callback) return route.fulfill({ status: 200, contentType: 'application/javascript', body: callback + '(' + JSON.stringify(body) + ')' })
  return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) })
}

async function runCase(browser, base, c, v) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const seen = { lsdk: null, other: [], console: [] }
  page.on('pageerror', (e) => seen.console.push(e.message))
  await page.route('**/*', (route) => answer(route, seen, c))
  const q = new URLSearchParams({ v: v.version, topic: c.topic, token: c.token })
  if (c.password !== undefined) q.set('password', c.password)
  const start = Date.now()
  await page.goto(base + '/pages/video.html?' + q)
  try {
    await page.waitForFunction(() => window.__done, null, { timeout: SETTLE_MS })
  } catch {}
  const { result, events } = await page.evaluate(() => ({ result: window.__result || null, events: window.__events || [] }))
  await context.close()
  return { ...seen, result, events, ms: Date.now() - start }
}

// base64url text as a string (the SDKs send topic and password so).
const unb64 = (s) => (s === undefined ? undefined : Buffer.from(s, 'base64url').toString('utf8'))

// judge compares what the SDK did with Diagnose's findings; it returns the
// record of the case and its problems.
function judge(c, v, got, findings) {
  const r = got.result || {}
  const errors = findings.filter((f) => f.severity === 'error')
  const rec = { name: c.name, sdk: 'video-web@' + v.version, token: c.token, topic: c.topic, password: c.password, at: c.at || JUDGED_AT, expect: c.expect }
  const problems = []
  if (r.stage !== 'join') problems.push('the SDK did not reach join(): ' + JSON.stringify(r))
  if (r.joined) problems.push('join() resolved, which no answer of this runner allows')
  // What the SDK reported: join()'s rejection, else a connection-change
  // event with state "Fail" (1.12.17 reports Zoom's refusals so only).
  const fail = got.events.find((e) => e.state === 'Fail')
  rec.joinSettled = Boolean(r.settled)
  rec.failEvent = fail ? { errorCode: fail.errorCode, reason: fail.reason } : null
  const reported = r.settled ? r : fail ? { error: fail.reason, errorCode: fail.errorCode } : {}
  if (!r.settled && !fail) problems.push('join() never settled and no "Fail" event came')
  rec.errorCode = reported.errorCode === undefined ? null : reported.errorCode
  rec.reason = reported.error || null
  rec.type = reported.type || null
  const words = (rec.errorCode === null ? '' : rec.errorCode + ' ') + JSON.stringify(rec.reason)
  if (!got.lsdk) {
    rec.sdkDid = 'refused before asking Zoom'
    const named = errors.find((f) => f.message.includes(words))
    rec.diagnoseNamed = named ? named.code : null
    if (c.expect !== 'local') problems.push('the SDK sent nothing, where the case expects ' + c.expect)
    if (!named) problems.push(`the SDK refused with ${words}; no error finding says so: ` + JSON.stringify(errors.map((f) => f.message)))
    return { rec, problems }
  }
  const sent = got.lsdk.params
  const answered = ANSWERS[c.answer] || ANSWERS.account
  rec.zoomAnswered = { errorCode: answered.errorCode, errorMessage: answered.errorMessage }
  rec.sdkDid = 'asked Zoom (' + got.lsdk.method + ' wc/lsdk)'
  rec.tokenUnchanged = sent.zlk === c.token
  rec.topicSent = unb64(sent.topic)
  rec.topicLowerCased = rec.topicSent !== c.topic && rec.topicSent === c.topic.toLowerCase()
  if (!rec.tokenUnchanged) problems.push('zlk is not the token as given')
  if (rec.topicSent !== c.topic && !rec.topicLowerCased) problems.push('the topic sent is ' + JSON.stringify(rec.topicSent))
  if (c.expect === 'sent') {
    rec.diagnoseNamed = errors.length ? errors.map((f) => f.code).join(' ') : 'no error'
    if (errors.length) problems.push('the SDK sent the token, yet Diagnose has errors: ' + rec.diagnoseNamed)
    return { rec, problems }
  }
  if (c.expect === 'other-product') {
    const named = errors.find((f) => f.code === 'sdk-version' && f.message.includes('This is a Meeting SDK token'))
    rec.diagnoseNamed = named ? named.code : null
    if (!named) problems.push('no sdk-version error names the Meeting SDK token: ' + JSON.stringify(errors.map((f) => f.code)))
    return { rec, problems }
  }
  if (c.expect === 'local') problems.push('the SDK asked Zoom, where the case expects a local refusal')
  const named = errors.find((f) => f.code === c.expect && f.message.includes(words))
  rec.diagnoseNamed = named ? named.code : null
  if (!named) problems.push(`the SDK reported ${words}; no ${c.expect} error names it: ` + JSON.stringify(errors.map((f) => f.code + ': ' + f.message)))
  return { rec, problems }
}

// runVideo runs every case on every version in the shared browser, at most
// run() at a time, printing a line per case; it returns the results file's
// object and the number of failed cases.
async function runVideo(browser, base, bin, run) {
  const list = cases(bin)
  const jobs = []
  for (const v of VERSIONS) {
    for (const c of list) {
      jobs.push(run(async () => {
        const got = await runCase(browser, base, c, v)
        const { rec, problems } = judge(c, v, got, inspect(bin, c, v.version))
        const line = `${problems.length ? 'FAIL' : 'ok  '} video ${('video-web@' + v.version).padEnd(18)} ${c.name.padEnd(24)} ${rec.sdkDid}` +
          (rec.reason ? `, ${rec.errorCode === null ? '' : rec.errorCode + ' '}"${rec.reason}"` : '') + ` → Diagnose: ${rec.diagnoseNamed} ${got.ms} ms`
        console.log(line)
        for (const p of problems) console.log('       ' + p)
        return { rec, failed: problems.length > 0 }
      }))
    }
  }
  const done = await Promise.all(jobs)
  const about = 'What the Video SDK for web did with each case (testdata/sdk/video.js), and the code of the Diagnose finding that names it; CI regenerates this file and diffs.'
  return { results: { about, cases: done.map((d) => d.rec) }, failed: done.filter((d) => d.failed).length }
}

module.exports = { runVideo, MOUNTS }
