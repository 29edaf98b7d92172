-- Traffic policy. Portable DDL (H2 and PostgreSQL).
-- A draining backend takes no new requests while those in flight finish.
ALTER TABLE backend ADD COLUMN draining BOOLEAN DEFAULT FALSE NOT NULL;

-- The balancer's settings: one row (id 1), written on the first start from the serve flags (or their defaults) and
-- changed only through the admin API after that. NULL means off (sticky_cookie, slow_start_ms) or unset (hash_on).
CREATE TABLE balancer_settings (
    id            INTEGER                  NOT NULL PRIMARY KEY,
    algorithm     VARCHAR(32)              NOT NULL,
    hash_on       VARCHAR(80),
    sticky_cookie VARCHAR(64),
    slow_start_ms INTEGER,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT balancer_settings_one_row_ck CHECK (id = 1)
);
