/** Measurements, not tests: the programs {@code bench/*.sh} run (JMH selection, checker scale, durable commits). */
package dev.fulcrum.bench;
