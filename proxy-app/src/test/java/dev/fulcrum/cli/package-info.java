/** The command line's one-line errors and the import file's reader. */
package dev.fulcrum.cli;
