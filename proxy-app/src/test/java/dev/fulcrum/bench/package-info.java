/** Measurements, not tests: the programs {@code bench/*.sh} run (JMH selection, checker scale, durable commits, metrics scrape). */
package dev.fulcrum.bench;
