package dev.fulcrum.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignatureTest {

    /** RFC 4231's test case 2 for HMAC-SHA-256, and GitHub's documented example. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "Jefe | what do ya want for nothing? | 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "It's a Secret to Everybody | Hello, World! | 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    })
    void theSignatureIsTheHexHmacSha256OfTheBody(String secret, String body, String hex) {
        assertThat(Signature.of(secret, body.getBytes(StandardCharsets.UTF_8))).isEqualTo("sha256=" + hex);
    }
}
