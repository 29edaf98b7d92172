package dev.fulcrum.bench;

import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor under Fulcrum's data path: Jetty's proxies with nothing but a round-robin choice of backend, on Jetty's and
 * the JVM's defaults. No health checks, retries, limits, error bodies or access log. Measured with the same harness as
 * Fulcrum, it shows how much of the gap to HAProxy is the proxy engine itself and how much is Fulcrum's own work.
 *
 * <p>The variants, one per run ({@code bench/bare-proxyservlet.sh PORT [VARIANT] BACKEND_URL...}):
 * <ul>
 *   <li>(none): {@code ProxyServlet}, blocking I/O on request threads;</li>
 *   <li>{@code --async}: {@code AsyncProxyServlet}, non-blocking reads and writes on request threads, optionally with
 *       {@code --non-blocking-client}: backend callbacks declared non-blocking, so they run on the client's selector;</li>
 *   <li>{@code --non-blocking}: the whole exchange on selector threads: {@code AsyncProxyServlet} with a non-blocking
 *       client, the servlet context declared {@code NON_BLOCKING} (so Jetty's adaptive strategy runs each request on
 *       the selector that read it), the write listener set while the request is dispatched (so the first response
 *       chunk wakes no thread), and a connection whose response completed on another thread resumed there instead of
 *       on the pool;</li>
 *   <li>{@code --core}: Jetty's core {@code ProxyHandler.Reverse} with a non-blocking client: the ceiling of a Jetty
 *       proxy without the servlet layer.</li>
 * </ul>
 */
public final class BareProxyServletBaseline {

    private BareProxyServletBaseline() {
    }

    public static void main(String[] args) throws Exception {
        List<String> backends = new ArrayList<>(List.of(args).subList(Math.min(1, args.length), args.length));
        boolean async = backends.remove("--async");
        boolean nonBlockingClient = backends.remove("--non-blocking-client");
        boolean nonBlocking = backends.remove("--non-blocking");
        boolean core = backends.remove("--core");
        if (backends.isEmpty()) {
            System.err.println("usage: BareProxyServletBaseline PORT [--async [--non-blocking-client] | --non-blocking"
                    + " | --core] BACKEND_URL...");
            System.exit(2);
        }
        AtomicInteger next = new AtomicInteger();
        QueuedThreadPool threads = nonBlocking ? new ResumingThreadPool() : new QueuedThreadPool();
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        if (core) {
            server.setHandler(coreProxy(backends, next));
        } else {
            ServletContextHandler context = nonBlocking ? new NonBlockingContext() : new ServletContextHandler();
            ServletHolder proxy = new ServletHolder(servlet(backends, next, async, nonBlockingClient, nonBlocking));
            proxy.setInitParameter("preserveHost", "true");
            proxy.setAsyncSupported(true);
            context.addServlet(proxy, "/*");
            server.setHandler(context);
        }
        server.start();
        server.join();
    }

    private static jakarta.servlet.Servlet servlet(List<String> backends, AtomicInteger next, boolean async,
                                                   boolean nonBlockingClient, boolean nonBlocking) {
        if (nonBlocking) {
            return new EarlyWriterProxyServlet(backends, next);
        }
        if (async) {
            return new AsyncProxyServlet() {
                @Override
                protected String rewriteTarget(HttpServletRequest clientRequest) {
                    return target(backends, next, clientRequest);
                }

                @Override
                protected HttpClient newHttpClient(ClientConnector clientConnector) {
                    return client(clientConnector, nonBlockingClient);
                }
            };
        }
        return new ProxyServlet() {
            @Override
            protected String rewriteTarget(HttpServletRequest clientRequest) {
                return target(backends, next, clientRequest);
            }

            @Override
            protected HttpClient newHttpClient(ClientConnector clientConnector) {
                return client(clientConnector, nonBlockingClient);
            }
        };
    }

