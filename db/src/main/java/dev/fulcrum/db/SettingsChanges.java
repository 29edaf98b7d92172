package dev.fulcrum.db;

/** A partial update of the stored settings: each field is kept, set, or (all but the algorithm) cleared to null. */
public record SettingsChanges(Change<String> algorithm, Change<String> hashOn, Change<String> stickyCookie,
                              Change<Integer> slowStartMs) {
}
