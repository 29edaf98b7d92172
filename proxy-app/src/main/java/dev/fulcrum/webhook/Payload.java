package dev.fulcrum.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of a delivery. {@code id} identifies the event for de-duplication: every try of a delivery sends the
 * same one. When a backend's events come faster than the coalescing window, one delivery stands for all of them:
 * {@code event}, {@code to}, {@code reason} and {@code at} are the latest's, {@code from} the first's,
 * {@code coalesced} says how many there were, and {@code events} lists them (the first {@value #LISTED}).
 *
 * @param backend null for a test event
 */
record Payload(String id, String event, String at, BackendRef backend, String from, String to, String reason,
               int coalesced, List<Item> events) {

    static final int LISTED = 20;
    static final String TEST = "test";

    /** The backend an event is about, as it was configured when it happened. */
    record BackendRef(long id, String name, String url) {
    }

    /** One of the events a delivery stands for. */
    record Item(String event, String at, String from, String to, String reason) {
    }

    static Payload of(String id, Notice notice) {
        Item item = item(notice);
        return new Payload(id, item.event(), item.at(), new BackendRef(notice.backendId(), notice.backendName(),
                notice.backendUrl()), item.from(), item.to(), item.reason(), 1, List.of(item));
    }

    static Payload test(String id, String at) {
        return new Payload(id, TEST, at, null, null, null, "a test event sent from the admin API", 1, List.of());
    }

    /** This delivery standing for one more event, {@code notice}, which happened after the others. */
    Payload with(Notice notice) {
        Item item = item(notice);
        List<Item> listed = new ArrayList<>(events);
        if (listed.size() < LISTED) {
            listed.add(item);
        }
        return new Payload(id, item.event(), item.at(), new BackendRef(notice.backendId(), notice.backendName(),
                notice.backendUrl()), from, item.to(), item.reason(), coalesced + 1, List.copyOf(listed));
    }

    private static Item item(Notice notice) {
        return new Item(notice.event().label(), notice.at().toString(), notice.from(), notice.to(), notice.reason());
    }

    String json(ObjectMapper json) {
        try {
            return json.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a webhook payload", e);
        }
    }

    static Payload parse(ObjectMapper json, String text) {
        try {
            return json.readValue(text, Payload.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored webhook payload is not readable", e);
        }
    }
}
