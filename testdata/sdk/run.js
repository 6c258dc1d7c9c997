// Zoom's real Web SDKs as zoomsig's test oracle.
//
//   node testdata/sdk/run.js --zoomsig PATH_TO_BUILT_ZOOMSIG [--out results.json] [--only SUBSTRING]
//        [--matrix matrix.json [--matrix-debug raw.json]] [--video video-results.json]
//        [--oracle on|off] [--jobs N] [--web web/dist]
//
// This is the one entry point for browser work: it launches chromium once
// and runs, in that one browser, its own cases (below), with --matrix the
// version matrix of matrix.js (written to that file: CI diffs it against
// testdata/sdk/matrix.json), and with --video the Video SDK cases of
// video.js (written to that file: CI diffs it against
// testdata/sdk/video-results.json). Each case has its own context; at most --jobs
// (default 4) pages are open at once. --oracle off runs the matrix alone.
// --web DIST also runs the inspector page's cases (webpage.js) against
// `inspect --web` and the static build in DIST, screenshots beside --out.
// It prints the whole run's seconds.
//
// Serves Meeting SDK 6.2.0 (@zoom/meetingsdk) and Web SDK 1.9.9
// (@zoomus/websdk) from loopback, drives Debian's chromium through
// playwright-core (executablePath /usr/bin/chromium; no browser is ever
// downloaded), and gives each SDK signatures made by the built zoomsig: the
// Meeting SDK JWT through a real fetch, with CORS, from `zoomsig serve`, and
// the golden and broken vectors of testdata/. For each case it records the
// SDK's console warnings, its join result, and the wc/info request it sends
// to Zoom (intercepted: it never leaves the machine, and is answered as
// Zoom answers), then asks `zoomsig inspect --json --sdk VERSION` about the
// same signature and checks that they agree:
//   - a warning the SDK prints about the signature is named by the finding
//     the table KNOWN_WARNINGS gives, at its severity;
//   - when the SDK refuses locally or never calls wc/info, Diagnose has an
//     error finding (sdk-version where the format is the cause);
//   - when Diagnose has no error finding, the SDK reaches wc/info with our
//     key and our signature unchanged.
// Prints one line per case and "N passed, M failed"; exits 1 on a failure.
'use strict'
const fs = require('fs')
const http = require('http')
const path = require('path')
const { spawn, execFileSync } = require('child_process')
const { chromium } = require('playwright-core')
const { runMatrix } = require('./matrix')
const video = require('./video')
const { runWebPage } = require('./webpage')

const here = __dirname
const testdata = path.join(here, '..')
const KEY = 'BdrX5jD_Rsagb902E7I15A'
const SECRET = 'Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi'
const MEETING = '85823272833'

// What the SDKs print about a signature, and the findings (any one of them,
// at that severity) that must name it. The strings are the 6.2.0 bundle's
// (zoom-notes §4.1); the client view's was found by this runner.
const KNOWN_WARNINGS = [
  { re: /The sdkKey will be deprecated in the signature/, codes: ['sdk-key-claim'], severity: 'info' },
  // A JWT without appKey: a sdkKey-only token (missing-claim), or no key
  // claim at all, as in a REST-API or a Video SDK token (video-sdk-token
  // when judged for the Meeting SDK for web).
  { re: /The appKey is required to be included in the signature/, codes: ['missing-claim', 'rest-api-jwt', 'sdk-version', 'video-sdk-token'], severity: 'error' },
  { re: /we require appKey in signature since v5\.0\.0/, codes: ['missing-claim'], severity: 'error' },
]
// Local refusals whose cause Diagnose must name with a given code.
const KNOWN_REFUSALS = [
  { re: /signatrue length error/, codes: ['sdk-version', 'too-long'] },
  { re: /Cannot read properties of undefined|is not a function|Unexpected token|JSON/, codes: ['sdk-version', 'malformed', 'jwt-segment', 'response-object'] },
]

