<?php
// Report: https://devforum.zoom.us/t/client-sdk-invalid-signature-errorcode-200-php/85056
// (Meeting SDK for web 2.10.1, client view, 2023; join fails with 3712.)
//
// What the reporter did (PHP): moving from a JWT app to a Meeting SDK app,
// kept the old Web SDK 1.x PHP signature function and swapped in the new
// Client ID and secret; the timestamp became time() + 60 * 60 * 2 -- whole
// SECONDS (the 1.x format wants milliseconds), two hours in the future.
// The rest is Zoom's old PHP sample: base64 of key.mn.time.role, raw
// HMAC-SHA256 over that base64 text, base64 of "key.mn.time.role.hash", made
// URL-safe and '=' stripped. (The post is cut after base64_encode($hash;
// the return line here is that sample's, which the post says it followed.)
//
// Written with PHP's own functions, as the reporter did; time() is replaced by
// the pinned clock. Credentials and meeting are made up.

function pinned_time() {
    $ms = getenv('ZOOMSIG_NOW_MS');
    if ($ms === false) {
        fwrite(STDERR, "ZOOMSIG_NOW_MS must be set\n");
        exit(1);
    }
    return intdiv((int)$ms, 1000);
}

function generate_signature($sdkKey, $sdk_secret, $meeting_number, $role) {
    $time = pinned_time() + 60 * 60 * 2; // time in seconds
    $data = base64_encode($sdkKey . $meeting_number . $time . $role);
    $hash = hash_hmac('sha256', $data, $sdk_secret, true);
    $_sig = $sdkKey . "." . $meeting_number . "." . $time . "." . $role . "." . base64_encode($hash);
    return rtrim(strtr(base64_encode($_sig), '+/', '-_'), '=');
}

echo generate_signature('j1Qxe7h10pkGfqXnQe1JlH', 'kuda8U2EK9rYeFQc5PQp6LH0wCefSe96qvNb', '85530417269', '0');
