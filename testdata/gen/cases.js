// Writes a golden-vector case list to stdout, deterministically.
//   node cases.js legacy   id dialect key secret meeting role unix_seconds nanoseconds
//   node cases.js meeting  id key secret meeting role now_ms backdate expiry webrtc
//   node cases.js video    id key secret role session now_ms backdate expiry
//                          user_identity session_key geo_regions cloud_recording_option
//                          cloud_recording_election video_webrtc_mode audio_webrtc_mode
//                          telemetry_tracking_id audio_compatible_mode
//   node cases.js video2026  id key secret role session now_ms backdate expiry
//                          user_key session_key geo_regions cloud_recording_option
//                          cloud_recording_election video_webrtc_mode audio_webrtc_mode
//                          telemetry_tracking_id cloud_recording_transcript_option
// An empty column means "not set".
'use strict'

// mulberry32: a tiny seeded PRNG, so the list is the same on every machine.
let state = 0x5eed2020
function rand() {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (s) => s[Math.floor(rand() * s.length)]
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const word = (n, alphabet) => Array.from({ length: n }, () => pick(alphabet)).join('')

function key(withDashOrUnderscore, length) {
  let k = word(length, ALNUM)
  if (withDashOrUnderscore) {
    const at = 1 + Math.floor(rand() * (length - 2))
    k = k.slice(0, at) + pick('-_') + k.slice(at + 1)
  }
  return k
}

function secret() {
  // At least one letter beyond a-f, so no secret reads as hex anywhere.
  return word(35, ALNUM) + 'z'
}

function legacyCases() {
  const dialects = ['standard', 'java', 'node', 'php', 'ruby-strict', 'ruby-urlsafe', 'ruby-gsub']
  const perDialect = 64
  const lines = []
  let id = 0
  for (const dialect of dialects) {
    for (let i = 0; i < perDialect; i++) {
      id++
      let k
      if (i === 0) k = 'BdrX5jD_Rsagb902E7I15A' // the forum thread's key
      else k = key(i % 2 === 0, i % 8 === 7 ? 36 : 22)
      const digits = 9 + Math.floor(rand() * 4)
      const meeting = String(1 + Math.floor(rand() * 9)) + word(digits - 1, '0123456789')
      const role = i % 3 === 0 ? 1 : 0
      // 2020-01-01 .. 2030-01-01, with a sub-second part (non-zero milliseconds).
      const seconds = 1577836800 + Math.floor(rand() * 315532800)
      const nanos = 1000000 + Math.floor(rand() * 998000000)
      lines.push([id, dialect, k, secret(), meeting, role, seconds, nanos].join('\t'))
    }
  }
  return lines
}

// An instant in 2023-01-01 .. 2031-01-01 with a non-zero millisecond part.
const nowMillis = () => 1672531200000 + Math.floor(rand() * 252460800) * 1000 + 1 + Math.floor(rand() * 998)
const EXPIRIES = ['', 1800, 3600, 7200, 86400, 172800, 1801, 172799]

function meetingCases() {
  const lines = []
  for (let id = 1; id <= 96; id++) {
    const k = key(id % 2 === 0, 22)
    const native = id % 12 === 0
    const digits = 9 + Math.floor(rand() * 4)
    const meeting = native ? '' : String(1 + Math.floor(rand() * 9)) + word(digits - 1, '0123456789')
    const role = native ? '' : id % 3 === 0 ? 1 : 0
    const backdate = id % 2 === 0 ? 30 : 0
    const expiry = EXPIRIES[id % EXPIRIES.length]
    const webrtc = ['', 0, 1][Math.floor(id / 3) % 3]
    lines.push([id, k, secret(), meeting, role, nowMillis(), backdate, expiry, webrtc].join('\t'))
  }
  return lines
}

const SESSIONS = ['daily standup', 'Réunion à 9h', '東京オフィス', 'quote " and backslash \\ inside', 'x', 'emoji 🎥 call']
const REGIONS = ['AU', 'BR', 'CA', 'CN', 'DE', 'HK', 'IN', 'JP', 'MX', 'NL', 'SG', 'US']

// telemetry is the telemetryTrackingId of video case id, drawn without the
// PRNG so that the other columns stay as they were: absent for most, the
// longest zoomsig accepts for some, text that needs escaping for others.
function telemetry(id) {
  if (id % 16 === 7) return 'T'.repeat(256)
  if (id % 8 === 3) return 'trace "' + id + '" é 🎥'
  return id % 3 === 0 ? 'trace-' + id : ''
}

function videoCases() {
  const lines = []
  for (let id = 1; id <= 64; id++) {
    const k = key(id % 2 === 0, 22)
    const role = id % 2
    let session = SESSIONS[id % SESSIONS.length]
    if (id % 16 === 5) session = word(200, ALNUM) // the longest name Zoom allows
    const optional = (v) => (rand() < 0.5 ? '' : v)
    const regions = optional(REGIONS.filter(() => rand() < 0.25).join(',') || 'US')
    lines.push([
      id, k, secret(), role, session, nowMillis(), id % 2 === 0 ? 30 : 0, EXPIRIES[id % EXPIRIES.length],
      optional(word(1 + Math.floor(rand() * 35), ALNUM)), optional(word(1 + Math.floor(rand() * 36), ALNUM)),
      regions, optional(Math.floor(rand() * 2)), optional(Math.floor(rand() * 2)),
      optional(Math.floor(rand() * 2)), optional(Math.floor(rand() * 2)),
      telemetry(id), id % 4 === 1 ? (id >> 2) % 2 : '',
    ].join('\t'))
  }
  return lines
}

// video2026Cases are Video SDK tokens with the claims of Zoom's 2026 spec
// (user_key, at most 36 characters; cloud_recording_transcript_option 0-2).
// A kind of its own, so the list of the older kind stays as it was.
function video2026Cases() {
  const lines = []
  for (let id = 1; id <= 32; id++) {
    const k = key(id % 2 === 0, 22)
    const role = id % 2
    let session = SESSIONS[id % SESSIONS.length]
    if (id % 16 === 5) session = word(200, ALNUM)
    const optional = (v) => (rand() < 0.5 ? '' : v)
    const regions = optional(REGIONS.filter(() => rand() < 0.25).join(',') || 'US')
    const userKey = id % 8 === 1 ? word(36, ALNUM) : optional(word(1 + Math.floor(rand() * 36), ALNUM))
    lines.push([
      id, k, secret(), role, session, nowMillis(), id % 2 === 0 ? 30 : 0, EXPIRIES[id % EXPIRIES.length],
      userKey, optional(word(1 + Math.floor(rand() * 36), ALNUM)),
      regions, optional(Math.floor(rand() * 2)), optional(Math.floor(rand() * 2)),
      optional(Math.floor(rand() * 2)), optional(Math.floor(rand() * 2)),
      telemetry(id), id % 4 === 0 ? '' : (id >> 2) % 3,
    ].join('\t'))
  }
  return lines
}

const kinds = { legacy: legacyCases, meeting: meetingCases, video: videoCases, video2026: video2026Cases }
const kind = process.argv[2]
if (!kinds[kind]) {
  process.stderr.write('usage: node cases.js legacy|meeting|video|video2026\n')
  process.exit(2)
}
process.stdout.write(kinds[kind]().join('\n') + '\n')
