/** The test clock, {@link dev.fulcrum.time.ManualTime}, that moves only when a test moves it. */
package dev.fulcrum.time;
