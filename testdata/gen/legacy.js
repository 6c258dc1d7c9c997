// The legacy signature recipe of Zoom's websdk-sample-signature-node.js, with
// the clock pinned. Reads the case list on stdin; prints each line it handles
// with its signature appended.
'use strict'
const crypto = require('crypto')

function generateSignature(now, apiKey, apiSecret, meetingNumber, role) {
  const timestamp = now.getTime() - 30000
  const msg = Buffer.from(apiKey + meetingNumber + timestamp + role).toString('base64')
  const hash = crypto.createHmac('sha256', apiSecret).update(msg).digest('base64')
  return Buffer.from(`${apiKey}.${meetingNumber}.${timestamp}.${role}.${hash}`).toString('base64')
}

let input = ''
process.stdin.on('data', (d) => { input += d })
process.stdin.on('end', () => {
  const out = []
  for (const line of input.split('\n')) {
    const f = line.split('\t')
    if (f[1] !== 'node') continue
    // A JavaScript Date holds whole milliseconds, as new Date() would.
    const now = new Date(Number(f[6]) * 1000 + Math.floor(Number(f[7]) / 1e6))
    out.push(line + '\t' + generateSignature(now, f[2], f[3], f[4], Number(f[5])))
  }
  process.stdout.write(out.map((l) => l + '\n').join(''))
})
