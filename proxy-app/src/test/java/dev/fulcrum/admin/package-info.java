/**
 * The admin API against a real server and H2: every call and refusal, the edge's side doors, the OpenAPI document
 * both ways, and the filters' rules as tables.
 */
package dev.fulcrum.admin;
