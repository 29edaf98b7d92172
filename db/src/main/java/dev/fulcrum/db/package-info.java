/**
 * The database, H2 (embedded, one instance) or PostgreSQL (shared by several): Flyway migrations, the same on both;
 * the HikariCP pool; Jdbi DAOs used only inside the repositories' transactions; and the records they read and write.
 * {@link dev.fulcrum.db.ConfigStore} stores each configuration change with its revision in one transaction. Callers
 * see only records, {@link dev.fulcrum.db.Change}, {@link dev.fulcrum.db.DatabaseSettings} and this package's
 * exceptions, never Jdbi or JDBC types. The module depends on no other Fulcrum module.
 */
package dev.fulcrum.db;