function args() {
  const a = { out: '', only: '', matrix: '', 'matrix-debug': '', video: '', oracle: 'on', jobs: '4', web: '' }
  for (let i = 2; i < process.argv.length; i += 2) {
    const name = process.argv[i].replace(/^--/, '')
    if (!(name in a) && name !== 'zoomsig') a.bad = name
    a[name] = process.argv[i + 1]
  }
  if (!a.zoomsig || a.bad || !['on', 'off'].includes(a.oracle) || !(Number(a.jobs) >= 1)) {
    console.error('usage: node run.js --zoomsig PATH [--out FILE] [--only SUBSTRING] [--matrix FILE [--matrix-debug FILE]] [--video FILE] [--oracle on|off] [--jobs N] [--web DIST]')
    process.exit(2)
  }
  return a
}

// ---- the static server: the SDKs' own files and the pages, on loopback ----

const MOUNTS = {
  '/sdk/': 'node_modules/@zoom/meetingsdk/dist/',
  '/sdk199/': 'node_modules/websdk-1.9.9/dist/',
  '/sdk199-vendor/': 'node_modules/websdk-1.9.9/node_modules/',
  '/vendor/': 'node_modules/',
  '/pages/': 'pages/',
  ...video.MOUNTS,
}
const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' }

function serveStatic() {
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://loopback')
    for (const [prefix, dir] of Object.entries(MOUNTS)) {
      if (!u.pathname.startsWith(prefix)) continue
      const root = path.join(here, dir)
      const file = path.join(root, decodeURIComponent(u.pathname.slice(prefix.length)))
      if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) break
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'credentialless',
      })
      return fs.createReadStream(file).pipe(res)
    }
    res.writeHead(404)
    res.end()
  })
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)))
}

// ---- zoomsig: serve (the JWT through a real fetch), sign and inspect ----

function startServe(bin, origin, extra) {
  const p = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--allow-origin', origin, ...extra], {
    env: { ...process.env, ZOOM_SDK_KEY: KEY, ZOOM_SDK_SECRET: SECRET, PORT: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let buf = ''
    p.stderr.on('data', (d) => {
      buf += d
      for (const line of buf.split('\n')) {
        try {
          const rec = JSON.parse(line)
          if (rec.msg === 'listening') resolve({ proc: p, url: 'http://' + rec.addr + '/' })
        } catch {}
      }
    })
    p.on('exit', (code) => reject(new Error('zoomsig serve exited ' + code + ': ' + buf)))
  })
}

function inspect(bin, sig, sdk, at, key, secret) {
  const argv = ['inspect', '--json', '--sdk', 'web@' + sdk] // the Meeting SDK for web, which this oracle runs
  if (at) argv.push('--at', at)
  argv.push('-')
  let out
  try {
    out = execFileSync(bin, argv, { input: sig, env: { ...process.env, ZOOM_SDK_KEY: key, ZOOM_SDK_SECRET: secret } })
  } catch (e) {
    out = e.stdout // exit 1: an error-level finding
  }
  return JSON.parse(out.toString()).findings
}

// ---- the cases ----

