/**
 * The subcommands ({@code serve}, {@code demo}, {@code backend}, {@code export}) and their flags: parses and
 * validates what the user typed into settings records, hands them to the composition root
 * ({@link dev.fulcrum.server.FulcrumServer}) and turns start-up failures into one-line errors. May depend on every
 * package but the root.
 */
package dev.fulcrum.cli;
