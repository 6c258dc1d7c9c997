// Report: https://github.com/zoom/videosdk-web-sample/pull/51
// ("fix: missing role in session token", Zoom's Web Video SDK sample).
// What went wrong: the sample's pure-JS demo (purejs-demo, as of commit
// 529069d, Aug 2023) called its token helper with the arguments shifted: an
// empty string landed in the role_type position (and the telemetry id in the
// cloud-recording slot, which the helper adds only after it has serialised the
// payload, so it never reaches the token). Every token the demo signed
// therefore carried "role_type":"" and, as that helper never wrote one, no
// "version" claim; it also writes the join passcode as "pwd" and empty
// "user_identity"/"session_key" from the demo's default config.
// Source read: purejs-demo/src/js/tool.js and meeting/session-joiner.js at
// 529069d of zoom/videosdk-web-sample; rewritten here in our own code with the
// same library (jsrsasign's KJUR.jws.JWS.sign), the same claim order and the
// demo's default (empty) password, session key and identity. Key, secret and
// topic are made up; the clock comes from ZOOMSIG_NOW_MS.
const { KJUR } = require('jsrsasign');

const sdkKey = 'kGs4N2UYXrlrTQiAvG26_H';
const sdkSecret = 'FCmQ7P1ZnXAc4nlUUhbBlEqNV1rsELszH4Ku';
const topic = 'purejs-demo-room';
const password = '';   // demo config default
const sessionKey = ''; // demo config default

function demoToken(key, secret, tpc, pwd, sk, identity, role) {
  const nowMs = Number(process.env.ZOOMSIG_NOW_MS);
  if (!Number.isFinite(nowMs)) throw new Error('set ZOOMSIG_NOW_MS');
  const iat = Math.round(nowMs / 1000);
  const claims = {
    app_key: key,
    iat,
    exp: iat + 2 * 60 * 60,
    tpc,
    pwd,
    user_identity: identity,
    session_key: sk,
    role_type: role,
  };
  return KJUR.jws.JWS.sign('HS256', JSON.stringify({ alg: 'HS256', typ: 'JWT' }), JSON.stringify(claims), secret);
}

// The shifted call: '' for the identity and '' where the role belongs.
process.stdout.write(demoToken(sdkKey, sdkSecret, topic, password, sessionKey, '', '') + '\n');
