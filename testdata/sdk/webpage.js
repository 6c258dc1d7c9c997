// The inspector page (web/) in run.js's one chromium, both ways it runs:
// the page `zoomsig inspect --web` serves (its diagnosis the process's
// POST /inspect), and the static build of web/build.sh (its diagnosis
// WebAssembly) served by a plain static file server. run.js calls
//
//   runWebPage(browser, { zoomsig: BIN, dist: 'web/dist', shots: DIR, run })
//
// (run.js --web web/dist) and counts the rows it returns, one per case and
// page, { name, problems, ... }. Each page is one context; its cases run in
// order in it, typing into the form as a user would:
//   - seed: the seed thread's Ruby signature (README's first command) shows
//     url-safe-hash and expired, and the claims key, meeting 85823272833,
//     role 1;
//   - fresh: a token from `zoomsig sign`, with the key and secret, shows
//     #verified and no error; tampered: one byte of its MAC changed shows
//     hash-mismatch;
//   - clock ahead: a token signed two hours ahead shows clock-ahead, and
//     its timeline marks iat after now;
//   - keyboard and narrow: Tab from the secret reaches "Clear secret",
//     Enter clears it; every input has a label; at 400 px nothing scrolls
//     sideways.
// Over each page: every request goes to the page's own origin; the
// WebAssembly page makes none once its diagnosis is loaded, the served
// page none but POST /inspect; no console error; the secret is never in
// the URL, the document's markup or storage. A screenshot of each case
// goes to shots (web-KIND-CASE.png).
'use strict'
const fs = require('fs')
const http = require('http')
const path = require('path')
const { spawn, execFileSync } = require('child_process')

const KEY = 'BdrX5jD_Rsagb902E7I15A'
const SECRET = 'Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi'
const MEETING = '85823272833'
const SEED = 'QmRyWDVqRF9Sc2FnYjkwMkU3STE1QS44NTgyMzI3MjgzMy4xNTk1NjM2Mzk2MDAwLjEubWtYTFVTUGQwVHRUTi1pc3FiaEJUdGpOelhtMnJCRzc2TFA5djBSeFo5VT0'
const INPUTS = ['signature', 'key', 'secret', 'meeting', 'session', 'join-key', 'password', 'sdk', 'at']
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' }

// startWeb runs `zoomsig inspect --web` and resolves with its URL.
function startWeb(bin) {
  const p = spawn(bin, ['inspect', '--web'], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    let log = ''
    p.stdout.on('data', (d) => {
      out += d
      const m = out.match(/http:\/\/\S+\//)
      if (m) resolve({ proc: p, url: m[0], log: () => log })
    })
    p.stderr.on('data', (d) => { log += d })
    p.on('exit', (code) => reject(new Error('zoomsig inspect --web exited ' + code + ': ' + out + log)))
  })
}

// serveDist is a plain static file server: the files, their types,
// nothing else.
function serveDist(dir) {
  const root = path.resolve(dir)
  const srv = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname.replace(/^\/$/, '/index.html')
    const file = path.join(root, decodeURIComponent(name))
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404)
      return res.end()
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' })
    fs.createReadStream(file).pipe(res)
  })
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ srv, url: 'http://127.0.0.1:' + srv.address().port + '/' })))
}

function tokens(bin) {
  const env = { ...process.env, ZOOM_SDK_KEY: KEY, ZOOM_SDK_SECRET: SECRET }
  const sign = (...a) => execFileSync(bin, ['sign', ...a], { env }).toString().trim()
  const fresh = sign(MEETING)
  const [h, p, mac] = fresh.split('.')
  const tampered = [h, p, mac.slice(0, 5) + (mac[5] === 'A' ? 'B' : 'A') + mac.slice(6)].join('.')
  const ahead = sign('--at', new Date(Date.now() + 2 * 3600e3).toISOString(), MEETING)
  // Times no Date can hold and values that are no number: the timeline
  // leaves them out (a page error here is a console error: a failed row).
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const body = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64({ appKey: KEY, mn: MEETING, role: 0, iat: [], exp: 1e15, tokenExp: '0x10' })
  const absurd = body + '.' + require('crypto').createHmac('sha256', SECRET).update(body).digest('base64url')
  return { fresh, tampered, ahead, absurd }
}

