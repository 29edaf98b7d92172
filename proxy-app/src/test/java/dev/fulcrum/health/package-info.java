/** The checker's decisions on a scripted probe and a test clock, and real probes failing in real ways. */
package dev.fulcrum.health;
