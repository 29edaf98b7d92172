package dev.fulcrum.bench;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The floor under Fulcrum's data path: Jetty's {@code ProxyServlet} with nothing but a round-robin
 * {@code rewriteTarget}, on Jetty's and the JVM's defaults. No health checks, retries, limits, error bodies or access
 * log. Measured with the same harness as Fulcrum, it shows how much of the gap to HAProxy is the servlet proxy itself
 * and how much is Fulcrum's own work.
 *
 * <p>Two switches measure the structural alternative to the blocking servlet: {@code --async} uses
 * {@code AsyncProxyServlet} (non-blocking reads and writes on the client side), and {@code --non-blocking-client}
 * declares the backend client's callbacks non-blocking, so that Jetty runs backend responses on the selector thread
 * instead of handing each to a pool thread. The second is only safe together with the first.
 *
 * <p>{@code bench/bare-proxyservlet.sh PORT [--async] [--non-blocking-client] BACKEND_URL...}
 */
public final class BareProxyServletBaseline {

    private BareProxyServletBaseline() {
    }

    public static void main(String[] args) throws Exception {
        List<String> backends = new ArrayList<>(List.of(args).subList(Math.min(1, args.length), args.length));
        boolean async = backends.remove("--async");
        boolean nonBlockingClient = backends.remove("--non-blocking-client");
        if (backends.isEmpty()) {
            System.err.println("usage: BareProxyServletBaseline PORT [--async] [--non-blocking-client] BACKEND_URL...");
            System.exit(2);
        }
        AtomicInteger next = new AtomicInteger();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder proxy = new ServletHolder(async
                ? new AsyncProxyServlet() {
                    @Override
                    protected String rewriteTarget(HttpServletRequest clientRequest) {
                        return target(backends, next, clientRequest);
                    }

                    @Override
                    protected HttpClient newHttpClient(ClientConnector clientConnector) {
                        return client(clientConnector, nonBlockingClient);
                    }
                }
                : new ProxyServlet() {
                    @Override
                    protected String rewriteTarget(HttpServletRequest clientRequest) {
                        return target(backends, next, clientRequest);
                    }

                    @Override
                    protected HttpClient newHttpClient(ClientConnector clientConnector) {
                        return client(clientConnector, nonBlockingClient);
                    }
                });
        proxy.setInitParameter("preserveHost", "true");
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        server.setHandler(context);
        server.start();
        server.join();
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
}
