package dev.fulcrum.bench;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The floor under Fulcrum's data path: Jetty's {@code ProxyServlet} with nothing but a round-robin
 * {@code rewriteTarget}, on Jetty's and the JVM's defaults. No health checks, retries, limits, error bodies or access
 * log. Measured with the same harness as Fulcrum, it shows how much of the gap to HAProxy is the servlet proxy itself
 * and how much is Fulcrum's own work.
 *
 * <p>{@code bench/bare-proxyservlet.sh PORT BACKEND_URL...}
 */
public final class BareProxyServletBaseline {

    private BareProxyServletBaseline() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BareProxyServletBaseline PORT BACKEND_URL...");
            System.exit(2);
        }
        List<String> backends = List.of(args).subList(1, args.length);
        AtomicInteger next = new AtomicInteger();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder proxy = new ServletHolder(new ProxyServlet() {
            @Override
            protected String rewriteTarget(HttpServletRequest clientRequest) {
                String base = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
                String query = clientRequest.getQueryString();
                return base + clientRequest.getRequestURI() + (query == null ? "" : "?" + query);
            }
        });
        proxy.setInitParameter("preserveHost", "true");
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        server.setHandler(context);
        server.start();
        server.join();
    }
}
