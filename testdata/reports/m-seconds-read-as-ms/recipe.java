// Report: https://github.com/mieszko4/react-native-zoom-us-test/issues/74
// (React Native app, react-native-zoom-us on Android; ZoomUs.initialize fails
// with "Error= 5 (unknown), internalErrorCode=124".)
//
// What the reporter did: in the app, epochInSeconds = Math.round(now / 1000),
// payload {appKey, iat: epochInSeconds, exp and tokenExp: epochInSeconds + 3600},
// signed with `await sign(payload, secret, {algorithm: 'HS256', typ: 'JWT'})`.
// The awaited sign with an options object is react-native-pure-jwt's API (its
// options key is `alg`, so both options are ignored and HS256 is the default).
//
// Why this recipe is Java: react-native-pure-jwt signs in native code. Read
// from its source, as shipped in the npm package react-native-pure-jwt 3.1.0
// (android/src/main/java/com/zaguiini/RNPureJwt/RNPureJwtModule.java, method
// sign; the same file in github.com/zaguiini/react-native-pure-jwt) and its
// dependency io.jsonwebtoken:jjwt 0.9.0 (impl/JwtMap.java setDate,
// impl/DefaultJwtBuilder.java, impl/AndroidBase64Codec.java):
//  - JS numbers cross the bridge as Double; ReadableNativeMap.toHashMap() gives
//    a java.util.HashMap, whose iteration order sets the claims' order;
//  - "exp"/"iat"/"nbf" become new Date(value.longValue()), i.e. the value is
//    taken as MILLISECONDS, and jjwt writes a Date as getTime() / 1000:
//    a seconds value comes out divided by 1000;
//  - any other number is put as the Double itself, which Jackson writes with
//    Double.toString: 1796035...E9 for tokenExp;
//  - the secret is passed as base64(secret) (android.util.Base64.DEFAULT) and
//    jjwt decodes it back, so the HMAC key is the secret's UTF-8 bytes;
//  - header params alg then typ; segments are base64url without padding.
// The app's JavaScript arithmetic is done here in double, as JS does.
// Credentials and the clock are made up / pinned; no meeting (an init token).
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

class PureJwtAndroidSign {
    public static void main(String[] args) throws Exception {
        String env = System.getenv("ZOOMSIG_NOW_MS");
        if (env == null) throw new IllegalStateException("ZOOMSIG_NOW_MS must be set");
        double nowMs = Double.parseDouble(env);

        // The app (JavaScript): Math.round(new Date().getTime() / 1000), 3600 s.
        String sdkKey = "3rTgWAekr__ZlRMk3NOu9W";
        String sdkSecret = "MAizyDQisoVKGbAFOkQx7VhFCwKIiT8mFrGw";
        double epochInSeconds = Math.round(nowMs / 1000);
        double expiresInSeconds = 3600;

        // The React Native bridge: the JS object arrives as a HashMap of Doubles.
        Map<String, Object> fromBridge = new HashMap<>();
        fromBridge.put("appKey", sdkKey);
        fromBridge.put("iat", epochInSeconds);
        fromBridge.put("exp", epochInSeconds + expiresInSeconds);
        fromBridge.put("tokenExp", epochInSeconds + expiresInSeconds);

        System.out.print(sign(fromBridge, sdkSecret));
    }

    // RNPureJwtModule.sign with jjwt 0.9.0, step by step.
    static String sign(Map<String, Object> claimsIn, String secret) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>(); // jjwt's DefaultClaims
        for (Map.Entry<String, Object> e : claimsIn.entrySet()) {
            switch (e.getKey()) {
                case "alg":
                    break;
                case "exp":
                case "iat":
                case "nbf": {
                    long asDateMillis = ((Double) e.getValue()).longValue(); // new Date(long)
                    claims.put(e.getKey(), asDateMillis / 1000);             // JwtMap.setDate
                    break;
                }
                default:
                    claims.put(e.getKey(), e.getValue());
            }
        }
        // signWith(HS256, base64(secret)): jjwt decodes it back to the secret's bytes.
        String encodedSecret = Base64.getMimeEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)) + "\n";
        byte[] key = Base64.getMimeDecoder().decode(encodedSecret);

        Base64.Encoder b64url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64url.encodeToString(json(header).getBytes(StandardCharsets.UTF_8)) + "."
                + b64url.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return signingInput + "." + b64url.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    // Jackson's ObjectMapper output for a flat map of String, Long and Double.
    static String json(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            sb.append(quote(e.getKey())).append(':');
            Object v = e.getValue();
            if (v instanceof String) sb.append(quote((String) v));
            else if (v instanceof Double) sb.append(Double.toString((Double) v));
            else sb.append(v);
        }
        return sb.append('}').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04X", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
