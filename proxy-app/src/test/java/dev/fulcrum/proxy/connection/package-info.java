/** The request parser and the target check alone, fed requests whole, split and byte by byte. */
package dev.fulcrum.proxy.connection;
