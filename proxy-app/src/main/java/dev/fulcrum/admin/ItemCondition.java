package dev.fulcrum.admin;

/**
 * When a change of one item (a backend, the settings) is refused because the item changed elsewhere first, so that
 * of two instances changing it at once one wins and the other is told, never silently overwritten:
 *
 * <ul>
 *   <li>412 when the client named the version it read ({@code If-Match}, the item's {@code ETag}: the latest revision
 *       that touched it) and the item has been changed since;</li>
 *   <li>409 when a revision this instance has not applied yet touched the item: the change was asked of an instance
 *       whose view is stale (another instance changed the item a moment ago), so the client reloads and retries.</li>
 * </ul>
 *
 * Checked inside the change's transaction, after the lock every change takes, so no change can slip in between.
 */
final class ItemCondition {

    private ItemCondition() {
    }

    /**
     * @param ifMatch      the version the client read, or null for none
     * @param lastTouching the latest revision that touched the item (0 when none still kept did)
     * @param applied      the revision this instance routes by
     * @throws ApiError 412 or 409 as above
     */
    static void check(String what, Long ifMatch, long lastTouching, long applied) {
        if (ifMatch != null && ifMatch != lastTouching) {
            throw new ApiError(412, what + " is at version " + lastTouching + ", not " + ifMatch + ": it changed "
                    + "since you read it; nothing was applied (read it again)", "If-Match");
        }
        if (lastTouching > applied) {
            throw new ApiError(409, what + " was changed by another instance (revision " + lastTouching + ", this "
                    + "instance is at " + applied + "); nothing was applied: reload and retry", null);
        }
    }
}
