// Report: https://devforum.zoom.us/t/signature-related-errors-when-upgrading-zoom-meeting-sdk-to-2-12-0/89071
// (Meeting SDK for web 2.12.0; "signature is invalid" depending on iat/exp.)
//
// What the reporter did (Java): currentTimestamp =
// LocalDateTime.now().toInstant(ZoneOffset.UTC).getEpochSecond(), i.e. the
// server's LOCAL wall-clock time read as if it were UTC, so iat is off by the
// server's UTC offset (ahead for a zone east of UTC); exp = tokenExp = iat + 3600.
// Headers and claims are put in java.util.HashMaps (the post's own token shows
// their iteration order: typ before alg; tokenExp, mn, role, sdkKey, appKey,
// exp, iat) and signed with jjwt: Jwts.builder().setHeader(map).setClaims(map)
// .signWith(SignatureAlgorithm.HS256, secretString).compact().
//
// jjwt is not in Debian or npm, so its steps are written here by hand after
// its source (io.jsonwebtoken:jjwt 0.9.x, impl/DefaultJwtBuilder.java,
// impl/Base64Codec.java, impl/Base64UrlCodec.java): setHeader/setClaims wrap
// the given maps (their order is kept); the header's alg is set to HS256 in
// place; maps are written by Jackson; segments are base64url without padding;
// and signWith(alg, String) BASE64-DECODES the string to get the key
// (DatatypeConverter.parseBase64Binary on a JVM), so the HMAC key is not the
// secret's text but its base64 decoding -- a second mistake in the post's code,
// left in here as written (this case gives no secret to judge it with).
// The server's zone is not in the post: Asia/Kolkata (UTC+05:30) stands in for
// "a zone east of UTC". Credentials, meeting and clock are made up / pinned.
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

class LocalDateTimeAsUtc {
    static final String ZOOM_SDK_KEY = "gnr2GF4hRCIYsCpshQvBsb";
    static final String ZOOM_SDK_SECRET = "e2RfAHGOfBJjfO67Wt30dIZPP8gpel3lQFD0";
    static final ZoneId SERVER_ZONE = ZoneId.of("Asia/Kolkata");

    public static void main(String[] args) throws Exception {
        String env = System.getenv("ZOOMSIG_NOW_MS");
        if (env == null) throw new IllegalStateException("ZOOMSIG_NOW_MS must be set");
        // LocalDateTime.now() on that server, at the pinned instant:
        LocalDateTime localNow = LocalDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(env)), SERVER_ZONE);
        System.out.print(generate(localNow, "86195023741", 1));
    }

    static String generate(LocalDateTime localNow, String meetingNumber, int role) throws Exception {
        long currentTimestamp = localNow.toInstant(ZoneOffset.UTC).getEpochSecond();
        long jwtExpireTime = currentTimestamp + 3600;

        Map<String, Object> headers = new HashMap<>();
        headers.put("alg", "HS256");
        headers.put("typ", "JWT");

        Map<String, Object> claims = new HashMap<>();
        claims.put("appKey", ZOOM_SDK_KEY);
        claims.put("sdkKey", ZOOM_SDK_KEY);
        claims.put("mn", meetingNumber);
        claims.put("role", role);
        claims.put("iat", currentTimestamp);
        claims.put("exp", jwtExpireTime);
        claims.put("tokenExp", jwtExpireTime);

        // jjwt: signWith(HS256, String) decodes the string as base64 for the key.
        byte[] key = Base64.getDecoder().decode(ZOOM_SDK_SECRET);
        headers.put("alg", "HS256"); // build(): jwsHeader.setAlgorithm, in place

        Base64.Encoder b64url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64url.encodeToString(json(headers).getBytes(StandardCharsets.UTF_8)) + "."
                + b64url.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return signingInput + "." + b64url.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    // Jackson's ObjectMapper output for a flat map of String, Integer and Long.
    static String json(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            sb.append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v));
        }
        return sb.append('}').toString();
    }
}
