/** The buffered access-log appender: batches, flushes, drops and stops. */
package dev.fulcrum.logging;
