<?php
// The legacy signature recipe of Zoom's PHP sample, with the clock pinned
// (time() replaced by the case's whole seconds). Reads the case list on
// stdin; prints each line it handles with its signature appended.

function generate_signature($now, $api_key, $api_secret, $meeting_number, $role) {
    $time = $now * 1000 - 30000;
    $data = base64_encode($api_key . $meeting_number . $time . $role);
    $hash = hash_hmac('sha256', $data, $api_secret, true);
    $_sig = $api_key . "." . $meeting_number . "." . $time . "." . $role . "." . base64_encode($hash);
    return rtrim(strtr(base64_encode($_sig), '+/', '-_'), '=');
}

while (($line = fgets(STDIN)) !== false) {
    $line = rtrim($line, "\n");
    $f = explode("\t", $line);
    if (count($f) < 8 || $f[1] !== 'php') continue;
    echo $line, "\t", generate_signature((int)$f[6], $f[2], $f[3], $f[4], (int)$f[5]), "\n";
}
