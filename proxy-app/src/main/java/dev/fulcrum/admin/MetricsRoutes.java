package dev.fulcrum.admin;

import io.javalin.config.RoutesConfig;

/**
 * {@code GET /metrics}: everything Fulcrum measures, for Prometheus, under the same access rules as {@code /api}. The
 * format follows the scraper's {@code Accept}: OpenMetrics when it asks for it, else the Prometheus text format.
 */
public final class MetricsRoutes implements RouteGroup {

    /** Renders the metrics in the format the {@code Accept} header asks for. */
    public interface Scraper {
        Exposition scrape(String accept);
    }

    /** Metrics as written: their content type and bytes. */
    public record Exposition(String contentType, byte[] body) {
    }

    static final String PATH = "/metrics";

    private final Scraper scraper;

    public MetricsRoutes(Scraper scraper) {
        this.scraper = scraper;
    }

    @Override
    public void addTo(RoutesConfig routes, JsonReplies json) {
        routes.get(PATH, ctx -> {
            Exposition metrics = scraper.scrape(ctx.header("Accept"));
            ctx.status(200).contentType(metrics.contentType()).header("Cache-Control", "no-store")
                    .result(metrics.body());
        });
    }
}
