# Report: https://devforum.zoom.us/t/invalid-signature-python-3/83251
# (Meeting SDK for web, 2023; join fails with 3712 "Signature is invalid".)
#
# What the reporter did (Python 3): followed the old Web SDK 1.x signature
# recipe -- base64(key + meetingNumber + timestamp-in-ms + role), HMAC-SHA256
# over that base64 text, base64 of "key.mn.ts.role.hash", '=' stripped -- but
# fed it the Meeting SDK app's SDK key and secret. That format belonged to the
# JWT-app API key/secret and is not what the Meeting SDK takes from SDK
# credentials (a JWT is); the reply in the thread says the same.
#
# Written with the standard library only (hmac, hashlib, base64), as the
# reporter did. time() is replaced by the pinned clock.
# Credentials and meeting are made up.
import base64
import hashlib
import hmac
import os
import sys

SDK_KEY = "cWdhzPWt8T9TA7Q8HlOien"
SDK_SECRET = "2ejFBqjUaL1MtHw139lsMWPNAOd5gbSz6lXb"


def time():
    return int(os.environ["ZOOMSIG_NOW_MS"]) / 1000


def generate_signature(meeting_number, role):
    ts = int(round(time() * 1000)) - 30000
    msg = SDK_KEY + str(meeting_number) + str(ts) + str(role)
    message = base64.b64encode(bytes(msg, "utf-8"))
    secret = bytes(SDK_SECRET, "utf-8")
    digest = hmac.new(secret, message, hashlib.sha256)
    hash_b64 = base64.b64encode(digest.digest()).decode("utf-8")
    tmp = "%s.%s.%s.%s.%s" % (SDK_KEY, str(meeting_number), str(ts), str(role), hash_b64)
    signature = base64.b64encode(bytes(tmp, "utf-8")).decode("utf-8")
    return signature.rstrip("=")


sys.stdout.write(generate_signature(94027716385, 0))
