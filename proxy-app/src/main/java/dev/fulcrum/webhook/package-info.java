/**
 * Webhooks: {@link dev.fulcrum.webhook.WebhookDispatcher} turns backend events (from the checker and the admin API)
 * into stored deliveries, POSTs them signed, retries with backoff for 24 hours and coalesces a flapping backend's
 * events; {@link dev.fulcrum.webhook.WebhookEvent} names the events a webhook subscribes to. Depends on {@code db}
 * (deliveries are stored), {@code health} (the events), {@code pool}, {@code time}, {@code values} and
 * {@code logging}; the admin API's webhook service and the composition root know it.
 */
package dev.fulcrum.webhook;
