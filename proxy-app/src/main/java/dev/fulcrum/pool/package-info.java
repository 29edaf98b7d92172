/**
 * The backends as configured and their live health, and the immutable routing table request threads read from an
 * {@code AtomicReference}; the selectors that choose a backend per attempt. The bottom of the data path: depends on
 * nothing of Fulcrum's.
 */
package dev.fulcrum.pool;
