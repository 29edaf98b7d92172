/**
 * How Fulcrum logs: the buffered appender that writes the access log in batches, and the throttle for lines a client
 * or a broken backend can repeat at request rate. Depends on Logback and {@code time}.
 */
package dev.fulcrum.logging;
