/**
 * The one injected clock, {@link dev.fulcrum.time.TimeSource}, that every component measures time with, so that
 * tests of schedules, ejection and backoff run on a test clock. Depends on nothing.
 */
package dev.fulcrum.time;