function readTSV(name) {
  return fs.readFileSync(path.join(testdata, name), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'))
}

const LEGACY_RECIPES = new Set(['key-only', 'raw-message-hmac', 'hex-hash', 'timestamp-seconds', 'meeting-number', 'too-long'])

function cases(bin) {
  const sign = (...a) => execFileSync(bin, ['sign', ...a], { env: { ...process.env, ZOOM_SDK_KEY: KEY, ZOOM_SDK_SECRET: SECRET } }).toString().trim()
  const list = [
    { name: 'default token from serve', page: 'component', sdk: '6.2.0', endpoint: 'default', expectWarnings: ['sdkKey will be deprecated'] },
    { name: 'appKey-only token from serve --sdk-key-claim=false', page: 'component', sdk: '6.2.0', endpoint: 'appOnly', expectWarnings: [] },
    { name: 'default token, client view', page: 'client', sdk: '6.2.0', sig: sign(MEETING), key: KEY, secret: SECRET, expectWarnings: [] },
    { name: 'appKey-only token, client view', page: 'client', sdk: '6.2.0', sig: sign('--sdk-key-claim=false', MEETING), key: KEY, secret: SECRET, expectWarnings: [] },
    { name: 'Zoom answers "The signature has expired."', page: 'component', sdk: '6.2.0', endpoint: 'default', zoomSays: 'The signature has expired.', expectCode: 3705 },
    { name: 'Zoom answers "Invalid signature."', page: 'component', sdk: '6.2.0', endpoint: 'default', zoomSays: 'Invalid signature.', expectCode: 3712 },
  ]
  const seen = new Set()
  for (const r of readTSV('broken_vectors.tsv')) {
    const [, recipe, key, secret, mn, , nowMs, output] = r
    if (seen.has(recipe)) continue
    seen.add(recipe)
    const c = { sig: output, key, secret, meeting: mn, at: new Date(Number(nowMs)).toISOString() }
    list.push({ ...c, name: 'broken ' + recipe, page: 'component', sdk: '6.2.0' })
    if (recipe === 'sdk-key-only') list.push({ ...c, name: 'broken ' + recipe + ', client view', page: 'client', sdk: '6.2.0' })
    if (LEGACY_RECIPES.has(recipe)) list.push({ ...c, name: 'broken ' + recipe, page: 'client', sdk: '1.9.9' })
  }
  const dialects = new Set()
  for (const r of readTSV('legacy_vectors.tsv')) {
    const [, dialect, key, secret, mn, , secs, nanos, sig] = r
    if (dialects.has(dialect)) continue
    dialects.add(dialect)
    const c = { sig, key, secret, meeting: mn, at: new Date(Number(secs) * 1000 + Math.floor(Number(nanos) / 1e6)).toISOString() }
    list.push({ ...c, name: 'legacy ' + dialect, page: 'component', sdk: '6.2.0' })
    list.push({ ...c, name: 'legacy ' + dialect, page: 'client', sdk: '1.9.9' })
  }
  return list
}

// ---- one case in the browser ----

async function runCase(browser, base, endpoints, c) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const seen = { console: [], wcinfo: null }
  page.on('console', (m) => seen.console.push({ type: m.type(), text: m.text() }))
  page.on('pageerror', (e) => seen.console.push({ type: 'pageerror', text: e.message }))
  await page.route('**/*', (route) => answer(route, seen, c))
  const q = new URLSearchParams({ sdk: c.sdk, meetingNumber: c.meeting || MEETING })
  if (c.endpoint) q.set('endpoint', endpoints[c.endpoint])
  else q.set('signature', c.sig)
  if (c.page === 'client' && c.sdk === '1.9.9') q.set('key', c.key)
  const start = Date.now()
  await page.goto(base + '/pages/' + c.page + '.html?' + q)
  try {
    await page.waitForFunction(() => window.__done, null, { timeout: 10000 })
  } catch {}
  const result = await page.evaluate(() => ({ result: window.__result, fetched: window.__fetched }))
  await context.close()
  return { ...seen, ...result, ms: Date.now() - start }
}

// answer lets loopback through, captures wc/info and answers it as Zoom
// does, and refuses every other address: nothing leaves the machine.
function answer(route, seen, c) {
  const req = route.request()
  const u = new URL(req.url())
  if (u.hostname === '127.0.0.1') return route.continue()
  if (!u.pathname.endsWith('/wc/info')) return route.abort()
  const params = new URLSearchParams(req.method() === 'GET' ? u.search : req.postData() || '')
  seen.wcinfo = Object.fromEntries(params)
  const body = { status: false, errorCode: 200, errorMessage: c.zoomSays || 'Invalid signature.', result: null }
  const callback = params.get('callback') // Web SDK 1.9.9 asks with JSONP
  if (callback) return route.fulfill({ status: 200, contentType: 'application/javascript', body: callback + '(' + JSON.stringify(body) + ')' })
  return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) })
}

