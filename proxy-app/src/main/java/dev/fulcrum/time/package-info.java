/**
 * The one injected clock, {@link dev.fulcrum.time.TimeSource}, that every component measures time with, so that
 * tests of schedules, ejection and backoff run on a test clock, and {@link dev.fulcrum.time.SecondSlots}, the ring of
 * one-second counters that rates over the last seconds or minutes are read from. Depends on nothing.
 */
package dev.fulcrum.time;
