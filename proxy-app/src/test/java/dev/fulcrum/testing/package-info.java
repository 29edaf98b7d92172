/** What tests of several packages share: log capture, raw HTTP over a socket, and closing what a test started. */
package dev.fulcrum.testing;
