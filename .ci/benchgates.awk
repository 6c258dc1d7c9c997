# The benchmark gates of .ci/run, over the output of several rounds of the
# root package's benchmarks, each line prefixed by its round number:
#   awk -v signbound=G -v jwtbound=G -v naivemin=G -v gjwtmin=G -f .ci/benchgates.awk LOG
#
# Gated on the median of the rounds' paired ratios, each measured within
# one round by the benchmark itself ("x-bound": its calls and its lower
# bound's interleaved in chunks on one thread's CPU clock, the median of
# the chunk pairs; see pairedRatio in bench_test.go):
#   BenchmarkSign's x-bound (over BenchmarkSignLowerBound's work)       <= signbound
#   BenchmarkSignJWT's x-bound (over BenchmarkSignJWTLowerBound's work) <= jwtbound
# Wide regression fences, medians too: the naive port's time over Sign's
# ("x-sign") >= naivemin, golang-jwt's over SignJWT's ("x-signjwt") >= gjwtmin.
# Exact, in every round: 1 alloc per Sign, per SignJWT, per Handler request.
# Reported, not gated: every ratio to a bare HMAC floor ("x-floor"), which
# measures the CPU's SHA-256 as much as our code.
# mawk has no asort: medians sort with an insertion sort of their own.

function metric(unit,   i) { for (i = 3; i <= NF; i++) if ($i == unit) return $(i-1); return "" }
function name() { n = $2; sub(/-[0-9]+$/, "", n); sub(/^Benchmark/, "", n); return n }

# median of the values v[1..k]
function median(v, k,   i, j, t, s) {
  for (i = 1; i <= k; i++) s[i] = v[i]
  for (i = 2; i <= k; i++) for (j = i; j > 1 && s[j-1] > s[j]; j--) { t = s[j]; s[j] = s[j-1]; s[j-1] = t }
  return k % 2 ? s[(k+1)/2] : (s[k/2] + s[k/2+1]) / 2
}

# series(key) lists a key's values over the rounds, and its median.
function series(key,   r, k, v, out) {
  k = 0; out = ""
  for (r = 1; r <= rounds; r++) if ((r, key) in val) { v[++k] = val[r, key]; out = out sprintf(" %.2f", val[r, key]) }
  med[key] = k ? median(v, k) : ""
  return out
}

$2 ~ /^Benchmark/ {
  r = $1 + 0; if (r > rounds) rounds = r
  b = name()
  ns[r, b] = metric("ns/op")
  a = metric("allocs/op"); if (a != "" && a > allocs[b]) allocs[b] = a
  seen[b] = 1
  if ((x = metric("x-floor")) != "") val[r, b " x-floor"] = x
  if (b == "Sign" && (x = metric("x-bound")) != "") val[r, "sign/bound"] = x
  if (b == "SignJWT" && (x = metric("x-bound")) != "") val[r, "jwt/bound"] = x
  if ((x = metric("x-sign")) != "") val[r, "naive"] = x
  if ((x = metric("x-signjwt")) != "") val[r, "golang-jwt"] = x
}

END {
  for (r = 1; r <= rounds; r++) {
    if (ns[r, "SignLowerBound"] > 0) val[r, "sign/bound ns"] = ns[r, "Sign"] / ns[r, "SignLowerBound"]
    if (ns[r, "SignJWTLowerBound"] > 0) val[r, "jwt/bound ns"] = ns[r, "SignJWT"] / ns[r, "SignJWTLowerBound"]
  }
  printf "%d rounds; each ratio per round, then its median\n", rounds
  printf "gated:\n"
  printf "  Sign / its lower bound:        %s   median %.2f (gate %.2f)\n", series("sign/bound"), med["sign/bound"], signbound
  printf "  SignJWT / its lower bound:     %s   median %.2f (gate %.2f)\n", series("jwt/bound"), med["jwt/bound"], jwtbound
  printf "  naive port / Sign:             %s   median %.2f (fence >= %.1f)\n", series("naive"), med["naive"], naivemin
  printf "  golang-jwt / SignJWT:          %s   median %.2f (fence >= %.1f)\n", series("golang-jwt"), med["golang-jwt"], gjwtmin
  printf "  allocs/op, worst round: Sign %d, SignJWT %d, Handler %d (each exactly 1)\n", allocs["Sign"], allocs["SignJWT"], allocs["HandlerServeHTTP"]
  printf "reported, not gated: ns/op over ns/op of the bound's own benchmark, run back to back (wall clock):\n"
  printf "  Sign / SignLowerBound          %s   median %.2f\n", series("sign/bound ns"), med["sign/bound ns"]
  printf "  SignJWT / SignJWTLowerBound    %s   median %.2f\n", series("jwt/bound ns"), med["jwt/bound ns"]
  printf "reported, not gated (x the bare HMAC floor, paired the same way; depends on the CPU's SHA-256):\n"
  split("Sign SignLowerBound SignLowerBoundFreeHash SignJWT SignJWTLowerBound", fl, " ")
  for (i = 1; i <= 5; i++) printf "  %-24s %s   median %.2f\n", fl[i], series(fl[i] " x-floor"), med[fl[i] " x-floor"]
  ok = 1
  if (med["sign/bound"] == "" || med["sign/bound"] > signbound) { ok = 0; print "FAILED: Sign over its lower bound" }
  if (med["jwt/bound"] == "" || med["jwt/bound"] > jwtbound) { ok = 0; print "FAILED: SignJWT over its lower bound" }
  if (med["naive"] == "" || med["naive"] < naivemin) { ok = 0; print "FAILED: the naive port fence" }
  if (med["golang-jwt"] == "" || med["golang-jwt"] < gjwtmin) { ok = 0; print "FAILED: the golang-jwt fence" }
  if (!seen["Sign"] || allocs["Sign"] != 1) { ok = 0; print "FAILED: Sign allocations" }
  if (!seen["SignJWT"] || allocs["SignJWT"] != 1) { ok = 0; print "FAILED: SignJWT allocations" }
  if (!seen["HandlerServeHTTP"] || allocs["HandlerServeHTTP"] != 1) { ok = 0; print "FAILED: Handler allocations" }
  exit !ok
}
