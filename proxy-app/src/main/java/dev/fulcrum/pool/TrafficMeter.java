package dev.fulcrum.pool;

/**
 * Where one backend's finished requests and failures are counted for monitoring. Resolved once per backend when the
 * pool learns of it ({@link TrafficMeters}) and hung on the backend's {@link BackendLoad}, which survives routing-table
 * rebuilds, so the data path records through the route it already holds: no label lookup per request. Called on
 * selector threads: implementations must neither block, lock nor allocate.
 */
public interface TrafficMeter {

    /** Counts nothing: the meter of a pool without metrics, or of a backend it does not have. */
    TrafficMeter NONE = new TrafficMeter() {
        @Override
        public void completed(int status, long durationNanos, long bytesIn, long bytesOut) {
        }

        @Override
        public void retried() {
        }

        @Override
        public void connectFailed() {
        }

        @Override
        public void timedOut() {
        }
    };

    /**
     * A client request this backend served, or failed last, is over.
     *
     * @param status the status the client got
     * @param durationNanos from the request's first byte to the end of the response
     * @param bytesIn the request body's bytes read from the client
     * @param bytesOut the response body's bytes written to the client
     */
    void completed(int status, long durationNanos, long bytesIn, long bytesOut);

    /** A request failed on this backend and is tried again on another. */
    void retried();

    /** A connection to this backend could not be made (refused, unreachable, TLS handshake failed). */
    void connectFailed();

    /** This backend did not answer in time. */
    void timedOut();
}
