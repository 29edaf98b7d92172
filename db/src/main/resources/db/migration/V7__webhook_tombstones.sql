-- The secret of each webhook removed while it had one, kept so that reverting the removal, or restoring a revision
-- from before it, brings the webhook back signed as it was (the change history itself never holds a secret).
-- Portable DDL (H2 and PostgreSQL). A row goes when its webhook is brought back under its id, or once no kept
-- revision touches that webhook any more.
CREATE TABLE webhook_tombstone (
    id         BIGINT                   NOT NULL PRIMARY KEY,
    secret     VARCHAR(256)             NOT NULL,
    removed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
