package dev.fulcrum.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.AsyncContent;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** A client's body read by attempts, kept for a replay within its limit, with Jetty's own content source as client. */
class ReplayableBodyTest {

    private final AsyncContent client = new AsyncContent();
    private final RecordedProgress progress = new RecordedProgress();

    @Test
    void aBodyWithinTheLimitIsReadFromTheClientOnceAndReplayedWhole() {
        ReplayableBody body = new ReplayableBody(client, 10, 64, progress);
        ReplayableBody.Attempt first = body.attempt(() -> { });
        send("hello", false);
        assertThat(drain(first)).isEqualTo("hello");
        send("world", true);
        assertThat(drain(first)).isEqualTo("world");

        ReplayableBody.Attempt second = body.attempt(() -> { });

        assertThat(drain(second)).isEqualTo("helloworld");
        assertThat(progress.lost).isFalse();
        assertThat(progress.sentToEnd).isEqualTo(2);
    }

    @Test
    void aReplayCatchesUpAndThenReadsWhatTheClientSendsNext() {
        ReplayableBody body = new ReplayableBody(client, -1, 64, progress);
        ReplayableBody.Attempt first = body.attempt(() -> { });
        send("abc", false);
        assertThat(drain(first)).isEqualTo("abc");

        ReplayableBody.Attempt second = body.attempt(() -> { });
        assertThat(drain(second)).isEqualTo("abc");
        send("def", true);

        assertThat(drain(second)).isEqualTo("def");
        assertThat(drain(body.attempt(() -> { }))).isEqualTo("abcdef");
    }

    @Test
    void bytesPastTheLimitArePassedOnUnkeptAndNoLaterAttemptCanHaveTheBody() {
        ReplayableBody body = new ReplayableBody(client, 12, 8, progress);
        ReplayableBody.Attempt first = body.attempt(() -> { });
        send("12345", false);
        send("6789ab", true);

        assertThat(drain(first)).isEqualTo("123456789ab");
        assertThat(progress.lost).isTrue();
        Content.Chunk replay = body.attempt(() -> { }).read();
        assertThat(Content.Chunk.isFailure(replay)).isTrue();
    }

    @Test
    void waitingForTheClientWakesTheNewestAttemptOnly() {
        ReplayableBody body = new ReplayableBody(client, -1, 64, progress);
        ReplayableBody.Attempt first = body.attempt(() -> { });
        AtomicInteger firstWoken = new AtomicInteger();
        assertThat(first.read()).isNull();
        first.demand(firstWoken::incrementAndGet);
        assertThat(progress.awaiting).isTrue();

        ReplayableBody.Attempt second = body.attempt(() -> { });
        AtomicInteger secondWoken = new AtomicInteger();
        second.demand(secondWoken::incrementAndGet);
        send("x", false);

        assertThat(firstWoken).hasValue(0);
        assertThat(secondWoken).hasValue(1);
        assertThat(progress.awaiting).isFalse();
        assertThat(drain(second)).isEqualTo("x");
    }

    @Test
    void eachPieceFromTheClientCountsAsActivityForTheAttemptThatReadIt() {
        ReplayableBody body = new ReplayableBody(client, -1, 64, progress);
        AtomicInteger activity = new AtomicInteger();
        ReplayableBody.Attempt attempt = body.attempt(activity::incrementAndGet);
        send("a", false);
        drain(attempt);
        send("b", false);
        drain(attempt);

        assertThat(activity).hasValue(2);
    }

    @Test
    void aClientWhoseBodyFailsIsToldToTheExchangeAndEndsTheAttempt() {
        ReplayableBody body = new ReplayableBody(client, 100, 64, progress);
        ReplayableBody.Attempt attempt = body.attempt(() -> { });
        EOFException gone = new EOFException("client gone");
        client.fail(gone);

        Content.Chunk chunk = attempt.read();

        assertThat(chunk.getFailure()).isSameAs(gone);
        assertThat(progress.clientFailure).isSameAs(gone);
        assertThat(progress.sentToEnd).isZero();
    }

    @Test
    void anAttemptsOwnFailureLeavesTheClientsBodyForTheNextAttempt() {
        ReplayableBody body = new ReplayableBody(client, -1, 64, progress);
        ReplayableBody.Attempt first = body.attempt(() -> { });
        send("kept", false);
        drain(first);
        first.fail(new EOFException("backend reset"));
        send("rest", true);

        assertThat(drain(body.attempt(() -> { }))).isEqualTo("keptrest");
        assertThat(progress.clientFailure).isNull();
    }

    private void send(String text, boolean last) {
        client.write(last, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
    }

    /** Everything the attempt can read now, up to the body's end or the first wait. */
    private static String drain(ReplayableBody.Attempt attempt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Content.Chunk chunk = attempt.read(); chunk != null; chunk = attempt.read()) {
            ByteBuffer buffer = chunk.getByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            out.writeBytes(bytes);
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                break;
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static final class RecordedProgress implements ReplayableBody.Progress {
        boolean awaiting;
        boolean lost;
        int sentToEnd;
        Throwable clientFailure;

        @Override
        public void awaitingClient(boolean value) {
            awaiting = value;
        }

        @Override
        public void passedUnkept() {
            lost = true;
        }

        @Override
        public void clientFailed(Throwable failure) {
            clientFailure = failure;
        }

        @Override
        public void sentToEnd() {
            sentToEnd++;
        }
    }
}
