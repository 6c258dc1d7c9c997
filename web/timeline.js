// The inspector's timeline: the times of a report (inspect --json's
// object) drawn as an inline SVG, so that "clock ahead by 2 h", "expired
// yesterday" and "lives 4 s" read at a glance. One <g data-mark> per time
// shown, with data-time in Unix seconds: iat, exp, tokenExp, a legacy
// timestamp, now, and Zoom's window for exp (window-start, window-end;
// for a legacy signature window-end is its timestamp plus its lifetime).
'use strict'
;(() => {
  // Zoom's rules as the Go library declares them; web_test.go checks each
  // against zoomsig.MinExpiry, MaxExpiry and DefaultMaxAge, and that an
  // iat one second ahead of the clock is refused (no tolerance).
  const RULES = { minExpiry: 1800, maxExpiry: 172800, legacyLifetime: 86400, tolerance: 0 }

  const NS = 'http://www.w3.org/2000/svg'
  const MARGIN = 24
  const AXIS = 118
  const LABEL_ROW = 15
  const CHAR = 6.6 // the width of a character of the labels, about

  // num reads a time as Zoom would plot it: a JSON number, or a string of
  // decimal digits (a legacy signature's timestamp). Anything else ([],
  // "0x10", true) is no time: the findings say why (number-form).
  const num = (v) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN)

  // A Date holds at most 8.64e15 ms either side of 1970: times beyond it
  // cannot be drawn (toISOString would throw).
  const MAX_TIME = 8.64e12

  // duration writes seconds as the largest units that matter.
  function duration(s) {
    s = Math.abs(Math.round(s))
    if (s < 60) return s + ' s'
    if (s < 3600) return Math.floor(s / 60) + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '')
    if (s <= 2 * 86400) return Math.floor(s / 3600) + ' h' + (Math.floor(s / 60) % 60 ? ' ' + (Math.floor(s / 60) % 60) + ' min' : '')
    if (s < 2 * 365 * 86400) return Math.floor(s / 86400) + ' days'
    return Math.floor(s / (365.25 * 86400)) + ' years'
  }

  // relative says where t lies from now, in words.
  function relative(t, now) {
    if (!Number.isFinite(now)) return 'the instant judged at cannot be read here'
    if (Math.abs(t - now) < 1) return 'now'
    return t > now ? duration(t - now) + ' after now' : duration(now - t) + ' before now'
  }

  // marks lists the times of a report worth drawing.
  function marks(report, now) {
    const c = report.claims || {}
    const m = []
    const add = (name, t, label) => {
      if (Number.isFinite(t) && Math.abs(t) <= MAX_TIME) m.push({ name, t, label })
    }
    if (report.kind === 'legacy') {
      const ts = num(c.timestamp) / 1000 // milliseconds, as Zoom reads them
      add('timestamp', ts, 'timestamp')
      add('window-end', ts + RULES.legacyLifetime, 'timestamp + ' + duration(RULES.legacyLifetime))
    } else {
      const iat = num(c.iat)
      add('iat', iat, 'iat')
      add('exp', num(c.exp), 'exp')
      add('tokenExp', num(c.tokenExp), 'tokenExp')
      add('window-start', iat + RULES.minExpiry, 'iat + ' + duration(RULES.minExpiry))
      add('window-end', iat + RULES.maxExpiry, 'iat + ' + duration(RULES.maxExpiry))
    }
    add('now', now, 'now')
    return m
  }

  // scale maps times to x over the range of the marks, across width
  // pixels; a window end far beyond the rest is left out of the range and
  // drawn at the edge.
  function scale(ms, width) {
    const core = ms.filter((m) => !m.name.startsWith('window-'))
    let lo = Math.min(...core.map((m) => m.t))
    let hi = Math.max(...core.map((m) => m.t))
    for (const m of ms.filter((m) => m.name.startsWith('window-'))) {
      const reach = 3 * Math.max(hi - lo, 3600)
      if (m.t < lo && lo - m.t <= reach) lo = m.t
      if (m.t > hi && m.t - hi <= reach) hi = m.t
    }
    const pad = Math.max(hi - lo, 600) * 0.06
    lo -= pad
    hi += pad
    const L = MARGIN
    const R = width - MARGIN
    const x = (t) => Math.min(R, Math.max(L, L + ((t - lo) / (hi - lo)) * (R - L)))
    return { x, lo, hi, L, R }
  }

  function el(parent, name, attrs, text) {
    const e = document.createElementNS(NS, name)
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v))
    if (text !== undefined) e.textContent = text
    parent.appendChild(e)
    return e
  }

  // band draws a bar from t0 to t1 on row y with a label inside or beside it.
  function band(svg, s, t0, t1, y, cls, label) {
    const x0 = s.x(t0)
    const x1 = Math.max(s.x(t1), x0 + 2)
    el(svg, 'rect', { x: x0, y, width: x1 - x0, height: 16, rx: 3, class: cls })
    const inside = x1 - x0 > label.length * CHAR + 8
    const anchor = inside ? 'start' : x0 > (s.L + s.R) / 2 ? 'end' : 'start'
    const tx = inside ? x0 + 4 : anchor === 'end' ? x0 - 4 : x1 + 4
    el(svg, 'text', { x: tx, y: y + 12, class: 'band-label', 'text-anchor': anchor }, label)
  }

  // lifetime draws when the signature is valid, and Zoom's window for exp.
  function lifetime(svg, s, ms, now) {
    const at = (name) => ms.find((m) => m.name === name)
    const start = at('iat') || at('timestamp')
    const end = at('exp') || (at('timestamp') && at('window-end'))
    if (start && end) {
      const live = start.t <= now + RULES.tolerance && now < end.t
      band(svg, s, start.t, end.t, 22, live ? 'valid' : 'invalid', 'lives ' + duration(end.t - start.t) + (live ? '' : ' — not now'))
    }
    if (at('iat') && at('window-start') && at('window-end')) {
      band(svg, s, at('window-start').t, at('window-end').t, 48, 'window', 'exp\'s window: ' + duration(RULES.minExpiry) + ' .. ' + duration(RULES.maxExpiry))
    }
  }

  // future shades what lies after now plus Zoom's tolerance: an iat or a
  // timestamp there is refused.
  function future(svg, s, now) {
    const x0 = s.x(now + RULES.tolerance)
    if (x0 >= s.R) return
    el(svg, 'rect', { x: x0, y: 8, width: s.R - x0, height: AXIS - 8, class: 'future' })
    const text = 'after now: iat refused (tolerance ' + duration(RULES.tolerance) + ')'
    el(svg, 'text', { x: s.R - 2, y: 86, class: 'future-label', 'text-anchor': 'end' }, text)
  }

  // label places each mark's label on the first row where it fits.
  function placeLabels(ms, s) {
    const ends = []
    for (const m of [...ms].sort((a, b) => s.x(a.t) - s.x(b.t))) {
      const w = m.text.length * CHAR
      const x = s.x(m.t)
      m.anchor = x - w / 2 < s.L ? 'start' : x + w / 2 > s.R ? 'end' : 'middle'
      const from = m.anchor === 'start' ? x : m.anchor === 'end' ? x - w : x - w / 2
      let row = 0
      while (ends[row] !== undefined && ends[row] > from - 6) row++
      ends[row] = from + w
      m.row = row
    }
    return ends.length
  }

  function draw(svg, report, now) {
    svg.replaceChildren()
    // Drawn at the element's own width, so that text keeps its size in a
    // narrow window (app.js redraws when the width changes).
    const width = Math.max(300, Math.round(svg.getBoundingClientRect().width) || 800)
    const ms = marks(report, now)
    const desc = el(svg, 'desc', { id: 'timeline-desc' })
    if (ms.length < 2) {
      desc.textContent = 'The signature holds no time to show.'
      svg.setAttribute('viewBox', '0 0 ' + width + ' 40')
      el(svg, 'text', { x: MARGIN, y: 24, class: 'band-label' }, 'No time in this signature.')
      return
    }
    const s = scale(ms, width)
    future(svg, s, now)
    lifetime(svg, s, ms, now)
    el(svg, 'line', { x1: s.L, y1: AXIS, x2: s.R, y2: AXIS, class: 'axis' })
    for (const m of ms) {
      const clipped = s.x(m.t) >= s.R && m.t > s.hi
      m.text = (clipped ? '▸ ' : '') + m.label + (m.name === 'now' ? '' : ', ' + relative(m.t, now))
    }
    const rows = placeLabels(ms, s)
    for (const m of ms) {
      const g = el(svg, 'g', { 'data-mark': m.name, 'data-time': Math.round(m.t), class: 'mark mark-' + m.name })
      el(g, 'title', {}, m.label + ': ' + new Date(m.t * 1000).toISOString() + ' (' + relative(m.t, now) + ')')
      const x = s.x(m.t)
      const y = AXIS + 16 + m.row * LABEL_ROW
      el(g, 'line', { x1: x, y1: 12, x2: x, y2: y - 10 })
      el(g, 'text', { x, y, 'text-anchor': m.anchor }, m.text)
    }
    const height = AXIS + 24 + rows * LABEL_ROW
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height)
    desc.textContent = ms.map((m) => m.label + ' ' + relative(m.t, now)).join('; ') + '.'
  }

  window.zoomsigTimeline = { draw, duration, RULES }
})()
