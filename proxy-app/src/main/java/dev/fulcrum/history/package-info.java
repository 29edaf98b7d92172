/**
 * Health history kept off the request path: {@link dev.fulcrum.history.HistoryWriter} takes the checker's results and
 * events into a bounded queue and writes them to the database in batches, tagged with this instance's id, and prunes
 * what is past retention (one instance at a time, of several sharing a database).
 * Depends on {@code health} (what it keeps), {@code db} (where), {@code time} and {@code logging}.
 */
package dev.fulcrum.history;
