/**
 * What the JDK lacks and several packages need: walking a failure's cause chain ({@link dev.fulcrum.lang.Causes}).
 * Depends on nothing.
 */
package dev.fulcrum.lang;