// CASES: what to type, and what the page must then show.
function cases(t) {
  const has = (s, code, severity) => s.findings.some((f) => f.code === code && (!severity || f.severity === severity))
  const errors = (s) => s.findings.filter((f) => f.severity === 'error').map((f) => f.code)
  return [
    { name: 'seed', type: { signature: SEED }, check: (s) => [
      !has(s, 'url-safe-hash', 'error') && 'no url-safe-hash error',
      !has(s, 'expired', 'error') && 'no expired error',
      s.claims.key !== KEY && 'claim key is ' + s.claims.key,
      !(s.claims.meetingNumber || '').includes(MEETING) && 'claim meetingNumber is ' + s.claims.meetingNumber,
      !/^1\b/.test(s.claims.role || '') && 'claim role is ' + s.claims.role,
      !(s.marks.timestamp < s.marks.now) && 'the timeline does not mark the timestamp before now',
    ] },
    { name: 'fresh', type: { signature: t.fresh, key: KEY, secret: SECRET }, check: (s) => [
      !s.verified && 'no #verified',
      errors(s).length > 0 && 'errors: ' + errors(s),
      !(s.marks.iat <= s.marks.now && s.marks.now < s.marks.exp) && 'the timeline does not mark now between iat and exp',
    ] },
    { name: 'tampered', type: { signature: t.tampered, key: KEY, secret: SECRET }, check: (s) => [
      !has(s, 'hash-mismatch', 'error') && 'no hash-mismatch error',
      s.verified && '#verified shown',
    ] },
    { name: 'clock ahead', type: { signature: t.ahead, key: KEY, secret: SECRET }, check: (s) => [
      !has(s, 'clock-ahead', 'error') && 'no clock-ahead error',
      !(s.marks.iat > s.marks.now) && 'the timeline marks iat at ' + s.marks.iat + ', not after now ' + s.marks.now,
    ] },
    { name: 'absurd times', type: { signature: t.absurd, key: KEY, secret: SECRET }, check: (s) => [
      !has(s, 'number-form', 'error') && 'no number-form error',
      ['iat', 'exp', 'tokenExp'].some((m) => m in s.marks) && 'the timeline marks ' + Object.keys(s.marks) + ': no number, or beyond any Date',
      s.problem !== '' && 'the page says: ' + s.problem,
    ] },
  ]
}

// read is what the page shows, through its stable hooks.
function read(page) {
  return page.evaluate((secret) => {
    const all = (sel) => [...document.querySelectorAll(sel)]
    return {
      format: document.getElementById('format').textContent,
      problem: document.getElementById('problem').textContent,
      verified: !!document.getElementById('verified'),
      findings: all('#findings [data-code]').map((e) => ({ code: e.dataset.code, severity: e.dataset.severity })),
      claims: Object.fromEntries(all('#claims [data-claim]').map((e) => [e.dataset.claim, e.querySelector('dd').textContent])),
      marks: Object.fromEntries(all('#timeline [data-mark]').map((e) => [e.dataset.mark, Number(e.dataset.time)])),
      leaks: [location.href.includes(secret) && 'the URL', document.documentElement.outerHTML.includes(secret) && 'the markup',
        localStorage.length + sessionStorage.length > 0 && 'storage', document.cookie !== '' && 'a cookie'].filter(Boolean),
    }
  }, SECRET)
}

async function type(page, values) {
  for (const id of INPUTS) await page.fill('#' + id, values[id] || '')
  await page.evaluate(() => document.activeElement.blur())
  await page.waitForSelector('#result[data-state="done"]', { timeout: 30000 })
}

// usability checks the keyboard path to "Clear secret", the labels and
// the 400 px layout.
async function usability(page, shot) {
  const problems = []
  await page.focus('#secret')
  await page.keyboard.press('Tab')
  if ((await page.evaluate(() => document.activeElement.id)) !== 'clear-secret') problems.push('Tab from #secret does not reach #clear-secret')
  await page.keyboard.press('Enter')
  if ((await page.inputValue('#secret')) !== '') problems.push('Clear secret left the secret in place')
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].filter((e) => e.labels.length === 0).map((e) => e.id))
  if (unlabelled.length) problems.push('inputs without a label: ' + unlabelled)
  await page.setViewportSize({ width: 400, height: 900 })
  await page.waitForSelector('#result[data-state="done"]', { timeout: 30000 })
  const wide = await page.evaluate(() => document.documentElement.scrollWidth)
  if (wide > 400) problems.push('at 400 px the page is ' + wide + ' px wide')
  await page.screenshot({ path: shot, fullPage: true })
  return problems
}

