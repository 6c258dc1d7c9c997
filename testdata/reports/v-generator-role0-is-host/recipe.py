# Report: https://github.com/tanchunsiong/zoom-sdk-jwt-signature-generator/blob/1efb363a39e7f0c4453b22885a62202e7390279d/generate-vsdk-signature.py
# (a public command-line generator of Video SDK tokens; PyJWT).
# What goes wrong: the script builds two payloads, one with role_type 1 and
# one with role_type 0, and prints a token under "Role 1" and one under
# "Role 0" - but both are signed from the role_type 1 payload. Whoever pastes
# the "Role 0" token into a participant's app makes that participant a host.
# It also signs with iat = now (no back-date) and exp = iat + 172800, the
# longest lifetime Zoom allows.
# Written after the script's steps with the same library (Debian's
# python3-jwt, i.e. PyJWT: jwt.encode(payload, secret, algorithm="HS256")) and
# the same claims and order; it prints only the token the script labels
# "Role 0". The random session number, key and secret are replaced by made-up
# fixed values; the clock comes from ZOOMSIG_NOW_MS.
import os
import sys

import jwt

SDK_SECRET = "Vt3qLw8ZpN2xHc6RbJ0mKf4sYd9gAe1uTi7o"
APP_KEY = "h2Rk_wN8qZt5LmV0cXy3Pa"

epoch_time = int(os.environ["ZOOMSIG_NOW_MS"]) // 1000
session_name = "sessname" + str(48213907)


def claims(role_type):
    return {
        "app_key": APP_KEY,
        "version": 1,
        "role_type": role_type,
        "user_identity": "User ID",
        "session_key": "Session key",
        "iat": epoch_time,
        "exp": epoch_time + 172800,
        "tpc": session_name,
    }


host = claims(1)
participant = claims(0)  # built, then never used: the script's slip
role0_token = jwt.encode(host, SDK_SECRET, algorithm="HS256")
sys.stdout.write(role0_token + "\n")
