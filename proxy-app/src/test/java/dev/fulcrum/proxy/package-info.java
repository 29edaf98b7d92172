/**
 * The data path: each policy as a table of cases, and the wiring over real sockets through a
 * {@code TestProxy} in front of hand-made backends that misbehave on purpose.
 */
package dev.fulcrum.proxy;
