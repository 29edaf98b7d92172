package dev.fulcrum.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The SQL for the change history ({@code config_head}, {@code config_revision}, {@code config_change}). */
@RegisterConstructorMapper(RevisionDao.RevisionRow.class)
@RegisterConstructorMapper(RevisionDao.TouchedRow.class)
interface RevisionDao {

    String REVISION_COLUMNS = "revision, made_at, author, client, request_id, action, summary, source_revision";

    record RevisionRow(long revision, Instant madeAt, String author, String client, String requestId, String action,
                       String summary, Long sourceRevision) {
    }

    record TouchedRow(long revision, String kind, long itemId, String beforeJson, String afterJson) {

        Touched touched() {
            return new Touched(kind, itemId, beforeJson, afterJson);
        }
    }

    @SqlQuery("SELECT revision FROM config_head WHERE id = 1")
    long head();

    /** The head, locked until the transaction ends: every configuration change takes this lock first. */
    @SqlQuery("SELECT revision FROM config_head WHERE id = 1 FOR UPDATE")
    long lockHead();

    @SqlUpdate("UPDATE config_head SET revision = :revision WHERE id = 1")
    int moveHead(@Bind("revision") long revision);

    @SqlUpdate("INSERT INTO config_revision (" + REVISION_COLUMNS + ") VALUES (:r.revision, :r.madeAt, :r.author,"
            + " :r.client, :r.requestId, :r.action, :r.summary, :r.sourceRevision)")
    void insert(@BindMethods("r") RevisionRow revision);

    @SqlBatch("INSERT INTO config_change (revision, kind, item_id, before_json, after_json)"
            + " VALUES (:revision, :kind, :itemId, :beforeJson, :afterJson)")
    void insertTouched(@BindMethods List<TouchedRow> rows);

    @SqlQuery("SELECT " + REVISION_COLUMNS + " FROM config_revision WHERE revision = :revision")
    Optional<RevisionRow> find(@Bind("revision") long revision);

    @SqlQuery("SELECT " + REVISION_COLUMNS + " FROM config_revision WHERE revision < :before"
            + " ORDER BY revision DESC FETCH FIRST <limit> ROWS ONLY")
    List<RevisionRow> page(@Bind("before") long before, @Define("limit") int limit);

    @SqlQuery("SELECT " + REVISION_COLUMNS + " FROM config_revision r WHERE revision < :before AND EXISTS"
            + " (SELECT 1 FROM config_change c WHERE c.revision = r.revision AND c.kind = :kind AND c.item_id = :id)"
            + " ORDER BY revision DESC FETCH FIRST <limit> ROWS ONLY")
    List<RevisionRow> pageOf(@Bind("kind") String kind, @Bind("id") long id, @Bind("before") long before,
                             @Define("limit") int limit);

    @SqlQuery("SELECT revision, kind, item_id, before_json, after_json FROM config_change"
            + " WHERE revision IN (<revisions>) ORDER BY revision, kind, item_id")
    List<TouchedRow> touched(@BindList("revisions") List<Long> revisions);

    @SqlQuery("SELECT revision, kind, item_id, before_json, after_json FROM config_change WHERE revision > :after"
            + " ORDER BY revision, kind, item_id")
    List<TouchedRow> touchedAfter(@Bind("after") long after);

    @SqlQuery("SELECT MAX(revision) FROM config_change WHERE kind = :kind AND item_id = :id")
    Optional<Long> lastTouching(@Bind("kind") String kind, @Bind("id") long id);

    @SqlQuery("SELECT MIN(made_at) FROM config_revision WHERE revision > :after")
    Optional<Instant> firstMadeAfter(@Bind("after") long after);

    @SqlQuery("SELECT MIN(revision) FROM config_revision")
    Optional<Long> oldest();

    @SqlQuery("SELECT MAX(revision) FROM config_revision WHERE made_at < :before")
    Optional<Long> newestBefore(@Bind("before") Instant before);

    @SqlUpdate("DELETE FROM config_change WHERE revision <= :upTo")
    int pruneTouched(@Bind("upTo") long upTo);

    @SqlUpdate("DELETE FROM config_revision WHERE revision <= :upTo")
    int prune(@Bind("upTo") long upTo);
}
