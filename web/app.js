// The inspector page: reads the form as the user types, asks the
// diagnosis — the zoomsig process that served the page (POST /inspect),
// or in the static build the same Go code compiled to WebAssembly — and
// shows its answer, inspect --json's object. It stores nothing: no
// storage, no cookie, nothing in the URL; the secret is sent only to that
// diagnosis, in a request body, and never written into the page.
'use strict'
;(() => {
  const $ = (id) => document.getElementById(id)
  // The form's inputs, by id, and the request members they fill.
  const INPUTS = { signature: 'signature', key: 'key', secret: 'secret', meeting: 'meetingNumber', session: 'sessionName',
    'join-key': 'joinKey', password: 'password', sdk: 'sdk', at: 'at' }
  const MEMBER_INPUT = Object.fromEntries(Object.entries(INPUTS).map(([id, m]) => [m, id]))
  const DEBOUNCE_MS = 150
  const result = $('result')
  let engine = null
  let timer = 0
  let asked = 0
  let drawn = { report: { claims: {} }, at: Date.now() / 1000 } // what the timeline shows

  // The process that served the page diagnoses; the body never leaves
  // this machine.
  function serverEngine() {
    return async (body) => {
      const r = await fetch('inspect', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, cache: 'no-store', credentials: 'omit' })
      return { status: r.status, body: await r.text() }
    }
  }

  // The WebAssembly build diagnoses in this page: loading it is the last
  // request the page makes.
  async function wasmEngine() {
    const go = new Go() // from wasm_exec.js, in the static build
    const bytes = await (await fetch('zoomsig.wasm')).arrayBuffer()
    const { instance } = await WebAssembly.instantiate(bytes, go.importObject)
    go.run(instance)
    return async (body) => globalThis.zoomsigInspect(body)
  }

  // schedule asks again once typing pauses; an answer to an older form
  // is dropped.
  function schedule() {
    asked++
    result.dataset.state = 'busy'
    clearTimeout(timer)
    timer = setTimeout(update, DEBOUNCE_MS)
  }

  // request is the form as the diagnosis reads it; an empty At is now.
  function request() {
    const req = {}
    for (const [id, member] of Object.entries(INPUTS)) {
      const v = $(id).value
      if (v !== '') req[member] = v
    }
    req.signature = $('signature').value
    if (!req.at) req.at = new Date().toISOString()
    return req
  }

  async function update() {
    if (!engine) return
    const mine = asked
    if (!$('signature').value.trim()) {
      clear('Paste a signature above to begin.')
      result.dataset.state = 'done'
      return
    }
    const req = request()
    let answer
    try {
      answer = await engine(JSON.stringify(req))
    } catch (e) {
      answer = { status: 0, body: '', error: String(e && e.message) }
    }
    if (mine !== asked) return
    show(answer, Date.parse(req.at) / 1000)
    result.dataset.state = 'done'
  }

  function show(answer, at) {
    for (const id of Object.keys(INPUTS)) $(id).removeAttribute('aria-invalid')
    if (answer.status !== 200) {
      let reason = answer.error || 'the diagnosis answered ' + answer.status
      try {
        const e = JSON.parse(answer.body).errors[0]
        reason = e.property + ': ' + e.reason
        if (MEMBER_INPUT[e.property]) $(MEMBER_INPUT[e.property]).setAttribute('aria-invalid', 'true')
      } catch {}
      clear('Cannot diagnose: ' + reason)
      return
    }
    try {
      render(JSON.parse(answer.body), at)
    } catch (e) {
      clear('Cannot show this answer: ' + String(e && e.message))
    }
  }

  function clear(problem) {
    $('problem').textContent = problem
    for (const id of ['format', 'verdict']) $(id).textContent = ''
    for (const id of ['verified-slot', 'findings', 'claims', 'header']) $(id).replaceChildren()
    timeline({ claims: {} }, Date.now() / 1000)
  }

  function render(report, at) {
    $('problem').textContent = ''
    $('format').textContent = 'Kind: ' + report.format
    const errors = report.findings.filter((f) => f.severity === 'error').length
    $('verdict').textContent = errors
      ? 'Zoom would refuse it: ' + errors + (errors === 1 ? ' error' : ' errors') + ' below.'
      : 'No error: Zoom would accept it, as far as zoomsig can tell.'
    $('verdict').className = errors ? 'verdict refused' : 'verdict accepted'
    const slot = $('verified-slot')
    slot.replaceChildren()
    if (report.verified) {
      const p = add(slot, 'p', '✓ Verified with the given secret: the HMAC matches, over the bytes as written.')
      p.id = 'verified'
    }
    findings(report.findings)
    members($('claims'), report.claims, report.fields, 'data-claim')
    members($('header'), report.header, null, 'data-header')
    timeline(report, at)
  }

  function timeline(report, at) {
    drawn = { report, at }
    window.zoomsigTimeline.draw($('timeline'), report, at)
  }

  function add(parent, tag, text, cls) {
    const e = document.createElement(tag)
    if (text !== undefined) e.textContent = text
    if (cls) e.className = cls
    parent.appendChild(e)
    return e
  }

  function findings(list) {
    const ul = $('findings')
    ul.replaceChildren()
    for (const f of list) {
      const li = add(ul, 'li', undefined, 'finding ' + f.severity)
      li.dataset.code = f.code
      li.dataset.severity = f.severity
      const head = add(li, 'p', undefined, 'finding-head')
      add(head, 'span', f.severity, 'badge')
      add(head, 'code', f.code)
      add(li, 'p', f.message, 'message')
      const fix = add(li, 'p', undefined, 'fix')
      add(fix, 'strong', 'Fix: ')
      fix.appendChild(document.createTextNode(f.fix))
    }
  }

  // members lists an object's members as written; with fields (the text
  // view's names and human values, one per member in the same order) each
  // shows its human reading too.
  function members(dl, obj, fields, attr) {
    dl.replaceChildren()
    const names = Object.keys(obj || {})
    if (names.length === 0) add(dl, 'dd', 'none', 'none')
    const human = fields && Object.keys(fields).length === names.length ? Object.entries(fields) : null
    names.forEach((name, i) => {
      const row = add(dl, 'div')
      row.setAttribute(attr, name)
      const dt = add(row, 'dt', name)
      if (human && human[i][0] !== name) add(dt, 'span', ' (' + human[i][0] + ')', 'alias')
      const raw = obj[name]
      add(row, 'dd', human ? human[i][1] : typeof raw === 'string' ? raw : JSON.stringify(raw))
    })
  }

  async function start() {
    const wasm = typeof Go === 'function'
    try {
      engine = wasm ? await wasmEngine() : serverEngine()
    } catch (e) {
      $('engine').textContent = 'The diagnosis could not start: ' + (e && e.message)
      return
    }
    $('engine').textContent = wasm
      ? 'Diagnosed in this browser by zoomsig compiled to WebAssembly: nothing you type is sent anywhere.'
      : 'Diagnosed by the zoomsig process that serves this page, ' + location.host + ': what you type goes to it alone, in a request body.'
    document.documentElement.dataset.engine = wasm ? 'wasm' : 'server'
    for (const id of Object.keys(INPUTS)) $(id).addEventListener('input', schedule)
    $('form').addEventListener('submit', (e) => e.preventDefault())
    $('clear-secret').addEventListener('click', () => {
      $('secret').value = ''
      $('secret').focus()
      schedule()
    })
    // The timeline is drawn at its own width: again when that changes.
    let frame = 0
    addEventListener('resize', () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => timeline(drawn.report, drawn.at))
    })
    // Nothing typed outlives the page, not even in the back-forward cache.
    addEventListener('pagehide', () => {
      $('secret').value = ''
      $('password').value = ''
    })
    schedule()
  }

  start()
})()
