/** Instances sharing one database: the heartbeat on a test clock, and two instances on a real PostgreSQL. */
package dev.fulcrum.instance;
