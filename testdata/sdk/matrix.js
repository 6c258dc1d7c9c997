// The version matrix: what each of six Zoom Web SDK versions does LOCALLY
// with each kind of signature, measured in Debian's chromium (run.js
// launches it once, shares it with its own cases, and calls runMatrix).
//
//   node testdata/sdk/run.js --zoomsig BIN --matrix testdata/sdk/matrix.json [--oracle off]
//
// Versions: @zoomus/websdk 1.9.9 and 2.18.3, @zoom/meetingsdk 3.13.2,
// 4.1.0, 5.1.4 and 6.2.0 (npm aliases in package.json). Views: the client
// view (ZoomMtg.join) and, where the version has it, the component view
// (ZoomMtgEmbedded). The cases (CASES) are a legacy signature, an sdkKey-only
// JWT, an appKey-only JWT and a JWT with another key in the join options,
// plus two that tell apart which key a version sends. Signatures come from
// the built zoomsig; the sdkKey-only JWT, which zoomsig does not make, is
// zoomsig's own payload less appKey, signed with jsrsasign as Zoom's endpoint
// sample signs. Every call to Zoom is captured by page.route and answered as
// Zoom answers a bad signature: nothing leaves the machine. The file written
// explains its vocabulary in its "about" member; keys are sorted and nothing
// in it depends on the clock, so CI regenerates it and diffs.
'use strict'
const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')
const { KJUR } = require('jsrsasign')

const KEY = 'BdrX5jD_Rsagb902E7I15A'
const SECRET = 'Zq3vT8mWp1LxR6yN0cKs4HfJ9gBd2EaUo7Vi'
const JOIN_KEY = 'JoinOptionKey0123456ab' // 22 characters, as an SDK key is
const MEETING = '85823272833'
const SETTLE_MS = 20000 // a case with no callback and no wc/info ends here

const reactRedux8 = '/vendor/react-redux/dist/react-redux.min.js'
const libVendor = (dir, names) => names.map((n) => `/vendor/${dir}/dist/lib/vendor/${n}.min.js`)

