/**
 * The {@code fulcrum} command: only {@link dev.fulcrum.Fulcrum}, the picocli root and {@code main}, which hands each
 * subcommand to {@link dev.fulcrum.cli}. Depends on {@code cli} alone.
 */
package dev.fulcrum;
