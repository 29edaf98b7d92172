package dev.fulcrum.proxy.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/",
        "/a%2Fb",
        "/a//b",
        "//x",
        "/a%25b",
        "/%e9",
        "/%c0%ae",
        "/a%5Cb",
        "/%2e",
        "/a/%2e%2e/b",
        "/..;/x",
        "/..",
        "/a/../../b",
        "/a;b=c/d",
        "/a:b@c!$&'()*+,;=-._~",
        "/%01%7f%FF",
        "/x?",
        "/x?a=b/c?d",
        "/x?a[]=1&b[x]=2",
        "/x?a=%00",
        "http://example.test",
        "http://example.test?q",
        "http://example.test/a%2Fb?q=%25",
        "*",
    })
    void passes(String target) {
        assertThat(RequestTarget.malformation("GET", target)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\u0000', value = {
        "/a\u0001b => character not allowed in a path",
        "/a\u007fb => character not allowed in a path",
        "/a\\b => character not allowed in a path",
        "/a\"b => character not allowed in a path",
        "/a<b> => character not allowed in a path",
        "/a^b => character not allowed in a path",
        "/a`b => character not allowed in a path",
        "/a{b} => character not allowed in a path",
        "/a|b => character not allowed in a path",
        "/x[1] => character not allowed in a path",
        "/a#fragment => character not allowed in a path",
        "/\u00e9 => character not allowed in a path",
        "/\u20ac => character not allowed in a path",
        "/a% => bad percent-encoding",
        "/a%2 => bad percent-encoding",
        "/a%zz => bad percent-encoding",
        "/a%u002e => bad percent-encoding",
        "/a%00b => encoded NUL in the path",
        "/x?a=%zz => bad percent-encoding",
        "/x?a=b% => bad percent-encoding",
        "/x?a|b => character not allowed in a query",
        "/x?a#b => character not allowed in a query",
        "/x?\u00e9 => character not allowed in a query",
        "http://h/a\\b => character not allowed in a path",
        "http://h?a=%g0 => bad percent-encoding",
    })
    void isRefused(String target, String reason) {
        assertThat(RequestTarget.malformation("GET", target)).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"CONNECT, example.test:443", "OPTIONS, *", "GET, example.test"})
    void leavesOtherFormsToJetty(String method, String target) {
        assertThat(RequestTarget.malformation(method, target)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1} and {2}")
    @CsvSource({
        "/..;/x?q=1,                    /,                    /..;/x?q=1",
        "/..,                           /,                    /..",
        "http://example.test/../x,      http://example.test/, /../x",
        "http://example.test:8080?q,    http://example.test:8080/, ?q",
    })
    void aStandInKeepsSchemeAndAuthority(String target, String standIn, String pathQuery) {
        assertThat(ClientTarget.standIn(target)).isEqualTo(standIn);
        assertThat(ClientTarget.pathQuery(target)).isEqualTo(pathQuery);
    }
}