const VERSIONS = [
  {
    package: '@zoomus/websdk', version: '1.9.9', dir: 'websdk-1.9.9',
    setup: ['client view only (no ZoomMtgEmbedded)', 'React 16.8.6, Redux and react-redux UMD builds from the package\'s own node_modules, lodash beside them',
      'setZoomJSLib(dist/lib, /av) and prepareJssdk; preLoadWasm is needed (without it join never calls back)',
      'join needs apiKey: without it, a TypeError (reading \'toString\') and no callback', 'wc/info is a JSONP GET with no signatureType',
      'COOP/COEP headers not needed for these checks'],
    joinKey: 'apiKey',
    client: 'zoom-meeting-1.9.9.min.js', component: null, init: {},
    vendor: ['react/umd/react.production.min.js', 'react-dom/umd/react-dom.production.min.js', 'redux/dist/redux.min.js',
      'redux-thunk/dist/redux-thunk.min.js', 'react-redux/dist/react-redux.min.js'].map((p) => '/vendor/websdk-1.9.9/node_modules/' + p)
      .concat(['/vendor/lodash/lodash.min.js']),
  },
  {
    package: '@zoomus/websdk', version: '2.18.3', dir: 'websdk-2.18.3',
    setup: ['the client bundle is dist/zoom-meeting-2.18.2.min.js (it sends cv=2.18.2)', 'dist/lib/vendor has no react-redux: the package\'s own react-redux 7.2.9',
      'prepareWebSDK; preLoadWasm is needed in the client view (without it join never calls back)',
      'join needs sdkKey: without it 4003 "apiKey or sdkKey only need one" (client) or "sdkKey can not empty" (component); apiKey (a JWT app\'s) is refused with Error Code 3',
      'the component view needs assetPath (else INVALID_PARAMETERS "dependent assets are not accessible")', 'wc/info is a JSONP GET', 'COOP/COEP headers not needed for these checks'],
    joinKey: 'sdkKey', legacyJoinKey: 'apiKey',
    client: 'zoom-meeting-2.18.2.min.js', component: 'zoom-meeting-embedded-ES5.min.js', init: { patchJsMedia: true },
    vendor: libVendor('websdk-2.18.3', ['react', 'react-dom', 'redux', 'redux-thunk'])
      .concat(['/vendor/websdk-2.18.3/node_modules/react-redux/dist/react-redux.min.js'], libVendor('websdk-2.18.3', ['lodash'])),
  },
  ...['3.13.2', '4.1.0', '5.1.4'].map((v) => ({
    setup: ['dist/lib/vendor has no react-redux: react-redux 8.1.2, the package\'s dependency, from node_modules',
      v === '3.13.2' ? 'join needs sdkKey: without it 4003 "apiKey or sdkKey only need one" (client) or "sdkKey can not empty" (component); apiKey (a JWT app\'s) is refused with Error Code 3'
        : 'join takes no key (given one, it warns that sdkKey was removed from the join options in 4.0.0)',
      'the component view needs assetPath (else ' + (v === '3.13.2' ? 'INVALID_PARAMETERS' : '5001') + ' "dependent assets are not accessible")',
      'wc/info is a JSONP GET', 'preLoadWasm and COOP/COEP headers not needed for these checks'],
    package: '@zoom/meetingsdk', version: v, dir: 'meetingsdk-' + v, joinKey: 'sdkKey', legacyJoinKey: v === '3.13.2' ? 'apiKey' : undefined,
    client: `zoom-meeting-${v}.min.js`, component: 'zoom-meeting-embedded-ES5.min.js', init: { patchJsMedia: true },
    vendor: libVendor('meetingsdk-' + v, ['react', 'react-dom', 'redux', 'redux-thunk']).concat([reactRedux8], libVendor('meetingsdk-' + v, ['lodash'])),
  })),
  {
    package: '@zoom/meetingsdk', version: '6.2.0', dir: '@zoom/meetingsdk', joinKey: 'sdkKey',
    setup: ['every vendor script in dist/lib/vendor', 'join takes no key (given one, it warns that sdkKey was removed from the join options in 4.0.0)',
      'the component view needs assetPath (else 5001 "dependent assets are not accessible")', 'wc/info is a form-encoded POST',
      'preLoadWasm and COOP/COEP headers not needed for these checks'],
    client: 'zoom-meeting-6.2.0.min.js', component: 'zoom-meeting-embedded-ES5.min.js', init: { patchJsMedia: true },
    vendor: libVendor('@zoom/meetingsdk', ['react', 'react-dom', 'redux', 'redux-thunk', 'react-redux', 'lodash']),
  },
]
// Views that refuse every join whose options carry no key (measured: with
// none, 1.9.9 throws "Cannot read properties of undefined (reading
// 'toString')", 2.18.3 and 3.13.2 refuse with 4003 "apiKey or sdkKey only
// need one, and can't empty" in the client view and "sdkKey can not empty" in
// the component view). There the cases whose join options would carry no key
// carry the token's own key, KEY, as those versions' docs ask.
const REQUIRES_JOIN_KEY = new Set(['1.9.9', '2.18.3', '3.13.2'])

// The cases: which signature, and whether the join options carry JOIN_KEY.
const CASES = [
  { name: 'legacy', sig: 'legacy', joinKey: null, about: 'zoomsig sign --legacy: a Web SDK 1.x signature (its key passed as apiKey where one is needed)' },
  { name: 'sdkKeyOnly', sig: 'sdkKeyOnly', joinKey: null, about: 'a Meeting SDK JWT with sdkKey and no appKey (zoomsig\'s payload less appKey, signed with jsrsasign)' },
  { name: 'appKeyOnly', sig: 'appKeyOnly', joinKey: null, about: 'zoomsig sign --sdk-key-claim=false: appKey and no sdkKey' },
  { name: 'joinKeyDiffers', sig: 'default', joinKey: JOIN_KEY, about: 'zoomsig sign (appKey and sdkKey both KEY), JOIN_KEY passed in the join options' },
  { name: 'sdkKeyOnlyJoinKeyDiffers', sig: 'sdkKeyOnly', joinKey: JOIN_KEY, about: 'the sdkKey-only JWT, JOIN_KEY passed in the join options' },
  // Where the legacy case passes its key as apiKey (the legacy format's own
  // option), the same signature with the key passed as sdkKey instead.
  { name: 'legacySdkKeyOption', sig: 'legacy', joinKey: KEY, option: 'sdkKey', only: (v) => v.legacyJoinKey === 'apiKey', about: 'the legacy signature with its key passed as sdkKey, not apiKey (2.18.3, 3.13.2)' },
]