async function runPage(browser, kind, url, list, shots) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  const origin = new URL(url).origin
  const seen = { requests: [], console: [], loaded: false }
  page.on('request', (r) => seen.requests.push({ method: r.method(), url: r.url(), afterLoad: seen.loaded }))
  page.on('console', (m) => m.type() === 'error' && seen.console.push(m.text()))
  page.on('pageerror', (e) => seen.console.push(e.message))
  const rows = []
  const start = Date.now()
  await page.goto(url)
  await page.waitForSelector('html[data-engine="' + kind + '"]', { timeout: 60000 })
  await page.waitForSelector('#result[data-state="done"]', { timeout: 30000 })
  seen.loaded = true
  for (const c of list) {
    const t0 = Date.now()
    await type(page, c.type)
    const shown = await read(page)
    const problems = c.check(shown).filter(Boolean)
    if (shown.problem) problems.push('the page says: ' + shown.problem)
    await page.screenshot({ path: path.join(shots, `web-${kind}-${c.name.replace(/ /g, '-')}.png`), fullPage: true })
    rows.push({ name: `web ${kind}: ${c.name}`, shown, problems, ms: Date.now() - t0 })
  }
  const usable = await usability(page, path.join(shots, `web-${kind}-narrow.png`))
  rows.push({ name: `web ${kind}: keyboard, labels, 400 px`, problems: usable, ms: 0 })
  const leaks = rows.flatMap((r) => (r.shown ? r.shown.leaks : []))
  rows.push({ name: `web ${kind}: requests, console, secret`, problems: pageProblems(kind, origin, seen, leaks), ms: Date.now() - start,
    requests: seen.requests.length })
  await context.close()
  return rows
}

function pageProblems(kind, origin, seen, leaks) {
  const problems = leaks.map((w) => 'the secret is in ' + w)
  for (const r of seen.requests) {
    const u = new URL(r.url)
    if (u.origin !== origin) problems.push('a request to another origin: ' + r.method + ' ' + u.origin + u.pathname)
    else if (r.url.includes(SECRET)) problems.push('the secret in a URL')
    else if (r.afterLoad && kind === 'wasm') problems.push('a request after load: ' + r.method + ' ' + u.pathname)
    else if (r.afterLoad && !(r.method === 'POST' && u.pathname === '/inspect')) problems.push('a request other than POST /inspect: ' + r.method + ' ' + u.pathname)
  }
  if (kind === 'server' && !seen.requests.some((r) => r.method === 'POST')) problems.push('no POST /inspect was made')
  for (const m of seen.console) problems.push('console error: ' + m.slice(0, 160))
  return problems
}

async function runWebPage(browser, { zoomsig: bin, dist, shots, run }) {
  fs.mkdirSync(shots, { recursive: true })
  const list = cases(tokens(bin))
  const web = await startWeb(bin)
  const staticSite = await serveDist(dist)
  const took = {}
  const timed = (kind, url) => async () => {
    const t0 = Date.now()
    try {
      return await runPage(browser, kind, url, list, shots)
    } finally {
      took[kind] = ((Date.now() - t0) / 1000).toFixed(1) + ' s'
    }
  }
  try {
    const pages = await Promise.all([['server', web.url], ['wasm', staticSite.url]].map(([kind, url]) => run(timed(kind, url))))
    const rows = pages.flat()
    if (web.log().includes(SECRET) || web.log().includes(SEED)) rows.push({ name: 'web server: log', problems: ['the log holds a request body'] })
    for (const r of rows) {
      const codes = r.shown ? r.shown.findings.map((f) => f.severity[0] + ':' + f.code).join(' ') : ''
      const marks = r.shown ? Object.keys(r.shown.marks).join(',') : ''
      console.log(`${r.problems.length ? 'FAIL' : 'ok  '} ${r.name.padEnd(40)} ${r.shown && r.shown.verified ? 'verified ' : ''}[${codes}] marks ${marks || '-'} ${r.ms} ms`)
      for (const p of r.problems) console.log('       ' + p)
    }
    console.log(`web page: ${rows.length} rows; the served page took ${took.server}, the WebAssembly page ${took.wasm}; screenshots in ${shots}`)
    return rows
  } finally {
    web.proc.kill()
    staticSite.srv.close()
  }
}

module.exports = { runWebPage }
