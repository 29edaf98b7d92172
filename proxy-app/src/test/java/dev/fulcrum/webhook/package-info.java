/**
 * Webhooks: the policies (backoff, which event a state change is, signatures) as tables of cases, and the dispatcher
 * against a real H2 and a real local receiver on a test clock.
 */
package dev.fulcrum.webhook;
