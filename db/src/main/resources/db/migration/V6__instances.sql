-- Several instances sharing one database (PostgreSQL). Portable DDL (H2 and PostgreSQL).
-- One row per instance, kept current by its heartbeat; live instances are those heard from lately.
CREATE TABLE instance (
    id               VARCHAR(128)             NOT NULL PRIMARY KEY,
    version          VARCHAR(64)              NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Health history tagged with the instance that probed or saw it; '' for what was stored before instances had ids.
ALTER TABLE health_check ADD COLUMN instance_id VARCHAR(128) DEFAULT '' NOT NULL;
ALTER TABLE health_event ADD COLUMN instance_id VARCHAR(128) DEFAULT '' NOT NULL;
ALTER TABLE health_rollup ADD COLUMN instance_id VARCHAR(128) DEFAULT '' NOT NULL;

-- Each instance adds to its own minutes, so two instances never race to create or update the same rollup row.
ALTER TABLE health_rollup DROP CONSTRAINT health_rollup_minute_uq;
ALTER TABLE health_rollup ADD CONSTRAINT health_rollup_minute_uq UNIQUE (backend_id, instance_id, minute_start);
