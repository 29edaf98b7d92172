/**
 * Health history kept off the request path: {@link dev.fulcrum.history.HistoryWriter} takes the checker's results and
 * events into a bounded queue and writes them to the database in batches, and prunes what is past retention.
 * Depends on {@code health} (what it keeps), {@code db} (where), {@code time} and {@code logging}.
 */
package dev.fulcrum.history;