// ---- the verdict ----

function judge(c, got, findings) {
  const problems = []
  const errors = findings.filter((f) => f.severity === 'error')
  const has = (code, severity) => findings.some((f) => f.code === code && (!severity || f.severity === severity))
  const sigWarnings = got.console.filter((m) => (m.type === 'warning' || m.type === 'error') && /sdkKey|appKey|signature/i.test(m.text) && !/Failed to load/.test(m.text))
  for (const w of sigWarnings) {
    const k = KNOWN_WARNINGS.find((k) => k.re.test(w.text))
    if (!k) problems.push('an SDK message no finding is mapped to: ' + w.text.slice(0, 120))
    else if (!k.codes.some((code) => has(code, k.severity))) problems.push(`the SDK said "${w.text.slice(0, 60)}…" but Diagnose has no ${k.severity} ${k.codes.join(' or ')}`)
  }
  if (c.expectWarnings) {
    const texts = sigWarnings.map((w) => w.text)
    if (texts.length !== c.expectWarnings.length || !c.expectWarnings.every((e, i) => texts[i].includes(e))) {
      problems.push('expected warnings ' + JSON.stringify(c.expectWarnings) + ', got ' + JSON.stringify(texts))
    }
  }
  const signature = c.endpoint ? got.fetched && got.fetched.signature : c.sig
  if (c.endpoint && !(got.fetched && got.fetched.status === 200 && got.fetched.cors === 'cors')) {
    problems.push('the page did not get its token through a CORS fetch from zoomsig serve: ' + JSON.stringify(got.fetched))
  }
  if (!got.wcinfo) {
    if (errors.length === 0) problems.push('the SDK never called wc/info, yet Diagnose has no error finding')
    const reason = (got.result && got.result.error) || got.console.filter((m) => m.type === 'pageerror').map((m) => m.text).join(' ')
    const k = KNOWN_REFUSALS.find((k) => k.re.test(reason || ''))
    if (k && !k.codes.some((code) => has(code, 'error'))) problems.push(`the SDK refused locally (${reason.slice(0, 80)}) but Diagnose names none of ${k.codes}`)
  } else if (errors.length === 0) {
    if (got.wcinfo.apiKey !== c.key) problems.push('wc/info carried apiKey=' + got.wcinfo.apiKey + ', not our key')
    if (got.wcinfo.signature !== signature) problems.push('wc/info carried another signature than ours')
    if (c.sdk !== '1.9.9' && got.wcinfo.signatureType !== 'sdk') problems.push('signatureType=' + got.wcinfo.signatureType)
    if (got.wcinfo.meetingNumber !== (c.meeting || MEETING)) problems.push('wc/info carried meetingNumber=' + got.wcinfo.meetingNumber)
  }
  if (c.expectCode) {
    const r = got.result || {}
    if (r.errorCode !== c.expectCode) problems.push(`Zoom's "${c.zoomSays}" became ${r.errorCode}, not ${c.expectCode}`)
    c.reported = r.errorCode + ' "' + r.error + '"'
  }
  return problems
}

function outcome(got) {
  const r = got.result
  const where = got.wcinfo ? 'wc/info reached' : 'no wc/info'
  if (!r) return where + ', no result (no callback)'
  return where + ', ' + (r.joined ? 'joined' : 'refused ' + (r.errorCode || '') + ' ' + String(r.error || r.raw || '').slice(0, 60))
}