// signatures makes the signatures with the built zoomsig (and, for the
// sdkKey-only token it cannot make, jsrsasign over zoomsig's own payload).
function signatures(bin) {
  const sign = (...a) => execFileSync(bin, ['sign', ...a], { env: { ...process.env, ZOOM_SDK_KEY: KEY, ZOOM_SDK_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()
  const full = sign(MEETING)
  const payload = JSON.parse(Buffer.from(full.split('.')[1], 'base64url').toString())
  delete payload.appKey
  const sdkKeyOnly = KJUR.jws.JWS.sign('HS256', JSON.stringify({ alg: 'HS256', typ: 'JWT' }), JSON.stringify(payload), { utf8: SECRET })
  return { legacy: sign('--legacy', MEETING), sdkKeyOnly, appKeyOnly: sign('--sdk-key-claim=false', MEETING), default: full }
}

function jobs(sigs) {
  const list = []
  for (const v of VERSIONS) {
    for (const view of ['client', 'component']) {
      if (!v[view]) continue
      for (const c of CASES.filter((c) => !c.only || c.only(v))) {
        const join = { signature: sigs[c.sig], meetingNumber: MEETING, userName: 'zoomsig oracle' }
        join[view === 'client' ? 'passWord' : 'password'] = 'pw'
        const option = c.option || (c.sig === 'legacy' && v.legacyJoinKey) || v.joinKey
        const key = c.joinKey || (REQUIRES_JOIN_KEY.has(v.version) ? KEY : null)
        let joinOption = 'none'
        if (key) {
          join[option] = key
          joinOption = option + (key === KEY ? '=KEY' : '=JOIN_KEY')
        }
        const cfg = { view, scripts: v.vendor.concat(['/vendor/' + v.dir + '/dist/' + v[view]]), lib: '/vendor/' + v.dir + '/dist/lib', init: v.init, join }
        list.push({ v, view, kase: c.name, sig: c.sig, joinOption, signature: sigs[c.sig], cfg })
      }
    }
  }
  return list
}

const shorten = (s, n = 110) => (s.length > n ? s.slice(0, n - 1) + '…' : s)
const sigRelated = (m) => /sdkKey|appKey|apiKey|signat/i.test(m.text) && !/Failed to load resource/.test(m.text)

async function runOne(browser, base, job) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const seen = { console: [], wcinfo: null, outbound: [] }
  page.on('console', (m) => seen.console.push({ type: m.type(), text: m.text() }))
  page.on('pageerror', (e) => seen.console.push({ type: 'pageerror', text: e.message }))
  await page.route('**/*', (route) => {
    const req = route.request()
    const u = new URL(req.url())
    if (u.hostname === '127.0.0.1') return route.continue()
    seen.outbound.push(u.hostname + u.pathname)
    if (!/\/wc\/info$/.test(u.pathname)) return route.abort()
    const params = new URLSearchParams(req.method() === 'GET' ? u.search : req.postData() || '')
    seen.wcinfo = Object.fromEntries(params)
    const body = { status: false, errorCode: 200, errorMessage: 'Invalid signature.', result: null }
    const callback = params.get('callback') // Web SDK 1.9.9 asks with JSONP
    if (callback) return route.fulfill({ status: 200, contentType: 'application/javascript', body: callback + '(' + JSON.stringify(body) + ')' })
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) })
  })
  const start = Date.now()
  let result
  try {
    await page.goto(base + '/pages/matrix.html?cfg=' + encodeURIComponent(JSON.stringify(job.cfg)))
    await page.waitForFunction(() => window.__done, null, { timeout: SETTLE_MS }).catch(() => {})
    result = await page.evaluate(() => window.__result)
  } catch (e) {
    result = { joined: false, harness: e.message }
  }
  await context.close()
  return { ...seen, result, ms: Date.now() - start }
}

const ABOUT = {
  generatedBy: 'node testdata/sdk/run.js --zoomsig BIN --matrix FILE (testdata/sdk/matrix.js); outcomes measured in Debian\'s chromium on loopback',
  keys: { KEY: 'the key zoomsig signs with (every token\'s key claims, the legacy signature\'s key)', JOIN_KEY: 'another 22-character key, passed only in the join options' },
  cases: Object.fromEntries(CASES.map((c) => [c.name, c.about])),
  joinOption: 'the key the join options carried: none, or OPTION=KEY or OPTION=JOIN_KEY; where a version refuses every join without a key (1.9.9, 2.18.3, 3.13.2), the cases that would carry none carry KEY',
  outcomes: {
    sends: 'made the wc/info request to Zoom (captured; never left the machine); apiKeySent says which key it carried: token.appKey, token.sdkKey, token.appKey=sdkKey (the two claims are equal), legacy.key, joinOption, joinOption=X (the join option was KEY, the same as X), or the literal "undefined"',
    refuses: 'reported an error through its callback or promise (code and message), or threw, without asking Zoom',
    warns: 'printed about the signature, then neither called back nor asked Zoom within ' + SETTLE_MS / 1000 + ' s',
    stalls: 'did none of these within ' + SETTLE_MS / 1000 + ' s',
    unrunnable: 'could not be loaded or initialised headless (the reason given)',
  },
  console: 'what the SDK printed (any level) naming sdkKey, appKey, apiKey or the signature, shortened to 110 characters',
}

