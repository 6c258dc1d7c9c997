// Report: https://devforum.zoom.us/t/jwt-expiration-clarification/65869
// What the reporter did: an Android Meeting SDK app initialised the SDK with a
// JWT pasted into the app's source during development (appKey, iat, exp one day
// after iat, tokenExp 1800 s after iat), so every launch after tokenExp/exp
// failed SDK auth (error code 1 in the thread) although the token itself was
// well formed. Zoom's answer: the window between iat and exp/tokenExp must
// contain the moment the SDK uses the token.
// The thread shows only the decoded payload, made by hand (JWT debugger
// style). This recipe signs the same claims, in the posted order, with
// jsrsasign (the library the jwt.io debugger and Zoom's samples use). Key and
// secret are made up. The token is made at the recipe clock; expected.json
// judges it two days later, when the app still carries it.
const { KJUR } = require('jsrsasign');

const sdkKey = 'TRRj3jJD4fgKpp1J-TV3Q1';
const sdkSecret = 'JMIpA6vkqOEG65lAVHTLXzRLom0tTrPjcUN1';

const nowMs = Number(process.env.ZOOMSIG_NOW_MS);
if (!Number.isFinite(nowMs)) throw new Error('set ZOOMSIG_NOW_MS');
const iat = Math.floor(nowMs / 1000);

const header = { alg: 'HS256', typ: 'JWT' };
const payload = {
  appKey: sdkKey,
  iat,
  exp: iat + 24 * 3600,
  tokenExp: iat + 1800,
};
process.stdout.write(KJUR.jws.JWS.sign('HS256', JSON.stringify(header), JSON.stringify(payload), sdkSecret) + '\n');
