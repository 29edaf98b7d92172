/**
 * Databases for tests, shared with proxy-app's tests through this module's test jar: a real PostgreSQL server (Debian's
 * binaries, a throw-away cluster on a free port, one per test run) and a fresh database of either kind per test, so
 * that suites run the same cases on H2 and on PostgreSQL.
 */
package dev.fulcrum.db.testing;
