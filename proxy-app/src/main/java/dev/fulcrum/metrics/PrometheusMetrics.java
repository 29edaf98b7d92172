package dev.fulcrum.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * Fulcrum's metrics registry: Micrometer's Prometheus registry with the JVM's and the process's binders, the Jetty
 * thread pools the composition root hands it, the counters it wires to each part ({@link #counter}, {@link #gauge},
 * {@link #timer}), and the backends' meters ({@link BackendMetrics}). Scraped by {@code GET /metrics} in the
 * Prometheus text format, or OpenMetrics when the scraper asks for it.
 *
 * <p>Micrometer names ({@code fulcrum.backend.requests}) are written the Prometheus way
 * ({@code fulcrum_backend_requests_total}), in base units (seconds, bytes).
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** The Prometheus text format, version 0.0.4. */
    public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0.0, for a scraper that asks for it in {@code Accept}. */
    public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** One scrape: its content type and body. */
    public record Scrape(String contentType, byte[] body) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Micrometer holds a function meter's source weakly: these keep the suppliers as long as the registry. */
    private final List<LongSupplier> sources = new CopyOnWriteArrayList<>();

    public PrometheusMetrics() {
        // Pause detection would start a thread and add work to every timed request.
        registry.config().pauseDetector(new NoPauseDetector());
        // Two of the processor binder's names break Prometheus's naming rules (promtool: an abbreviated unit, a
        // gauge ending in _count); process_cpu_usage and system_cpu_usage say what they would.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * A counter read from a part's own count when scraped, e.g. {@code fulcrum.retries}.
     *
     * @param tags label names and values, in pairs
     */
    public void counter(String name, String description, LongSupplier count, String... tags) {
        sources.add(count);
        FunctionCounter.builder(name, count, LongSupplier::getAsLong).description(description).tags(tags)
                .register(registry);
    }

    /** A gauge read from a supplier when scraped. */
    public void gauge(String name, String description, LongSupplier value) {
        Gauge.builder(name, value, LongSupplier::getAsLong).description(description).strongReference(true)
                .register(registry);
    }

    /** A timer of events counted and added up elsewhere (exported with {@code _count} and {@code _sum}). */
    public void timer(String name, String description, LongSupplier count, LongSupplier totalNanos) {
        sources.add(count);
        sources.add(totalNanos);
        FunctionTimer.builder(name, count, c -> c.getAsLong(), c -> totalNanos.getAsLong(), TimeUnit.NANOSECONDS)
                .description(description).register(registry);
    }

    /** The busy, idle and queued figures of one of Fulcrum's Jetty thread pools, tagged {@code pool=NAME}. */
    public void threadPool(ThreadPool threads, String name) {
        new JettyServerThreadPoolMetrics(threads, Tags.of("pool", name)).bindTo(registry);
    }

    /**
     * Everything, in OpenMetrics when {@code accept} names {@code application/openmetrics-text} (as Prometheus does
     * when it scrapes), else in the Prometheus text format.
     */
    public Scrape scrape(String accept) {
        String type = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS : TEXT;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            registry.scrape(out, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scrape(type, out.toByteArray());
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
