package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.RawHttp;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Uploads with {@code Expect: 100-continue}, as curl sends for bodies over 1 MB and many SDKs for every upload: the
 * backend may answer the expectation, refuse the upload early, or just wait for the body (RFC 9110 allows each), and
 * in none of these cases does the client wait on a 100 that never comes.
 */
class ExpectContinueTest {

    private TestProxy proxy;
    private RecordingBackend backend;
    private RecordingBackend other;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (RecordingBackend b : new RecordingBackend[] {backend, other}) {
            if (b != null) {
                b.close();
            }
        }
    }

    @Test
    void anUploadToABackendThatNeverAnswers100CompletesWellUnderTheBackendTimeout() throws Exception {
        backend = new RecordingBackend();
        // The backend timeout is far beyond the wait below: only waiting for it fails this, not a busy machine.
        proxy = TestProxy.start(TestProxy.settings(Duration.ofSeconds(120)), backend.port());
        byte[] body = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(body);

        CompletableFuture<RawHttp.Reply> upload = CompletableFuture.supplyAsync(() -> {
            try (Socket socket = RawHttp.connect(proxy.port())) {
                RawHttp.send(socket, "POST /upload HTTP/1.1\r\nHost: example.test\r\nContent-Length: " + body.length
                        + "\r\nExpect: 100-continue\r\n\r\n");
                // As curl does: the body goes once the 100 has come (curl would also send it after a second anyway).
                RawHttp.Reply interim = RawHttp.read(socket, false);
                assertThat(interim.status()).isEqualTo(100);
                socket.getOutputStream().write(body);
                return RawHttp.read(socket, false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofSeconds(60)).until(upload::isDone);
        assertThat(upload.join().status()).isEqualTo(200);
        assertThat(backend.requests()).singleElement().asString().contains("\r\nExpect: 100-continue");
        assertThat(backend.bodies().get(0)).isEqualTo(body);
        assertThat(proxy.strikes()).isEmpty();
    }

    @Test
    void aBackendsEarly417ReachesTheClientAndCountsForNothing() throws Exception {
        backend = RecordingBackend.answeringTheHead("HTTP/1.1 417 Expectation Failed\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 12\r\nConnection: close\r\n\r\nnot from me\n");
        other = new RecordingBackend();
        proxy = TestProxy.start(backend.port(), other.port());

        try (Socket socket = RawHttp.connect(proxy.port())) {
            RawHttp.send(socket, "POST /upload HTTP/1.1\r\nHost: example.test\r\nContent-Length: 2097152\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            RawHttp.Reply reply = RawHttp.read(socket, false);

            assertThat(reply.status()).isEqualTo(417);
            assertThat(reply.body()).isEqualTo("not from me\n");
        }
        assertThat(backend.requests()).hasSize(1);
        assertThat(other.connections()).as("connections to the other backend (a retry)").isZero();
        assertThat(proxy.budget().retries()).isZero();
        assertThat(proxy.strikes()).as("passive-health strikes").isEmpty();
    }

    @ParameterizedTest(name = "Expect {0}, content {1}, {2} -> {3}")
    @CsvSource(nullValues = "none", value = {
        "none,         true,  HTTP/1.1, NONE",
        "none,         false, HTTP/1.1, NONE",
        "100-continue, true,  HTTP/1.1, FORWARDED",
        "100-continue, true,  HTTP/2.0, FORWARDED",
        "100-continue, false, HTTP/1.1, IGNORED",
        "100-continue, true,  HTTP/1.0, IGNORED",
        "100-continue, false, HTTP/1.0, IGNORED",
    })
    void anExpectationIsForwardedOnlyWhenThereIsABodyToHoldBack(String expect, boolean hasContent, String protocol,
                                                                ExpectContinue.Handling handling) {
        assertThat(ExpectContinue.handling(expect, hasContent, protocol)).isEqualTo(handling);
    }
}
