/** Selection over the routing table. */
package dev.fulcrum.pool;
