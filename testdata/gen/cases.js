// Writes the legacy golden-vector case list to stdout, deterministically.
// Columns: id dialect key secret meeting role unix_seconds nanoseconds
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
process.stdout.write(lines.join('\n') + '\n')
