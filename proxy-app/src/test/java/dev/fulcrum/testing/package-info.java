/**
 * What tests of several packages share: log capture, raw HTTP over a socket, closing what a test started, and
 * certificates made at run time.
 */
package dev.fulcrum.testing;
