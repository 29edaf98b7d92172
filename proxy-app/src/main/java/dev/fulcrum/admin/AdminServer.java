package dev.fulcrum.admin;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.ParsedEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The admin HTTP server: the admin page at {@code /}, the REST API under {@code /api}, the metrics at {@code /metrics}
 * and the balancer's own liveness at {@code /healthz}, on its own port (loopback by default) so that the proxy port never exposes the control plane;
 * over TLS with {@code --admin-tls}, so that a token sent from another host does not travel in clear text.
 * It only wires Javalin: the security filters ({@link SecurityHeaders}, {@link BearerTokenCheck} or
 * {@link LoopbackHostCheck}, {@link CrossOriginProtection}, {@link MethodOverrideRefusal}, {@link MalformedQuery},
 * {@link JsonBodyRequirement}), the {@link RouteGroup}s it is given, and the one error mapping ({@link ApiErrors},
 * and {@link AdminErrorHandler} for what Jetty refuses before Javalin sees it).
 */
public final class AdminServer implements AutoCloseable {

    /** Jetty's budget for the request line and headers together: a URI past it is 414, headers past it 431. */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    /** The request line shares {@link #MAX_HEADER_BYTES}; this is the most its URI can take. */
    static final int MAX_URI_BYTES = MAX_HEADER_BYTES;

    /** Where the admin-ui module keeps the page on the classpath. */
    static final String UI_RESOURCES = "/dev/fulcrum/admin/ui";

    /** Where the page loads uPlot from: the WebJar's files as it ships them ({@code /vendor/uplot/dist/...}). */
    static final String UPLOT_PATH = "/vendor/uplot";

    /** The balancer's own liveness, for whatever runs it; answers without a token. */
    record Liveness(String status) {
    }

    private final Javalin app;
    private final QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    private final String host;
    private final int port;

    /**
     * @param tls the certificates and TLS settings to serve the port with ({@code --admin-tls}), or null for plain
     *     HTTP
     * @param routes the API's route groups, each added under its own paths
     */
    public AdminServer(AdminSettings settings, SslContextFactory.Server tls, List<RouteGroup> routes) {
        this.host = settings.host();
        this.port = settings.port();
        JsonReplies json = new JsonReplies();
        OpenApiDocument document = OpenApiDocument.load(json.mapper());
        AdminErrorHandler jettyErrors = new AdminErrorHandler(json);
        this.app = Javalin.create(config -> {
            threads.setName("fulcrum-admin");
            config.jetty.threadPool = threads;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            if (tls != null) {
                // In place of Javalin's own plain connector, which it adds only when given none.
                config.jetty.addConnector((server, http) -> tlsConnector(server, http, tls));
            }
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = RequestBody.MAX_BYTES;

            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = UI_RESOURCES;
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            // uPlot, as its WebJar ships it, under a path without its version, so the page need not know it.
            config.staticFiles.add(files -> {
                files.hostedPath = UPLOT_PATH;
                files.directory = WebJar.directory("org.webjars.npm", "uplot");
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            config.routes.before(new SecurityHeaders());
            config.routes.get("/healthz", ctx -> json.send(ctx, 200, new Liveness("ok")));
            config.routes.before("/api/*", new Authors());
            if (!settings.tokens().isEmpty()) {
                BearerTokenCheck tokenCheck = new BearerTokenCheck(settings.tokens());
                config.routes.before("/api/*", tokenCheck);
                config.routes.before(MetricsRoutes.PATH, tokenCheck);
            } else {
                config.routes.before(new LoopbackHostCheck());
            }
            config.routes.before(new CrossOriginProtection());
            config.routes.before(new MethodOverrideRefusal());
            config.routes.before(new MalformedQuery());
            config.routes.before("/api/*", new JsonBodyRequirement());
            config.routes.get("/api/openapi.json", ctx ->
                    ctx.status(200).contentType("application/json").result(document.bytes()));
            for (RouteGroup group : routes) {
                group.addTo(config.routes, json);
            }
            ApiErrors.addTo(config.routes, json);
        });
        List<String> disagreements = OpenApiDocument.disagreements(routes(), document.operations());
        if (!disagreements.isEmpty()) {
            throw new IllegalStateException("the admin API and its OpenAPI document disagree: " + disagreements);
        }
    }

    /** TLS, then HTTP/1.1; the certificate need not name the host a client asks for (an admin may use an address). */
    private ServerConnector tlsConnector(Server server, HttpConfiguration http, SslContextFactory.Server tls) {
        http.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    public void start() {
        app.start(host, port);
    }

    public int port() {
        return app.port();
    }

    /** The server's thread pool, for its metrics. */
    public QueuedThreadPool threadPool() {
        return threads;
    }

    @Override
    public void close() {
        app.stop();
    }

    /** The routes Javalin serves, as {@code METHOD /path}: request methods only, not filters. */
    private Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        for (ParsedEndpoint parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            if (parsed.endpoint.method.isHttpMethod()) {
                routes.add(parsed.endpoint.method.name() + " " + parsed.endpoint.path);
            }
        }
        return routes;
    }
}
