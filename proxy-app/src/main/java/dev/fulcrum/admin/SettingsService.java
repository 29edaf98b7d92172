package dev.fulcrum.admin;

import dev.fulcrum.db.Author;
import dev.fulcrum.db.SettingsRecord;
import dev.fulcrum.db.SettingsRepository;
import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.BalancerSettings;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's settings: stored in the database and applied to the pool, which routes by them from its next table
 * on. As with backends, a change is committed to stable storage with its revision ({@link ConfigWriter}) before it
 * is applied and answered; one that the database refuses is never applied. Each change is logged.
 *
 * <p>The command line's flags ({@link SettingsFlags}) are the first values of a database that has none. After that
 * the stored values win, so a change made at run time is not silently undone by the next start (haproxy#199); a start
 * whose flags differ from what is stored says so in one line, with how to change them.
 */
public final class SettingsService {

    private static final Logger log = LoggerFactory.getLogger(SettingsService.class);

    private final SettingsRepository repository;
    private final ConfigWriter writer;
    private final BackendPool pool;

    public SettingsService(SettingsRepository repository, ConfigWriter writer, BackendPool pool) {
        this.repository = repository;
        this.writer = writer;
        this.pool = pool;
    }

    /** Stores the flags' values on a database that has no settings yet, then routes by what is stored; at start. */
    public void load(SettingsFlags flags) {
        Optional<SettingsRecord> stored = repository.find();
        BalancerSettings settings;
        if (stored.isEmpty()) {
            settings = StoredSettings.parse(repository.storeIfAbsent(StoredSettings.record(flags.initial())));
            log.info("balancer settings stored for this database: {}", describe(settings));
        } else {
            settings = StoredSettings.parse(stored.get());
            List<String> differing = flags.differingFrom(settings);
            if (!differing.isEmpty()) {
                log.warn("{} not applied: this database keeps {} (stored values win after the first start, so "
                        + "changes made at run time survive a restart); change them with PATCH /api/settings or on "
                        + "the admin page", String.join(", ", differing), describe(settings));
            }
        }
        pool.configure(settings);
    }

    public SettingsView get() {
        return SettingsView.of(StoredSettings.parse(repository.find().orElseThrow()));
    }

    /**
     * Validates the change as a whole, commits it with its revision, then routes by it; a refusal stores nothing, as
     * does a change asked of an instance that has not yet applied another instance's change of the settings (409).
     */
    public SettingsView update(Author author, SettingsRequests.Patch patch) {
        ConfigWriter.Written<SettingsView> written = writer.write(author, null,
                ConfigWriter.Description.of("settings.update"), (change, before) -> {
                    writer.requireCurrent(change, SettingsView.KIND, SettingsView.ID, "the settings", null);
                    change.storeSettings(StoredSettings.record(patch.applyTo(before.settings().settings())));
                    return before.settings();
                });
        SettingsView after = written.after().settings();
        List<String> changes = written.value().changesTo(after);
        if (!changes.isEmpty()) {
            log.info("balancer settings changed: {}", String.join(", ", changes));
        }
        return after;
    }

    private static String describe(BalancerSettings settings) {
        SettingsView view = SettingsView.of(settings);
        return "algorithm " + view.algorithm() + ", hashOn " + none(view.hashOn()) + ", stickyCookie "
                + none(view.stickyCookie()) + ", slowStart " + none(view.slowStart());
    }

    private static String none(String value) {
        return value == null ? "none" : value;
    }
}
