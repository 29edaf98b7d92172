package dev.fulcrum.proxy.connection;

import dev.fulcrum.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 408 to clients whose request head has not fully arrived within the header timeout, and so closes their
 * connections: the defence against slow-loris clients that would otherwise hold connections open by trickling bytes.
 *
 * <p>One task, rescheduled on the server's {@link Scheduler}, walks the connector's open connections a few times per
 * timeout; a request on the fast path never touches a timer. A head is therefore answered between one and
 * {@code 1 + 1/}{@value #SWEEPS_PER_TIMEOUT} header timeouts after its first byte. The walk runs on the server's
 * thread pool, not on the scheduler thread that also runs every connection's idle timeout.
 */
public final class HeadTimeoutSweeper extends AbstractLifeCycle {

    static final int SWEEPS_PER_TIMEOUT = 5;
    private static final long MIN_PERIOD_MILLIS = 20;
    private static final long MAX_PERIOD_MILLIS = 1000;

    private static final Logger log = LoggerFactory.getLogger(HeadTimeoutSweeper.class);

    private final AbstractConnector connector;
    private final TimeSource time;
    private final long timeoutNanos;
    private final long periodMillis;
    private volatile Scheduler.Task next;

    public HeadTimeoutSweeper(AbstractConnector connector, Duration headerTimeout, TimeSource time) {
        this.connector = connector;
        this.time = time;
        this.timeoutNanos = headerTimeout.toNanos();
        this.periodMillis = Math.max(MIN_PERIOD_MILLIS,
                Math.min(MAX_PERIOD_MILLIS, headerTimeout.toMillis() / SWEEPS_PER_TIMEOUT));
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            next = connector.getScheduler().schedule(() -> connector.getExecutor().execute(this::sweepAndReschedule),
                    periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void sweepAndReschedule() {
        try {
            long start = time.nanoTime();
            int expired = sweep(start);
            if (expired > 0) {
                // One line per sweep, however many clients it caught, so a flood of slow clients cannot flood the log.
                log.info("answered 408 to {} client(s) whose request head took longer than {} ms ({} ms to answer)",
                        expired, TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                        TimeUnit.NANOSECONDS.toMillis(time.nanoTime() - start));
            }
        } catch (RuntimeException e) {
            log.warn("header timeout sweep failed; trying again next period", e);
        } finally {
            schedule();
        }
    }

    /** @return how many heads this sweep claimed for a 408 */
    int sweep(long nowNanos) {
        long deadline = nowNanos - timeoutNanos;
        int expired = 0;
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            Connection http = endPoint.getConnection();
            if (http instanceof SslConnection tls) {
                // On a TLS port the HTTP connection reads the decrypted bytes of the TLS connection's end point.
                http = tls.getSslEndPoint().getConnection();
            }
            if (http instanceof HeadTimeoutConnection connection
                    && connection.expireHeadBegunBefore(deadline)) {
                expired++;
            }
        }
        return expired;
    }
}
