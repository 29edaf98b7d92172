package dev.fulcrum.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.BackendRecord;
import dev.fulcrum.db.ConstraintViolationException;
import dev.fulcrum.db.DatabaseUnavailableException;
import dev.fulcrum.db.DuplicateBackendException;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.proxy.RetryBudget;
import dev.fulcrum.proxy.TrafficStats;
import dev.fulcrum.time.TimeSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server: the admin page at {@code /}, the REST API under {@code /api} and the balancer's own liveness
 * at {@code /healthz}, on its own port (loopback by default) so that the proxy port never exposes the control plane.
 *
 * <p>Every error, including Javalin's own 404/405/413 and Jetty's 400/414/431 raised before Javalin sees the request,
 * is answered as {@code {"error": "...", "field": "..."}}; an unexpected exception is logged here and reaches the
 * client only as a generic 500. A method is what the request line says ({@code X-HTTP-Method-Override} is refused),
 * and a page on another site cannot make a visitor's browser change anything ({@link CrossOriginProtection}).
 */
public final class AdminServer implements AutoCloseable {

    /** Larger request bodies are refused with 413 before they are parsed. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** Jetty's budget for the request line and headers together: a URI past it is 414, headers past it 431. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;

    /** The request line shares {@link #MAX_HEADER_BYTES}; this is the most its URI can take. */
    public static final int MAX_URI_BYTES = MAX_HEADER_BYTES;

    /** Javalin takes this header as the method; a method is what the request line says. */
    static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

    /** Where the admin-ui module keeps the page on the classpath. */
    static final String UI_RESOURCES = "/dev/fulcrum/admin/ui";

