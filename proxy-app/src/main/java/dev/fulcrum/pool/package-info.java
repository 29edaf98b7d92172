/**
 * The backends as configured, their live health and load, the balancer settings, and the immutable routing table
 * request threads read from an {@code AtomicReference}, built with everything its algorithm needs (the smooth
 * round-robin cycle, the hash ring, the sticky tokens); the selectors that choose a backend per attempt, and slow
 * start. The bottom of the data path: depends on nothing of Fulcrum's but the {@code time} foundation.
 */
package dev.fulcrum.pool;
