// Report: https://github.com/mieszko4/react-native-zoom-us/issues/345
// (React Native, react-native-zoom-us; "How to generate JWT token using client
// secret key and client Id". The recipe is the answer a participant posted
// there, which later commenters copied: init then fails with
// "Error= 5 (unknown), internalErrorCode=124".)
//
// What it does: jsonwebtoken's jwt.sign({ appKey, exp: <a fixed number>,
// tokenExp: <the same number> }, secret) -- exp and tokenExp written as
// literal Unix times (29 February 2024 in the post) instead of computed from
// now. jsonwebtoken adds iat = now itself, so once that date has passed every
// token it makes expires before it is issued.
//
// Library: jsonwebtoken 9.0.3 from npm (the poster's). jsonwebtoken reads the
// clock with Date.now(); the recipe points Date.now at the pinned clock before
// signing. Credentials are made up; the fixed exp is the post's own number.
'use strict'
const nowMs = Number(process.env.ZOOMSIG_NOW_MS)
if (!Number.isSafeInteger(nowMs)) throw new Error('ZOOMSIG_NOW_MS must be set')
Date.now = () => nowMs

const jwt = require('jsonwebtoken')

const ZOOM_APP_KEY = '9rMA4gJqSpqZPhhjEPXj0Q'
const ZOOM_APP_SECRET = 'eLZNWPoTV1CX2xEt0KvatdIQDx2lp3oXKhhF'

const token = jwt.sign({
  appKey: ZOOM_APP_KEY,
  exp: 1709196922,
  tokenExp: 1709196922
}, ZOOM_APP_SECRET)
process.stdout.write(token)