    /** Only the page's own files may run or load; nothing inline, nothing from elsewhere, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final Javalin app;
    private final ObjectMapper json;
    private final ErrorBodies errors;
    private final BackendService backends;
    private final BackendPool pool;
    private final BackendRequests requests;
    private final BearerTokenCheck tokenCheck;
    private final String host;
    private final int port;

    /**
     * @param token the admin token every {@code /api} call must present, or {@code null} for none (loopback only)
     */
    public AdminServer(AdminSettings settings, BackendService backends, BackendPool pool,
                       HistoryRoutes historyRoutes, TrafficStats traffic, RetryBudget retries, TimeSource time) {
        this.host = settings.host();
        this.port = settings.port();
        String token = settings.token();
        this.backends = backends;
        this.pool = pool;
        this.json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.errors = new ErrorBodies(json);
        this.requests = new BackendRequests(json);
        AdminErrorHandler jettyErrors = new AdminErrorHandler(errors);
        this.tokenCheck = token == null ? null : new BearerTokenCheck(token);
        this.app = Javalin.create(config -> {
            QueuedThreadPool threads = new QueuedThreadPool(16, 2);
            threads.setName("fulcrum-admin");
            config.jetty.threadPool = threads;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;

            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = UI_RESOURCES;
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            config.routes.before(ctx -> {
                ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.header("X-Frame-Options", "DENY");
            });
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            if (tokenCheck != null) {
                config.routes.before("/api/*", this::requireToken);
            } else {
                config.routes.before(AdminServer::requireLoopbackHost);
            }
            config.routes.before(AdminServer::refuseCrossOrigin);
            config.routes.before(AdminServer::refuseMethodOverride);
            config.routes.before(AdminServer::refuseMalformedQuery);
            config.routes.before("/api/*", AdminServer::requireJsonBody);
            config.routes.get("/api/openapi.json", this::openApi);
            config.routes.get("/api/backends", ctx -> respond(ctx, 200, views(this.backends.list())));
            config.routes.post("/api/backends", this::create);
            config.routes.get("/api/backends/{id}", ctx -> respond(ctx, 200, view(this.backends.get(id(ctx)))));
            config.routes.patch("/api/backends/{id}", this::update);
            config.routes.delete("/api/backends/{id}", this::delete);
            config.routes.get("/api/backends/{id}/health", ctx -> respond(ctx, 200, historyRoutes.checks(id(ctx),
                    ctx.queryParam("from"), ctx.queryParam("to"), ctx.queryParam("limit"))));
            config.routes.get("/api/backends/{id}/summary", ctx -> respond(ctx, 200,
                    historyRoutes.summary(id(ctx), ctx.queryParam("window"))));
            config.routes.post("/api/backends/{id}/probe", ctx -> respond(ctx, 200, historyRoutes.probeNow(id(ctx))));
            config.routes.get("/api/stats", ctx -> respond(ctx, 200,
                    Map.of("seconds", traffic.lastMinutes(time.epochSecond()),
                            "retries", retries.retries(), "retriesRefused", retries.refusedRetries())));
            config.routes.get("/api/events", ctx -> respond(ctx, 200, historyRoutes.events(
                    ctx.queryParam("backend"), ctx.queryParam("limit"), ctx.queryParam("before"))));

            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.field()));
            config.routes.exception(DuplicateBackendException.class, (e, ctx) ->
                    error(ctx, 409, "a backend with this " + e.field() + " already exists", e.field()));
            config.routes.exception(ConstraintViolationException.class, (e, ctx) -> {
                String field = "checkIntervalMs".equals(e.field()) ? "interval" : e.field();
                error(ctx, 400, e.getMessage().replace("checkIntervalMs", "interval"), field);
            });
            // Logged where it matters: a refused write by BackendReload, lost history by the HistoryWriter.
            config.routes.exception(DatabaseUnavailableException.class, (e, ctx) -> error(ctx, 503,
                    isRead(ctx) ? "database unavailable" : "database unavailable; the change was not applied", null));
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    error(ctx, e.getStatus(), javalinMessage(e), null));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("admin API: {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error", null);
            });
        });
    }

    public void start() {
        app.start(host, port);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    /** A change must come from this server's own page or from a tool, never from another site's page. */
    private static void refuseCrossOrigin(Context ctx) {
        String refusal = CrossOriginProtection.refusal(ctx.req().getMethod(), ctx.header("Sec-Fetch-Site"),
                ctx.header("Origin"), ctx.header("Host"));
        if (refusal != null) {
            throw new ApiError(403, refusal, null);
        }
    }

    private static void refuseMethodOverride(Context ctx) {
        if (ctx.header(METHOD_OVERRIDE) != null) {
            throw new ApiError(400, METHOD_OVERRIDE + " is not supported: send the method in the request line",
                    METHOD_OVERRIDE);
        }
    }

    private static void refuseMalformedQuery(Context ctx) {
        String broken = MalformedQuery.firstBrokenParameter(ctx.queryString());
        if (broken != null) {
            String name = broken.split("=", 2)[0];
            throw ApiError.badField(name.indexOf('%') >= 0 ? null : name, "malformed query: '"
                    + (broken.length() > 40 ? broken.substring(0, 40) + "..." : broken)
                    + "' has a '%' that is not followed by two hex digits");
        }
    }

    private static boolean isRead(Context ctx) {
        String method = ctx.req().getMethod();
        return method.equals("GET") || method.equals("HEAD");
    }

    private void requireToken(Context ctx) {
        if (!tokenCheck.accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "missing or wrong admin token: send Authorization: Bearer TOKEN", null);
        }
    }

    /**
     * Without a token, only a browser that addressed this server by a loopback name may use it: a page that
     * rebinds its own host name to 127.0.0.1 (DNS rebinding) still sends its own name as Host and is refused.
     */
    private static void requireLoopbackHost(Context ctx) {
        String host = ctx.host();
        String name = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(java.util.Locale.ROOT);
        if (!(name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]"))) {
            throw new ApiError(403,
                    "without an admin token the admin server answers only to localhost, 127.0.0.1 or [::1]", null);
        }
    }

    /**
     * A request body must be declared JSON. Browsers send other types cross-site without asking first (a "simple"
     * request); JSON makes them ask (CORS preflight), and this server never says yes, so another site's page cannot
     * change backends through a visitor's browser.
     */
    private static void requireJsonBody(Context ctx) {
        boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
        String type = ctx.header("Content-Type");
        if (hasBody && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))) {
            throw new ApiError(415, "send the body as Content-Type: application/json", null);
        }
    }

    private void create(Context ctx) {
        BackendRecord stored = backends.create(requests.parseCreate(body(ctx)));
        ctx.header("Location", "/api/backends/" + stored.id());
        respond(ctx, 201, view(stored));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        byte[] body = body(ctx);
        BackendRecord stored = backends.update(id, requests.parsePatch(body));
        respond(ctx, 200, view(stored));
    }

    private void delete(Context ctx) {
        backends.delete(id(ctx));
        ctx.status(204);
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = Objects.requireNonNull(
                AdminServer.class.getResourceAsStream("openapi.json"), "openapi.json on the classpath")) {
            ctx.status(200).contentType("application/json").result(in.readAllBytes());
        }
    }

    private List<BackendView> views(List<BackendRecord> records) {
        return records.stream().map(this::view).toList();
    }

    private BackendView view(BackendRecord record) {
        return BackendView.of(record, pool.health(record.id()));
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // handled below: an id that is not a number names no backend
        }
        throw new ApiError(404, "no backend with id " + raw, "id");
    }

    /** Reads the request body, refusing more than {@link #MAX_BODY_BYTES} whether or not a length was declared. */
    private static byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw new ApiError(413, "request body larger than " + MAX_BODY_BYTES + " bytes", null);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiError(413, "request body larger than " + MAX_BODY_BYTES + " bytes", null);
            }
            return body;
        } catch (IOException | HttpException.RuntimeException e) {
            // A bad chunk, a body cut short or one that stalled: the client's request is at fault, not the server.
            throw new ApiError(400, "malformed or incomplete request body", null);
        }
    }

    private void respond(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render response", e);
        }
    }

    private void error(Context ctx, int status, String message, String field) {
        ctx.status(status).contentType("application/json").result(errors.of(message, field));
    }

    private static String javalinMessage(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 413 -> "request body larger than " + MAX_BODY_BYTES + " bytes";
            default -> e.getMessage();
        };
    }
}
