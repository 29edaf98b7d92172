-- The revision of the configuration each instance routes by, stored with its heartbeat, so that an instance that has
-- not caught up with a change can be told apart. Portable DDL (H2 and PostgreSQL).
ALTER TABLE instance ADD COLUMN revision_applied BIGINT DEFAULT 0 NOT NULL;
