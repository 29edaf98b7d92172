package dev.fulcrum.health;

import dev.fulcrum.lang.Causes;
import dev.fulcrum.values.Durations;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateRevokedException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.http.HttpException;

/**
 * Says in a few plain words why a request to a backend failed ({@code connection refused}, {@code timeout after 2s},
 * {@code malformed response: invalid status line}, {@code TLS handshake failed: certificate expired}), for the
 * probe's {@code lastError}, the history's events and the page.
 *
 * <p>The words are Fulcrum's own, chosen by the types in the failure's cause chain (and, where the JDK tells no more, by
 * a word in its messages); a message itself is never shown, since Jetty's name internal classes and connection
 * objects ({@code HttpConnectionOverHTTP@587310b5}), which mean nothing to a user.
 */
public final class FailureDescription {

    private FailureDescription() {
    }

    /**
     * @param statusReceived whether the backend's status line had been read when the request failed
     * @param timeout the timeout the request ran under, named when it is what ran out
     */
    public static String of(Throwable failure, boolean statusReceived, Duration timeout) {
        String tls = tls(failure);
        if (tls != null) {
            return tls;
        }
        HttpException malformed = find(failure, HttpException.class);
        if (malformed != null) {
            return "malformed response: " + malformed(malformed.getReason(), statusReceived);
        }
        if (find(failure, TimeoutException.class) != null) {
            return "timeout after " + Durations.format(timeout);
        }
        if (find(failure, SocketTimeoutException.class) != null) {
            return "timeout after " + Durations.format(timeout) + " while connecting";
        }
        if (find(failure, UnknownHostException.class) != null) {
            return "unknown host";
        }
        if (find(failure, NoRouteToHostException.class) != null) {
            return "no route to host";
        }
        if (find(failure, ConnectException.class) != null) {
            return messageContains(failure, "unreachable") ? "network unreachable" : "connection refused";
        }
        if (messageContains(failure, "connection reset") || messageContains(failure, "broken pipe")) {
            return "connection reset by the backend";
        }
        if (find(failure, EOFException.class) != null || find(failure, ClosedChannelException.class) != null) {
            return statusReceived ? "connection closed before the response was complete"
                    : "connection closed before a response";
        }
        if (find(failure, IllegalArgumentException.class) != null) {
            return "invalid health check URL";
        }
        return find(failure, IOException.class) != null ? "network error" : "probe failed";
    }

    /**
     * Why a TLS handshake or a TLS connection failed, in a user's words, or {@code null} when the failure is not a
     * TLS one.
     */
    public static String tls(Throwable failure) {
        SSLException ssl = find(failure, SSLException.class);
        if (ssl == null) {
            return null;
        }
        String prefix = "TLS handshake failed: ";
        if (find(failure, CertificateExpiredException.class) != null) {
            return prefix + "certificate expired";
        }
        if (find(failure, CertificateNotYetValidException.class) != null) {
            return prefix + "certificate not yet valid";
        }
        if (find(failure, CertificateRevokedException.class) != null || revoked(failure)) {
            return prefix + "certificate revoked";
        }
        if (messageContains(failure, "no subject alternative") || messageContains(failure, "no name matching")) {
            return prefix + "certificate does not match the host name";
        }
        if (find(failure, CertPathBuilderException.class) != null
                || find(failure, CertPathValidatorException.class) != null) {
            return prefix + "certificate not trusted";
        }
        if (messageContains(failure, "unrecognized ssl message") || messageContains(failure, "plaintext")) {
            return prefix + "the backend did not answer in TLS (plain HTTP on an https:// URL?)";
        }
        if (messageContains(failure, "protocol_version") || messageContains(failure, "handshake_failure")
                || messageContains(failure, "no appropriate protocol")
                || messageContains(failure, "no negotiable cipher")) {
            return prefix + "no TLS version or cipher in common";
        }
        if (messageContains(failure, "bad_certificate") || messageContains(failure, "certificate_required")) {
            return prefix + "the backend refused the client certificate";
        }
        return find(failure, SSLHandshakeException.class) != null ? "TLS handshake failed" : "TLS error";
    }

    private static boolean revoked(Throwable failure) {
        CertPathValidatorException validation = find(failure, CertPathValidatorException.class);
        return validation != null && validation.getReason() == CertPathValidatorException.BasicReason.REVOKED;
    }

    /** Jetty's parser reasons ("Bad status", "Illegal character VCHAR='x'", "Unknown Version") in a user's words. */
    private static String malformed(String reason, boolean statusReceived) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.contains("version")) {
            return "not an HTTP/1.x response";
        }
        if (r.contains("status")) {
            return "invalid status line";
        }
        if (r.contains("content-length")) {
            return "invalid Content-Length";
        }
        if (r.contains("transfer-encoding")) {
            return "invalid Transfer-Encoding";
        }
        if (r.contains("too large")) {
            return "response headers too large";
        }
        if (r.contains("early eof")) {
            return "response cut short";
        }
        if (r.contains("chunk")) {
            return "invalid chunked body";
        }
        return statusReceived ? "invalid header" : "invalid status line";
    }

    private static boolean messageContains(Throwable failure, String fragment) {
        return Causes.find(failure, t -> t.getMessage() != null
                && t.getMessage().toLowerCase(Locale.ROOT).contains(fragment)) != null;
    }

    private static <T> T find(Throwable failure, Class<T> type) {
        return Causes.find(failure, type);
    }
}
