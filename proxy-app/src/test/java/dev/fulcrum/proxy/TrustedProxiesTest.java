package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which client addresses a --trusted-proxies list trusts, and which lists it refuses. */
class TrustedProxiesTest {

    @ParameterizedTest(name = "{0} contains {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1/32                 | 127.0.0.1     | true",
        "127.0.0.1                    | 127.0.0.1     | true",
        "127.0.0.1                    | 127.0.0.2     | false",
        "10.0.0.0/8                   | 10.255.1.2    | true",
        "10.0.0.0/8                   | 11.0.0.1      | false",
        "192.168.1.0/25               | 192.168.1.127 | true",
        "192.168.1.0/25               | 192.168.1.128 | false",
        "0.0.0.0/0                    | 8.8.8.8       | true",
        "0.0.0.0/0                    | ::1           | false",
        "10.0.0.0/8, 192.168.1.7      | 192.168.1.7   | true",
        "10.0.0.0/8 ,, 192.168.1.7    | 10.1.1.1      | true",
        "::1                          | ::1           | true",
        "::1                          | [::1]         | true",
        "2001:db8::/32                | 2001:db8::5   | true",
        "2001:db8::/32                | 2001:db9::5   | false",
        "10.0.0.0/8                   | localhost     | false",
        "10.0.0.0/8                   | not-an-ip     | false",
    })
    void contains(String list, String address, boolean trusted) {
        assertThat(TrustedProxies.parse(list).contains(address)).isEqualTo(trusted);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "proxy.example    | 'proxy.example' is not an IP address or CIDR block",
        "10.0.0.0/33      | '10.0.0.0/33' has a prefix length outside 0-32",
        "10.0.0.0/-1      | '10.0.0.0/-1' has a prefix length outside 0-32",
        "::1/129          | '::1/129' has a prefix length outside 0-128",
        "10.0.0.0/x       | '10.0.0.0/x' has a prefix length outside 0-32",
        "999.1.1.1        | '999.1.1.1' is not an IP address or CIDR block",
    })
    void refuses(String list, String message) {
        assertThatThrownBy(() -> TrustedProxies.parse(list)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void noneTrustsNobody() {
        assertThat(TrustedProxies.NONE.contains("127.0.0.1")).isFalse();
    }
}
