// Records how a running Video SDK endpoint answers each request body of a
// case list: the status, the error properties in order, and for a 200 the
// token's payload, compact and in order, with iat and exp replaced by a
// "lifetime" member at the end. Used once by
// hand against Zoom's videosdk-auth-endpoint-sample (which is never
// committed) to fill in the "sample" answers of
// testdata/video_endpoint_cases.json:
//   node video_sample_probe.js URL <cases.json >answered.json
'use strict'

async function probe(url, c) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: c.body })
  const text = await res.text()
  const out = { status: res.status }
  let json
  try {
    json = JSON.parse(text)
  } catch {
    out.body = text.slice(0, 80)
    return out
  }
  if (json.errors) out.properties = json.errors.map((e) => e.property)
  if (json.signature) {
    const payload = JSON.parse(Buffer.from(json.signature.split('.')[1], 'base64url').toString('utf8'))
    payload.lifetime = payload.exp - payload.iat
    delete payload.iat
    delete payload.exp
    out.payload = JSON.stringify(payload)
  }
  return out
}

async function main() {
  const url = process.argv[2]
  let input = ''
  for await (const chunk of process.stdin) input += chunk
  const cases = JSON.parse(input)
  for (const c of cases) c.sample = await probe(url, c)
  process.stdout.write(JSON.stringify(cases, null, 1) + '\n')
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