    private static Handler coreProxy(List<String> backends, AtomicInteger next) {
        return new ProxyHandler.Reverse(clientRequest -> {
            HttpURI uri = clientRequest.getHttpURI();
            String base = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
            return HttpURI.build(base + uri.getPathQuery());
        }) {
            @Override
            protected HttpClient newHttpClient() {
                return client(new ClientConnector(), true);
            }

            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        };
    }

    private static String target(List<String> backends, AtomicInteger next, HttpServletRequest clientRequest) {
        String base = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
        String query = clientRequest.getQueryString();
        return base + clientRequest.getRequestURI() + (query == null ? "" : "?" + query);
    }

    private static HttpClient client(ClientConnector clientConnector, boolean nonBlocking) {
        HttpClientTransportDynamic transport = new HttpClientTransportDynamic(clientConnector);
        if (nonBlocking) {
            transport.setInvocationType(InvocationType.NON_BLOCKING);
        }
        return new HttpClient(transport);
    }

    /** A servlet context whose requests never block, so Jetty may run them on the selector thread that read them. */
    private static final class NonBlockingContext extends ServletContextHandler {
        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /**
     * Runs a server connection that Jetty resumes after a response completed on another thread on the calling thread:
     * its next step is non-blocking (reading the next request head, or arming read interest), so the pool hand-off
     * buys nothing.
     */
    private static final class ResumingThreadPool extends QueuedThreadPool {
        @Override
        public void execute(Runnable task) {
            if (task instanceof HttpConnection) {
                task.run();
                return;
            }
            super.execute(task);
        }
    }

    /** {@code AsyncProxyServlet} whose write listener is set during dispatch, and which writes without a hand-off. */
    private static final class EarlyWriterProxyServlet extends AsyncProxyServlet {
        private static final String WRITER = EarlyWriterProxyServlet.class.getName() + ".writer";
        private final List<String> backends;
        private final AtomicInteger next;

        EarlyWriterProxyServlet(List<String> backends, AtomicInteger next) {
            this.backends = backends;
            this.next = next;
        }

        @Override
        protected String rewriteTarget(HttpServletRequest clientRequest) {
            return target(backends, next, clientRequest);
        }

        @Override
        protected HttpClient newHttpClient(ClientConnector clientConnector) {
            return client(clientConnector, true);
        }

        @Override
        protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                        Request proxyRequest) {
            try {
                Writer writer = new Writer(proxyResponse);
                clientRequest.setAttribute(WRITER, writer);
                proxyResponse.getOutputStream().setWriteListener(writer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            super.sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
        }

        @Override
        protected void onResponseContent(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                         Response serverResponse, byte[] buffer, int offset, int length,
                                         Callback callback) {
            ((Writer) clientRequest.getAttribute(WRITER)).write(buffer, offset, length, callback, serverResponse);
        }

        /** Writes one chunk at a time; a write that cannot complete now finishes in {@link #onWritePossible}. */
        private static final class Writer implements WriteListener {
            private final HttpServletResponse response;
            private Callback pending;
            private Response serverResponse;

            Writer(HttpServletResponse response) {
                this.response = response;
            }

            synchronized void write(byte[] buffer, int offset, int length, Callback callback, Response server) {
                serverResponse = server;
                try {
                    var out = response.getOutputStream();
                    if (!out.isReady()) {
                        throw new IllegalStateException("write pending");
                    }
                    out.write(buffer, offset, length);
                    if (out.isReady()) {
                        callback.succeeded();
                    } else {
                        pending = callback;
                    }
                } catch (Throwable x) {
                    callback.failed(x);
                    server.abort(x);
                }
            }

            @Override
            public void onWritePossible() {
                Callback callback;
                synchronized (this) {
                    callback = pending;
                    pending = null;
                }
                if (callback != null) {
                    callback.succeeded();
                }
            }

            @Override
            public void onError(Throwable failure) {
                Response server;
                synchronized (this) {
                    server = serverResponse;
                }
                if (server != null) {
                    server.abort(failure);
                }
            }
        }
    }
}
