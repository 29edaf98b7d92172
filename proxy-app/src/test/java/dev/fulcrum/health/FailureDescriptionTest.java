package dev.fulcrum.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Failures as the JDK and Jetty's client raise them, and the words a user reads for each. */
class FailureDescriptionTest {

    /** What Jetty's client wraps a parser's complaint in: a message naming its connection objects. */
    private static Throwable badResponse(String reason) {
        return new HttpResponseException("HTTP protocol violation: bad response on HttpConnectionOverHTTP@587310b5::"
                + "SocketChannelEndPoint@6d4b1c02{l=/127.0.0.1:40000,r=/127.0.0.1:5001}", null,
                new HttpException.RuntimeException(400, reason));
    }

    private static Throwable handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    static Stream<Arguments> failures() {
        return Stream.of(
            Arguments.of(new ConnectException("Connection refused"), false, "connection refused"),
            Arguments.of(new ExecutionException(new ConnectException("Connection refused")), false,
                    "connection refused"),
            Arguments.of(new ConnectException("Network is unreachable"), false, "network unreachable"),
            Arguments.of(new NoRouteToHostException("No route to host"), false, "no route to host"),
            Arguments.of(new UnknownHostException("nosuch.invalid: Name or service not known"), false,
                    "unknown host"),
            Arguments.of(new TimeoutException("Total timeout 2000 ms elapsed"), false, "timeout after 2s"),
            Arguments.of(new SocketTimeoutException("Connect Timeout"), false, "timeout after 2s while connecting"),
            Arguments.of(new SocketException("Connection reset"), false, "connection reset by the backend"),
            Arguments.of(new IOException("Broken pipe"), true, "connection reset by the backend"),
            Arguments.of(new EofException(), false, "connection closed before a response"),
            Arguments.of(new EofException("reset"), true, "connection closed before the response was complete"),
            Arguments.of(new ClosedChannelException(), false, "connection closed before a response"),
            Arguments.of(badResponse("Bad status"), false, "malformed response: invalid status line"),
            Arguments.of(badResponse("No Status"), false, "malformed response: invalid status line"),
            Arguments.of(badResponse("Illegal character VCHAR='<'"), false, "malformed response: invalid status line"),
            Arguments.of(badResponse("Illegal character CNTL=0x1"), true, "malformed response: invalid header"),
            Arguments.of(badResponse("Unknown Version"), false, "malformed response: not an HTTP/1.x response"),
            Arguments.of(badResponse("Multiple Content-Lengths"), true, "malformed response: invalid Content-Length"),
            Arguments.of(badResponse("Invalid Content-Length Value"), true,
                    "malformed response: invalid Content-Length"),
            Arguments.of(badResponse("Bad Transfer-Encoding, chunked not last"), true,
                    "malformed response: invalid Transfer-Encoding"),
            Arguments.of(badResponse("Response Header Bytes Too Large"), true,
                    "malformed response: response headers too large"),
            Arguments.of(badResponse("Early EOF"), true, "malformed response: response cut short"),
            Arguments.of(badResponse(null), false, "malformed response: invalid status line"),
            Arguments.of(handshake("PKIX path validation failed", new CertPathValidatorException(
                    "validity check failed", new CertificateExpiredException("NotAfter: Mon Jan 01 2024"))), false,
                    "TLS handshake failed: certificate expired"),
            Arguments.of(handshake("PKIX path validation failed", new CertPathValidatorException(
                    "validity check failed", new CertificateNotYetValidException("NotBefore: 2099"))), false,
                    "TLS handshake failed: certificate not yet valid"),
            Arguments.of(handshake("PKIX path validation failed", new CertPathValidatorException(
                    "Certificate has been revoked", null, null, -1,
                    CertPathValidatorException.BasicReason.REVOKED)), false,
                    "TLS handshake failed: certificate revoked"),
            Arguments.of(handshake("PKIX path building failed", new CertPathBuilderException(
                    "unable to find valid certification path to requested target")), false,
                    "TLS handshake failed: certificate not trusted"),
            Arguments.of(handshake("No subject alternative names matching IP address 127.0.0.1 found",
                    new CertificateException("No subject alternative names matching IP address 127.0.0.1 found")),
                    false, "TLS handshake failed: certificate does not match the host name"),
            Arguments.of(handshake("No name matching backend.example found",
                    new CertificateException("No name matching backend.example found")), false,
                    "TLS handshake failed: certificate does not match the host name"),
            Arguments.of(new SSLException("Unsupported or unrecognized SSL message"), false,
                    "TLS handshake failed: the backend did not answer in TLS (plain HTTP on an https:// URL?)"),
            Arguments.of(handshake("Received fatal alert: protocol_version", null), false,
                    "TLS handshake failed: no TLS version or cipher in common"),
            Arguments.of(handshake("Received fatal alert: handshake_failure", null), false,
                    "TLS handshake failed: no TLS version or cipher in common"),
            Arguments.of(handshake("Received fatal alert: bad_certificate", null), false,
                    "TLS handshake failed: the backend refused the client certificate"),
            Arguments.of(handshake("Remote host terminated the handshake", new EofException()), false,
                    "TLS handshake failed"),
            Arguments.of(new SSLException("Tag mismatch"), true, "TLS error"),
            Arguments.of(new IllegalArgumentException("Illegal character in path at index 27: http://h:1/a|b"),
                    false, "invalid health check URL"),
            Arguments.of(new IOException("something odd at sun.nio.ch.SocketChannelImpl@1f2e3d"), false,
                    "network error"),
            Arguments.of(new IllegalStateException("HttpClient@41a90fa8 is STOPPED"), false, "probe failed"),
            Arguments.of(new NullPointerException(), false, "probe failed"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("failures")
    void describesEachFailureInAUsersWords(Throwable failure, boolean statusReceived, String expected) {
        String described = FailureDescription.of(failure, statusReceived, Duration.ofSeconds(2));

        assertThat(described).isEqualTo(expected);
        assertThat(described).doesNotContain("@", "Exception", "org.", "java.", "sun.", "{");
    }
}
