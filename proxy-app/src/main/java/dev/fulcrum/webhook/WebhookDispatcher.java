package dev.fulcrum.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.AttemptRecord;
import dev.fulcrum.db.DeliveryRecord;
import dev.fulcrum.db.NewDelivery;
import dev.fulcrum.db.WebhookRecord;
import dev.fulcrum.db.WebhookRepository;
import dev.fulcrum.health.FailureDescription;
import dev.fulcrum.health.HealthEvent;
import dev.fulcrum.health.HealthHistory;
import dev.fulcrum.health.ProbeResult;
import dev.fulcrum.logging.LogThrottle;
import dev.fulcrum.pool.Backend;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.values.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells webhooks about backend events, off every hot path. The checker and the admin API hand events over
 * ({@link HealthHistory}, {@link BackendNotices}) into a bounded queue and move on; one named thread
 * ({@value #THREAD}) makes each event a delivery per webhook that wants it, stores it before the first try, POSTs it
 * with a {@value #TIMEOUT_SECONDS} s timeout, and keeps each try's outcome. A failed delivery is tried again with
 * {@link Backoff exponential backoff} for 24 hours; since pending deliveries live in the database, a restart picks
 * them up where they were.
 *
 * <p>A flapping backend does not flood a receiver: the first event of a backend goes out at once, and later ones
 * within {@link #COALESCE_WINDOW} of the last delivery are folded into one delivery at the window's end, whose
 * payload says how many it stands for ({@link Payload}).
 *
 * <p>All timing runs on the injected {@link TimeSource}; the thread wakes every {@link #TICK} to look for what is due.
 */
public final class WebhookDispatcher implements HealthHistory, BackendNotices, AutoCloseable {

    static final String THREAD = "fulcrum-webhooks";
    static final int TIMEOUT_SECONDS = 5;
    static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);
    static final Duration COALESCE_WINDOW = Duration.ofSeconds(30);
    static final int QUEUE_CAPACITY = 10_000;
    static final int MAX_IN_FLIGHT = 8;
    static final Duration TICK = Duration.ofMillis(100);
    /** How long a try may be under way before its delivery is due again (after a crash mid-try, say). */
    static final Duration LEASE = TIMEOUT.multipliedBy(4);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int PRUNE_CHUNK = 1_000;

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookRepository repository;
    private final TimeSource time;
    private final Duration keepFinished;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService thread;
    private final HttpClient client;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedTries = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final LogThrottle dropWarnings;
    private final LogThrottle failureLog;

    // Only touched on the dispatcher's thread.
    private Map<Long, WebhookRecord> webhooks = Map.of();
    private final Set<Long> inFlight = new HashSet<>();
    private Instant nextDue;
    private Instant nextPrune;

    /** @param keepFinished how long delivered and failed deliveries are kept for {@code GET .../deliveries} */
    public WebhookDispatcher(WebhookRepository repository, TimeSource time, Duration keepFinished) {
        this.repository = repository;
        this.time = time;
        this.keepFinished = keepFinished;
        this.dropWarnings = new LogThrottle(Duration.ofMinutes(1), time);
        this.failureLog = new LogThrottle(Duration.ofMinutes(1), time);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD);
            t.setDaemon(true);
            return t;
        });
        QueuedThreadPool threads = new QueuedThreadPool(4, 1);
        threads.setName(THREAD + "-http");
        threads.setDaemon(true);
        this.client = new HttpClient();
        client.setExecutor(threads);
        client.setName(THREAD + "-client");
        client.setFollowRedirects(false);
        client.setConnectTimeout(TIMEOUT.toMillis());
    }

    /** Loads the webhooks and the pending deliveries' schedule, then looks for due deliveries every tick. */
    public void start() throws Exception {
        client.start();
        nextPrune = time.now();
        thread.execute(this::reload);
        thread.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void probed(ProbeResult result) {
    }

    /** An event without its backend names nothing a receiver could act on; every caller that has one passes it. */
    @Override
    public void changed(HealthEvent event) {
    }

    @Override
    public void changed(HealthEvent event, Backend backend) {
        WebhookEvent kind = WebhookEvent.of(event);
        if (kind != null) {
            submit(Notice.of(kind, backend, event.from().label(), event.to().label(), event.reason(), event.at()));
        }
    }

    @Override
    public void reconfigured(Backend before, Backend after, String fromState, String toState, String reason,
                             Instant at) {
        submit(Notice.of(WebhookEvent.CHANGED, after, fromState, toState, reason, at));
    }

    /** The webhooks were changed through the admin API: deliveries go by the stored ones from now on. */
    public void webhooksChanged() {
        run(this::reload);
    }

    /**
     * Stores a test event for {@code webhook}, due at once, whatever events it wants; called on the admin API's
     * thread, which answers with the delivery.
     */
    public DeliveryRecord sendTest(WebhookRecord webhook) {
        String id = UUID.randomUUID().toString();
        Instant now = time.now();
        DeliveryRecord delivery = repository.createDelivery(new NewDelivery(webhook.id(), id, Payload.TEST, null,
                Payload.test(id, now.toString()).json(json), now, now));
        run(() -> dueAt(now));
        return delivery;
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Deliveries a receiver took (2xx). */
    public long delivered() {
        return delivered.get();
    }

    /** Tries that failed (no answer, or not 2xx). */
    public long failedTries() {
        return failedTries.get();
    }

    /** Deliveries given up after 24 hours of failed tries. */
    public long givenUp() {
        return givenUp.get();
    }

    private void submit(Notice notice) {
        if (queued.incrementAndGet() > QUEUE_CAPACITY) {
            queued.decrementAndGet();
            long total = dropped.incrementAndGet();
            long heldBack = dropWarnings.tryLog();
            if (heldBack >= 0) {
                log.warn("webhook queue full: {} event(s) not delivered so far", total);
            }
            return;
        }
        run(() -> {
            queued.decrementAndGet();
            route(notice);
        });
    }

    /** Runs {@code task} on the dispatcher's thread, catching all, so that one failure stops nothing. */
    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    log.error("webhook dispatcher failed; it goes on with the next event", t);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("webhook dispatcher stopped; dropped a task");
        }
    }

    private void reload() {
        Map<Long, WebhookRecord> loaded = new LinkedHashMap<>();
        for (WebhookRecord webhook : repository.list()) {
            loaded.put(webhook.id(), webhook);
        }
        webhooks = loaded;
        nextDue = repository.nextDue().orElse(null);
    }

    /** Makes {@code notice} a delivery for each webhook that wants it, or folds it into one not tried yet. */
    private void route(Notice notice) {
        for (WebhookRecord webhook : webhooks.values()) {
            if (!webhook.enabled() || !WebhookEvent.parse(webhook.events()).contains(notice.event())) {
                continue;
            }
            Optional<DeliveryRecord> untried = repository.untried(webhook.id(), notice.backendId())
                    .filter(d -> !inFlight.contains(d.id()));
            if (untried.isPresent()) {
                Payload merged = Payload.parse(json, untried.get().payload()).with(notice);
                if (repository.merge(untried.get().id(), merged.event(), merged.json(json), merged.coalesced())) {
                    continue;
                }
            }
            Instant now = time.now();
            Instant due = repository.lastCreated(webhook.id(), notice.backendId())
                    .map(last -> last.plus(COALESCE_WINDOW)).filter(now::isBefore).orElse(now);
            String id = UUID.randomUUID().toString();
            repository.createDelivery(new NewDelivery(webhook.id(), id, notice.event().label(), notice.backendId(),
                    Payload.of(id, notice).json(json), now, due));
            dueAt(due);
        }
    }

    private void dueAt(Instant due) {
        if (nextDue == null || due.isBefore(nextDue)) {
            nextDue = due;
        }
    }

    private void tick() {
        Instant now = time.now();
        try {
            if (nextDue != null && !now.isBefore(nextDue) && inFlight.size() < MAX_IN_FLIGHT) {
                List<DeliveryRecord> due = repository.due(now, MAX_IN_FLIGHT * 2);
                for (DeliveryRecord delivery : due) {
                    if (inFlight.size() < MAX_IN_FLIGHT && !inFlight.contains(delivery.id())) {
                        send(delivery, now);
                    }
                }
                nextDue = repository.nextDue().orElse(null);
            }
            if (!now.isBefore(nextPrune)) {
                nextPrune = now.plus(PRUNE_EVERY);
                prune(now);
            }
        } catch (Throwable t) {
            // The database is failing, most likely: look again in a second rather than at every tick.
            nextDue = now.plusSeconds(1);
            if (failureLog.tryLog() >= 0) {
                log.warn("webhook deliveries held back: {}", t.toString());
            }
        }
    }

    private void send(DeliveryRecord delivery, Instant now) {
        if (!webhooks.containsKey(delivery.webhookId())) {
            reload();
        }
        WebhookRecord webhook = webhooks.get(delivery.webhookId());
        if (webhook == null) {
            return;
        }
        repository.lease(delivery.id(), now.plus(LEASE));
        inFlight.add(delivery.id());
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long started = time.nanoTime();
        try {
            Request request = client.newRequest(webhook.url()).method(HttpMethod.POST)
                    .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .agent("Fulcrum-Webhook")
                    .headers(headers -> headers.put("X-Fulcrum-Event", delivery.event())
                            .put("X-Fulcrum-Delivery", delivery.eventId()))
                    .body(new BytesRequestContent("application/json", body));
            if (webhook.secret() != null) {
                request.headers(headers -> headers.put(Signature.HEADER, Signature.of(webhook.secret(), body)));
            }
            request.send(result -> run(() -> finished(delivery, result, started)));
        } catch (RuntimeException e) {
            finished(delivery, null, e, started);
        }
    }

    private void finished(DeliveryRecord delivery, Result result, long started) {
        finished(delivery, result, result.getFailure(), started);
    }

    private void finished(DeliveryRecord delivery, Result result, Throwable failure, long started) {
        inFlight.remove(delivery.id());
        Instant now = time.now();
        int status = failure == null && result != null ? result.getResponse().getStatus() : 0;
        boolean taken = status >= 200 && status < 300;
        String error = taken ? null : status != 0 ? "HTTP " + status
                : FailureDescription.of(failure, false, TIMEOUT).replace("backend", "receiver");
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(0,
                TimeUnit.NANOSECONDS.toMillis(time.nanoTime() - started)));
        AttemptRecord attempt = new AttemptRecord(delivery.id(), now, status, error, millis);
        if (taken) {
            repository.attempted(attempt, DeliveryRecord.DELIVERED, now);
            delivered.incrementAndGet();
            log.debug("webhook {}: {} event {} delivered ({})", delivery.webhookId(), delivery.event(),
                    delivery.eventId(), status);
            return;
        }
        failedTries.incrementAndGet();
        int failures = delivery.attempts() + 1;
        Duration wait = Backoff.next(failures, Duration.between(delivery.createdAt(), now));
        if (wait == null) {
            repository.attempted(attempt, DeliveryRecord.FAILED, now);
            givenUp.incrementAndGet();
            log.warn("webhook {}: gave up on {} event {} after {} tries in {}: {}", delivery.webhookId(),
                    delivery.event(), delivery.eventId(), failures, Backoff.GIVE_UP_AFTER, error);
            return;
        }
        Instant next = now.plus(wait);
        repository.attempted(attempt, DeliveryRecord.PENDING, next);
        dueAt(next);
        long heldBack = failureLog.tryLog();
        if (heldBack >= 0) {
            log.warn("webhook {}: {} event {} not delivered ({}); trying again in {}{}", delivery.webhookId(),
                    delivery.event(), delivery.eventId(), error, Durations.format(wait),
                    LogThrottle.heldBack(heldBack, "failed tries"));
        }
    }

    private void prune(Instant now) {
        int removed;
        do {
            removed = repository.prune(now.minus(keepFinished), PRUNE_CHUNK);
        } while (removed == PRUNE_CHUNK);
    }

    /** Stops the thread and the client; a try under way is abandoned and made again after a restart. */
    @Override
    public void close() throws Exception {
        thread.shutdown();
        if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
        client.stop();
    }
}