// The key claims of each signature, as apiKeySent names them.
const TOKEN_KEY = { legacy: 'legacy.key', sdkKeyOnly: 'token.sdkKey', appKeyOnly: 'token.appKey', default: 'token.appKey=sdkKey' }

// verdict turns what was seen into the matrix's entry. Texts are shortened,
// with the signature and the keys replaced by <signature>, <KEY> and
// <JOIN_KEY>, so the file does not change from run to run.
function verdict(job, got) {
  const scrub = (t) => shorten(t.split(job.signature).join('<signature>').split(KEY).join('<KEY>').split(JOIN_KEY).join('<JOIN_KEY>'))
  const warnings = got.console.filter((m) => m.type !== 'pageerror' && sigRelated(m)).map((m) => m.type + ': ' + scrub(m.text))
  const thrown = got.console.filter((m) => m.type === 'pageerror').map((m) => scrub(m.text))
  const r = got.result
  if (r && r.load) return { outcome: 'unrunnable', detail: 'could not load ' + r.load }
  if (r && r.init) return { outcome: 'unrunnable', detail: scrub('init failed: ' + (r.errorCode ?? '') + ' ' + (r.error || '')) }
  const entry = { joinOption: job.joinOption }
  if (got.wcinfo) {
    const k = got.wcinfo.apiKey
    entry.outcome = 'sends'
    if (k === KEY) entry.apiKeySent = job.joinOption.endsWith('=KEY') ? 'joinOption=' + TOKEN_KEY[job.sig] : TOKEN_KEY[job.sig]
    else if (k === JOIN_KEY) entry.apiKeySent = 'joinOption'
    else entry.apiKeySent = k === undefined ? '(no apiKey)' : k === 'undefined' || k === '' ? JSON.stringify(k) : 'other'
    entry.detail = (got.wcinfo.callback ? 'JSONP GET' : 'POST') + ' wc/info, signatureType=' + (got.wcinfo.signatureType || '(none)')
  } else if (r && !r.joined) {
    entry.outcome = 'refuses'
    entry.detail = scrub(((r.errorCode ?? '') + ' ' + (r.error || r.harness || '')).trim())
  } else if (thrown.length) {
    entry.outcome = 'refuses'
    entry.detail = 'throws, no callback: ' + thrown[0]
  } else if (warnings.length) {
    entry.outcome = 'warns'
    entry.detail = 'then no callback and no wc/info within ' + SETTLE_MS / 1000 + ' s: ' + warnings[warnings.length - 1]
  } else {
    entry.outcome = 'stalls'
    entry.detail = 'no callback, no warning and no wc/info within ' + SETTLE_MS / 1000 + ' s'
  }
  if (warnings.length) entry.console = [...new Set(warnings)]
  return entry
}

// sorted returns v with every object's keys in order, so the file is stable.
function sorted(v) {
  if (Array.isArray(v)) return v.map(sorted)
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
  return v
}

// runMatrix measures every case, each in its own context of browser, with
// run (a semaphore shared with the oracle's cases) limiting how many pages
// are open at once, and returns the matrix with its keys sorted.
async function runMatrix(browser, base, bin, { run = (fn) => fn(), debug = '', log = console.log } = {}) {
  const list = jobs(signatures(bin))
  const raw = await Promise.all(list.map((job) => run(async () => {
    const got = await runOne(browser, base, job)
    const entry = verdict(job, got)
    log(`matrix ${(job.v.version + ' ' + job.view).padEnd(17)} ${job.kase.padEnd(15)} ${entry.outcome.padEnd(8)} ${entry.apiKeySent || ''} ${entry.detail} ${got.ms} ms`)
    return { job, got, entry }
  })))
  const versions = VERSIONS.map((v) => {
    const views = {}
    for (const { job, entry } of raw.filter((x) => x.job.v === v)) (views[job.view] = views[job.view] || {})[job.kase] = entry
    return { package: v.package, version: v.version, setup: v.setup, views }
  })
  if (debug) fs.writeFileSync(debug, JSON.stringify(raw.map(({ job, got, entry }) => ({ version: job.v.version, view: job.view, kase: job.kase, entry, got })), null, 1) + '\n')
  return sorted({ about: ABOUT, versions })
}

module.exports = { runMatrix, VERSIONS, CASES, jobs, signatures, runOne, verdict }
