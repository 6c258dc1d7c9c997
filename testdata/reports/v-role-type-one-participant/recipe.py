# Report: https://qiita.com/tishihara/items/2b55768cf7dea5dd1415
# What the tutorial says: a Python (PyJWT) recipe for Web Video SDK tokens;
# its text gives role_type the values 1 and 2 and calls 1 the participant
# value (2 an administrator). Zoom's Video SDK docs define role_type 1 as host (or
# co-host) and 0 as participant, so a reader who follows the text signs every
# attendee's token with role_type 1 and makes each of them a host.
# Written after the tutorial's steps with the same library (Debian's
# python3-jwt, i.e. PyJWT: jwt.encode(payload, secret, "HS256", headers)),
# claims in the tutorial's order, for an ordinary attendee following its
# text. Key, secret and session name are made up; the clock comes from
# ZOOMSIG_NOW_MS.
import os
import sys

import jwt

APP_KEY = "OgA9UEZ5SdZCCSxhcTwrj8"
SDK_SECRET = "zdbsliaC2OZMeS0zcsKsRi8EzpZBaTeZSkR6"
TOPIC = "signage-floor2-20261130"

now = int(os.environ["ZOOMSIG_NOW_MS"]) // 1000
headers = {"alg": "HS256", "typ": "JWT"}
payload = {
    "app_key": APP_KEY,
    "tpc": TOPIC,
    "version": 1,
    "role_type": 1,  # the participant value, per the tutorial's text
    "iat": now,
    "exp": now + 7200,
}
token = jwt.encode(payload, SDK_SECRET, "HS256", headers)
sys.stdout.write(token + "\n")
