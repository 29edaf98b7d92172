package dev.fulcrum.proxy.connection;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The proxy server's thread pool, which runs a client connection that Jetty resumes on the thread that asks, instead
 * of handing it to another thread.
 *
 * <p>When a response completes on a thread other than the one that read its request (always so for a proxy: the
 * backend's answer completes it), Jetty's HTTP/1.1 connection resumes by executing itself on the pool, to read the
 * client's next request; usually there is none yet, and the pool thread only arms read interest again. Every step of
 * that is non-blocking on the proxy port (its handlers are declared so, see {@code ProxyServer}), so the hand-off
 * buys nothing and costs a context switch per request on a busy core: the connection is run where the completion
 * happened. Any other task goes to the pool as usual.
 */
public final class ResumingThreadPool extends QueuedThreadPool {

    @Override
    public void execute(Runnable task) {
        if (task instanceof HeadTimeoutConnection connection) {
            connection.run();
            return;
        }
        super.execute(task);
    }
}
