/** The repositories against a real H2, in memory or on a file, with a clock the tests move. */
package dev.fulcrum.db;
