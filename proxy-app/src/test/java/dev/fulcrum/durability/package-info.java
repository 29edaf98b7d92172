/**
 * Answered changes survive: {@code kill -9} of a child process, a full disk the test mounts, and a reload after a
 * refused write.
 */
package dev.fulcrum.durability;
