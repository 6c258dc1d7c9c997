// Report: https://devforum.zoom.us/t/unclear-2003-error/68297
// What the reporter did: an Android Video SDK app joined with a token made on
// their server. The token's "tpc" and the sessionName passed to joinSession()
// were both 32-character hex ids that differ in one character (an "e" in the
// token where the join call had a "d"); the SDK answered only "2003".
// The reporter's server code is not in the thread, so this recipe builds the
// token the way Zoom's videosdk-auth-endpoint-sample does (jsrsasign,
// KJUR.jws.JWS.sign, claims in that sample's order) with the claims the
// reporter posted: role_type 1, version 1, user_identity, session_key, and a
// lifetime of 5 hours. Key, secret, session name and ids are made up.
// Prints the token the app passed to joinSession().
const { KJUR } = require('jsrsasign');

const sdkKey = 'bvZBVp_aclzlXI8DkMvyO7';
const sdkSecret = 'EKnmdld0XN5kUPvEIx6HfD05mLfz83h83jZN';
// The session name the server signed; the app joins with a copy of it in
// which character 20 differs (see case.json).
const sessionName = '5a90c3e17b2d4f08a6e3c9d17f42b8e0';

const nowMs = Number(process.env.ZOOMSIG_NOW_MS);
if (!Number.isFinite(nowMs)) throw new Error('set ZOOMSIG_NOW_MS');
const iat = Math.floor(nowMs / 1000);
const exp = iat + 5 * 3600;

const header = { alg: 'HS256', typ: 'JWT' };
const payload = {
  app_key: sdkKey,
  role_type: 1,
  tpc: sessionName,
  version: 1,
  iat,
  exp,
  user_identity: 'ward-7 tablet user',
  session_key: '0f3e9a7c51d24b6e8c27a4f1d93b5e60',
};
process.stdout.write(KJUR.jws.JWS.sign('HS256', JSON.stringify(header), JSON.stringify(payload), sdkSecret) + '\n');
