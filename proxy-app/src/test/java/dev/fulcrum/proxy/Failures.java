package dev.fulcrum.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpException;

/** The failures a backend exchange ends with, by a short name for table rows, as Jetty wraps them. */
final class Failures {

    private Failures() {
    }

    static Throwable named(String name) {
        Throwable failure = switch (name) {
            case "refused" -> new ConnectException("Connection refused");
            case "connect-timeout" -> new SocketTimeoutException("Connect timeout");
            case "timeout" -> new TimeoutException("Total timeout 30000 ms elapsed");
            case "malformed" -> new BadMessageException("Bad status");
            case "head-too-large" -> new HttpException.RuntimeException(200, "Response Header Bytes Too Large");
            case "body-too-large" -> new HttpException.RuntimeException(413, "chunked body larger than --max-body");
            case "reset" -> new IOException("Connection reset by peer");
            case "eof" -> new EOFException("early EOF");
            case "tls-untrusted" -> new SSLHandshakeException("PKIX path building failed");
            default -> throw new IllegalArgumentException(name);
        };
        // As Jetty hands them on: the cause of the exchange's own failure.
        return new IOException("exchange failed", failure);
    }
}