async function main() {
  const a = args()
  const bin = path.resolve(a.zoomsig)
  const t0 = Date.now()
  const srv = await serveStatic()
  const base = 'http://127.0.0.1:' + srv.address().port
  const serves = [await startServe(bin, base, []), await startServe(bin, base, ['--sdk-key-claim=false'])]
  const endpoints = { default: serves[0].url, appOnly: serves[1].url }
  // The one chromium of this step: the oracle's cases and the matrix share
  // it, each case in its own context, at most --jobs pages at a time.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const slots = semaphore(Number(a.jobs))
  const oracle = a.oracle === 'on' ? cases(bin).filter((c) => c.name.includes(a.only)) : []
  const lines = []
  const oracleRun = Promise.all(oracle.map((c) => slots(async () => {
    const got = await runCase(browser, base, endpoints, c)
    if (c.endpoint) Object.assign(c, { key: KEY, secret: SECRET, sig: got.fetched && got.fetched.signature })
    const findings = c.sig ? inspect(bin, c.sig, c.sdk, c.at, c.key, c.secret) : []
    const problems = c.sig ? judge(c, got, findings) : ['no signature: the fetch from zoomsig serve failed']
    const codes = findings.map((f) => f.severity[0] + ':' + f.code).join(' ')
    const view = c.sdk + (c.page === 'component' ? ' component' : ' client')
    const line = `${problems.length ? 'FAIL' : 'ok  '} ${c.name.padEnd(52)} ${view.padEnd(16)} ${outcome(got).padEnd(62)} [${codes}] ${got.ms} ms` +
      (c.reported ? ' reported ' + c.reported : '')
    console.log(line)
    for (const p of problems) console.log('       ' + p)
    return { name: c.name, sdk: c.sdk, view: c.page, outcome: outcome(got), console: got.console.filter((m) => m.type !== 'log').slice(0, 20), wcinfo: got.wcinfo, result: got.result, findings, problems, ms: got.ms }
  })))
  const matrixRun = a.matrix ? runMatrix(browser, base, bin, { run: slots, debug: a['matrix-debug'] }) : Promise.resolve(null)
  const videoRun = a.video ? video.runVideo(browser, base, bin, slots) : Promise.resolve(null)
  const webRun = a.web ? runWebPage(browser, { zoomsig: bin, dist: a.web, shots: path.dirname(path.resolve(a.out || 'x')), run: slots }) : []
  const [results, matrix, videoDone, web] = await Promise.all([oracleRun, matrixRun, videoRun, webRun])
  results.push(...web)
  await browser.close()
  for (const s of serves) s.proc.kill()
  srv.close()
  const videoCases = videoDone ? videoDone.results.cases.length : 0
  const failed = results.filter((r) => r.problems.length).length + (videoDone ? videoDone.failed : 0)
  if (a.out) fs.writeFileSync(a.out, JSON.stringify(results, null, 1) + '\n')
  if (matrix) fs.writeFileSync(a.matrix, JSON.stringify(matrix, null, 1) + '\n')
  if (videoDone) fs.writeFileSync(a.video, JSON.stringify(videoDone.results, null, 1) + '\n')
  const secs = ((Date.now() - t0) / 1000).toFixed(1)
  console.log(`SDK oracle: ${results.length} cases` + (matrix ? ` and the matrix (${matrixCount(matrix)} cases)` : '') +
    (videoDone ? `, ${videoCases} Video SDK cases` : '') + ` in one chromium, ${secs} s in all`)
  console.log(`${results.length + videoCases - failed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

// semaphore returns run(fn): fn is called when fewer than n calls are running.
function semaphore(n) {
  let running = 0
  const waiting = []
  const release = () => {
    running--
    if (waiting.length) waiting.shift()()
  }
  return async (fn) => {
    if (running >= n) await new Promise((resolve) => waiting.push(resolve))
    running++
    try {
      return await fn()
    } finally {
      release()
    }
  }
}

const matrixCount = (m) => m.versions.reduce((n, v) => n + Object.values(v.views).reduce((k, cs) => k + Object.keys(cs).length, 0), 0)

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
