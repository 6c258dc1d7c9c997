// Report: https://github.com/zoom/videosdk-reactnative-quickstart/issues/7
// (Zoom's React Native Video SDK quickstart: the token is made, yet joining
// the session does nothing; a later comment reports error 2014, invalid join
// parameters, and Zoom's reply asks whether the session name in the JWT and in
// joinSession() agree.)
// What the quickstart does (utils/jwt.ts and config.ts of
// zoom/videosdk-reactnative-quickstart as of commit 9177f07, March 2024, the
// state the issue was filed against; unchanged since): it signs the Video SDK token inside
// the app with react-native-pure-jwt, passing iat and exp from
// Date.getTime() (milliseconds, which that library expects), version 1,
// role_type parseInt(config.roleType) with config.roleType "1" for everyone,
// cloud_recording_option 1 and a random 10-character user_identity.
// Why Java: react-native-pure-jwt signs in native code. This follows its
// Android module as released in v3.0.2 (July 2023; sign() is the same in
// v3.0.3), the release the quickstart's "^3.0.2" resolved to in mid 2024, read in
// github.com/zaguiini/react-native-pure-jwt
// (android/src/main/java/com/zaguiini/RNPureJwt/RNPureJwtModule.java, sign)
// and jjwt 0.9.0 (io.jsonwebtoken.impl.DefaultJwtBuilder, JwtMap.setDate),
// written here in our own code:
//  - the JS object crosses the bridge as a java.util.HashMap (numbers as
//    Double); its iteration order is the claims' order;
//  - "iat"/"exp" become new Date(value) and jjwt writes getTime()/1000;
//  - every other number stays a Double, which Jackson writes with
//    Double.toString: version, role_type and cloud_recording_option come out
//    as 1.0;
//  - header: setHeaderParam("alg") then ("typ") (3.1.0, Dec 2025, changed
//    this to "typ" plus the caller's options); the HMAC key is the secret's
//    UTF-8 bytes (sent base64-encoded, decoded back);
//    segments are base64url without padding.
// The random user_identity is replaced by a fixed made-up one; key, secret and
// session name are made up; the clock comes from ZOOMSIG_NOW_MS.
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class recipe {
    public static void main(String[] args) throws Exception {
        String env = System.getenv("ZOOMSIG_NOW_MS");
        if (env == null) throw new IllegalStateException("set ZOOMSIG_NOW_MS");
        double nowMs = Double.parseDouble(env);

        String appKey = "bDWb5pn5C-gMKPTmEAGKtx";
        String appSecret = "aWfwvGgkh4l51hew94BRHo1wZSc8cXfzVaJI";

        // What the app's JavaScript hands to sign(); numbers are doubles.
        Map<String, Object> bridged = new HashMap<>();
        bridged.put("app_key", appKey);
        bridged.put("version", 1.0);
        bridged.put("user_identity", "Qm7RtK2wZc");
        bridged.put("iat", nowMs);
        bridged.put("exp", nowMs + 23.0 * 3600 * 1000);
        bridged.put("tpc", "ClinicRoomA");
        bridged.put("role_type", 1.0); // parseInt("1")
        bridged.put("cloud_recording_option", 1.0);

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : bridged.entrySet()) {
            String k = e.getKey();
            if (k.equals("iat") || k.equals("exp")) {
                long millis = ((Double) e.getValue()).longValue();
                claims.put(k, millis / 1000);
            } else {
                claims.put(k, e.getValue());
            }
        }
        String input = b64(json(header)) + "." + b64(json(claims));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        System.out.println(input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))));
    }

    // Jackson's compact output for a map of strings, longs and doubles.
    static String json(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof String) sb.append('"').append(v).append('"');
            else sb.append(v.toString()); // Long.toString / Double.toString
        }
        return sb.append('}').toString();
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
