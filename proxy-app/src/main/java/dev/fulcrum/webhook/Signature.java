package dev.fulcrum.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery, as GitHub signs its webhooks: {@code sha256=} and the lower-case hex HMAC-SHA256 of the
 * body, keyed with the webhook's secret, sent as {@value #HEADER}. A receiver computes the same over the bytes it got
 * and compares in constant time.
 */
final class Signature {

    static final String HEADER = "X-Fulcrum-Signature";

    private Signature() {
    }

    static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
