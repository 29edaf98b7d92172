package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which name a {@code --admin-token} value gives its token, and which presented token is whose. */
class AdminTokensTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "alice=0123456789abcdef,                 alice",
        "ci.bot_2-x=0123456789abcdef,            ci.bot_2-x",
        "0123456789abcdef,                       admin",
        "c2VjcmV0LXRva2VuLWZvci10ZXN0cw==,       admin",
        "c2VjcmV0LXRva2VuLWZvci10ZXN0cw=,        admin",
        "has space=0123456789abcdef0,            admin",
        "a-name-much-longer-than-thirty-two-chars=0123456789abcdef, admin",
    })
    void aNameBeforeTheFirstEqualsSignNamesTheTokenElseItIsTheAdmins(String value, String name) {
        AdminTokens tokens = AdminTokens.parse(List.of(value));
        assertThat(tokens.names()).containsExactly(name);
        String token = name.equals("admin") ? value : value.substring(name.length() + 1);
        assertThat(tokens.nameOf(token.getBytes(StandardCharsets.UTF_8))).isEqualTo(name);
    }

    @Test
    void eachPresentedTokenIsMatchedToItsOwnName() {
        AdminTokens tokens = AdminTokens.parse(List.of("alice=alice-0123456789ab", "bob=bob-0123456789abcd",
                "plain-0123456789abcd"));

        assertThat(tokens.nameOf("alice-0123456789ab".getBytes(StandardCharsets.UTF_8))).isEqualTo("alice");
        assertThat(tokens.nameOf("bob-0123456789abcd".getBytes(StandardCharsets.UTF_8))).isEqualTo("bob");
        assertThat(tokens.nameOf("plain-0123456789abcd".getBytes(StandardCharsets.UTF_8))).isEqualTo("admin");
        assertThat(tokens.nameOf("alice-0123456789a".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(tokens.nameOf(new byte[0])).isNull();
        assertThat(tokens.toString()).isEqualTo("AdminTokens[alice, bob, admin]");
    }

    @Test
    void refusalsNameTheFlagAndTheNameButNeverTheToken() {
        assertThatThrownBy(() -> AdminTokens.parse(List.of("alice=short-one")))
                .hasMessage("--admin-token alice is too short: use at least 16 characters");
        assertThatThrownBy(() -> AdminTokens.parse(List.of("short-one")))
                .hasMessage("--admin-token is too short: use at least 16 characters");
        assertThatThrownBy(() -> AdminTokens.parse(List.of("local=0123456789abcdef")))
                .hasMessageStartingWith("--admin-token local: the name 'local' is reserved");
        assertThatThrownBy(() -> AdminTokens.parse(List.of("a=0123456789abcdef", "b=0123456789abcdef")))
                .hasMessageStartingWith("--admin-token b has the same token as a").message()
                .doesNotContain("0123456789abcdef");
        assertThat(AdminTokens.parse(List.of())).isSameAs(AdminTokens.NONE);
        assertThat(AdminTokens.single(null).isEmpty()).isTrue();
    }
}
