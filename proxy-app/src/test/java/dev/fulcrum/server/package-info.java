/** The whole balancer started through the composition root, and the settings the end-to-end tests share. */
package dev.fulcrum.server;
