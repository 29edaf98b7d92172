-- Change history: every configuration change is a revision, stored in the transaction of the change itself.
-- Portable DDL (H2 and PostgreSQL). V4 belongs to the webhooks.

-- The number of the latest revision, in one row. Every configuration change locks this row first
-- (SELECT ... FOR UPDATE), so changes made by any instance sharing the database run one at a time, numbers are handed
-- out in commit order without gaps, and "the latest revision" is one primary-key read.
CREATE TABLE config_head (
    id       INTEGER NOT NULL PRIMARY KEY,
    revision BIGINT  NOT NULL,
    CONSTRAINT config_head_one_row_ck CHECK (id = 1)
);
INSERT INTO config_head (id, revision) VALUES (1, 0);

-- One revision: when, who (a token's name, 'local' or 'startup'), from where, the request's id, what kind of change
-- (action) in words (summary), and for a revert or a restore the revision it went back to.
CREATE TABLE config_revision (
    revision        BIGINT                   NOT NULL PRIMARY KEY,
    made_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    author          VARCHAR(64)              NOT NULL,
    client          VARCHAR(64),
    request_id      VARCHAR(128),
    action          VARCHAR(32)              NOT NULL,
    summary         VARCHAR(500)             NOT NULL,
    source_revision BIGINT
);
CREATE INDEX config_revision_time_ix ON config_revision (made_at);

-- What a revision touched, one row per item (a backend, the settings, a webhook): its JSON before and after the
-- change; NULL before means the change created it, NULL after that it removed it.
CREATE TABLE config_change (
    revision    BIGINT          NOT NULL,
    kind        VARCHAR(16)     NOT NULL,
    item_id     BIGINT          NOT NULL,
    before_json VARCHAR(100000),
    after_json  VARCHAR(100000),
    CONSTRAINT config_change_pk PRIMARY KEY (revision, kind, item_id),
    CONSTRAINT config_change_revision_fk FOREIGN KEY (revision) REFERENCES config_revision (revision)
);
CREATE INDEX config_change_item_ix ON config_change (kind, item_id, revision);
