package dev.fulcrum.admin;

import dev.fulcrum.pool.BackendPool;
import dev.fulcrum.pool.HealthState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a plan should make its reader look twice at: that it leaves fewer than two routable backends (nothing to fail
 * over to), and that it removes, or takes out of rotation, the backend that carried most of the last minute's
 * traffic; nothing for a change that leaves the backends and settings as they are (a webhook's). Warnings never stop
 * a change; they are for a person (or a CI job) reading the plan.
 */
final class PlanWarnings {

    /** What the warnings need to know of a stored backend now: its live health and its last minute's requests. */
    record Live(HealthState health, long lastMinute) {
    }

    private static final Live UNKNOWN = new Live(HealthState.UNKNOWN, 0);

    private PlanWarnings() {
    }

    static List<String> of(Configuration current, ConfigDiff diff, Map<Long, Live> live) {
        if (diff.leavesRouting()) {
            return List.of();
        }
        SortedMap<Long, BackendItem> after = new TreeMap<>(current.backends());
        List<String> routable = new ArrayList<>();
        for (ConfigDiff.Step step : diff.steps()) {
            if (step.id() == null) {
                if (routable(step.after(), HealthState.UNKNOWN)) {
                    routable.add(step.after().name());
                }
            } else if (step.after() == null) {
                after.remove(step.id());
            } else {
                after.put(step.id(), step.after());
            }
        }
        for (Map.Entry<Long, BackendItem> backend : after.entrySet()) {
            BackendItem was = current.backends().get(backend.getKey());
            HealthState health = was != null && was.url().equals(backend.getValue().url())
                    ? live.getOrDefault(backend.getKey(), UNKNOWN).health() : HealthState.UNKNOWN;
            if (routable(backend.getValue(), health)) {
                routable.add(backend.getValue().name());
            }
        }
        List<String> warnings = new ArrayList<>(2);
        if (routable.isEmpty()) {
            warnings.add("this leaves no routable backend: every request would be answered 503 (no backend "
                    + "available)");
        } else if (routable.size() == 1) {
            warnings.add("this leaves one routable backend (" + routable.get(0) + "): if it fails, there is none to "
                    + "fail over to");
        }
        busiest(current, after, live).ifPresent(warnings::add);
        return warnings;
    }

    private static Optional<String> busiest(Configuration current, SortedMap<Long, BackendItem> after,
                                                      Map<Long, Live> live) {
        long total = 0;
        Long busiest = null;
        for (Long id : current.backends().keySet()) {
            long requests = live.getOrDefault(id, UNKNOWN).lastMinute();
            total += requests;
            if (requests > 0 && (busiest == null || requests > live.get(busiest).lastMinute())) {
                busiest = id;
            }
        }
        if (busiest == null) {
            return Optional.empty();
        }
        BackendItem now = current.backends().get(busiest);
        BackendItem next = after.get(busiest);
        long share = Math.round(live.get(busiest).lastMinute() * 100.0 / total);
        String carried = ", which carried the most traffic in the last minute (" + share + " % of " + total
                + " requests)";
        if (next == null) {
            return Optional.of("this removes " + now.name() + carried);
        }
        if (routable(now, HealthState.UNKNOWN) && !routable(next, HealthState.UNKNOWN)) {
            return Optional.of("this takes " + now.name() + " out of rotation (" + why(next) + ")"
                    + carried);
        }
        return Optional.empty();
    }

    private static boolean routable(BackendItem item, HealthState health) {
        return BackendPool.routable(item.enabled(), item.draining(), item.weight(), health);
    }

    private static String why(BackendItem item) {
        return !item.enabled() ? "disabled" : item.draining() ? "draining" : "weight 0";
    }
}
