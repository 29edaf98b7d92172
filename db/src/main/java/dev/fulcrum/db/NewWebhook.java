package dev.fulcrum.db;

/** A webhook to store, in its stored form: the caller has checked the URL, the event names and the secret. */
public record NewWebhook(String url, String events, String secret, boolean enabled) {
}
