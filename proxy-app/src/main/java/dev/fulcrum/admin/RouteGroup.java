package dev.fulcrum.admin;

import io.javalin.config.RoutesConfig;

/** One group of the admin API's routes, added to the server by {@link AdminServer}; every answer is a record. */
public interface RouteGroup {

    void addTo(RoutesConfig routes, JsonReplies json);
}
