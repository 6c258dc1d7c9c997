// Report: https://devforum.zoom.us/t/android-sdk-jwt-token/19355
// (Android Meeting SDK; initialize with a JWT fails with error code 1, while
// initializing with key and secret works.)
//
// What the reporter did (Android Java): time = currentTimeMillis() / 1000
// + 60 * 1000 -- a minute's worth of MILLISECONDS added to a value in
// SECONDS, so iat is 60000 s (16 h 40 min) in the future -- and the same
// value for iat, exp and tokenExp (a zero lifetime, which Zoom's answer in the
// thread points at). Header and payload are hand-written JSON strings (with a
// space after each colon and comma), each encoded with android.util.Base64
// flags NO_WRAP | NO_PADDING | URL_SAFE, HMAC-SHA256 with the secret's bytes,
// the MAC encoded the same way.
//
// android.util.Base64 is not on a JVM; its NO_WRAP | NO_PADDING | URL_SAFE
// output is java.util.Base64.getUrlEncoder().withoutPadding()'s (Android's
// Base64 documentation: URL_SAFE uses '-' and '_', NO_PADDING drops '=',
// NO_WRAP adds no line breaks). Credentials and the clock are made up / pinned.
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

class AndroidInitToken {
    static final String SDK_KEY = "YdS8eLnGDd8GDUmk8jjOZ4";
    static final String SDK_SECRET = "nweJvlzKjtyzBglmivPUo7TTONOJO8qRl754";

    public static void main(String[] args) throws Exception {
        String env = System.getenv("ZOOMSIG_NOW_MS");
        if (env == null) throw new IllegalStateException("ZOOMSIG_NOW_MS must be set");
        long currentTimeMillis = Long.parseLong(env); // System.currentTimeMillis()
        System.out.print(jwtToken(currentTimeMillis));
    }

    static String jwtToken(long currentTimeMillis) throws Exception {
        long time = currentTimeMillis / 1000 + 60 * 1000;
        String header = "{\"alg\": \"HS256\", \"typ\": \"JWT\"}";
        String payload = "{\"appKey\": \"" + SDK_KEY + "\""
                + ", \"iat\": " + time
                + ", \"exp\": " + time
                + ", \"tokenExp\": " + time
                + "}";
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding(); // NO_WRAP | NO_PADDING | URL_SAFE
        String headerB64 = enc.encodeToString(header.getBytes(StandardCharsets.UTF_8));
        String payloadB64 = enc.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SDK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal((headerB64 + "." + payloadB64).getBytes(StandardCharsets.UTF_8));
        return headerB64 + "." + payloadB64 + "." + enc.encodeToString(digest);
    }
}
