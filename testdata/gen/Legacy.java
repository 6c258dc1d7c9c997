// The legacy signature recipe of Zoom's Java sample, with the clock pinned.
// Reads the case list on stdin; prints each line it handles with its
// signature appended. Run: java Legacy.java < cases.tsv
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class Legacy {
    // The sample reads System.currentTimeMillis(); clock.millis() is the same
    // call on a clock we can pin. The sample's DatatypeConverter was removed
    // from Java 11; Base64.getEncoder() prints the same standard base64.
    static String generateSignature(Clock clock, String apiKey, String apiSecret, String meetingNumber, int role) throws Exception {
        Mac hasher = Mac.getInstance("HmacSHA256");
        String ts = Long.toString(clock.millis() - 30000);
        String msg = String.format("%s%s%s%d", apiKey, meetingNumber, ts, role);
        hasher.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String message = Base64.getEncoder().encodeToString(msg.getBytes(StandardCharsets.UTF_8));
        byte[] hash = hasher.doFinal(message.getBytes(StandardCharsets.UTF_8));
        String hashBase64Str = Base64.getEncoder().encodeToString(hash);
        String tmpString = String.format("%s.%s.%s.%d.%s", apiKey, meetingNumber, ts, role, hashBase64Str);
        String encodedString = Base64.getEncoder().encodeToString(tmpString.getBytes(StandardCharsets.UTF_8));
        return encodedString.replaceAll("\\=+$", "");
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split("\t");
            if (!f[1].equals("standard") && !f[1].equals("java")) continue;
            Clock clock = Clock.fixed(Instant.ofEpochSecond(Long.parseLong(f[6]), Long.parseLong(f[7])), ZoneOffset.UTC);
            out.append(line).append('\t').append(generateSignature(clock, f[2], f[3], f[4], Integer.parseInt(f[5]))).append('\n');
        }
        System.out.print(out);
    }
}
