/**
 * Values as users write them, parsed and checked in one place for the command line, the import file and the admin
 * API: durations, byte sizes, backend URLs, health paths and ports. Depends on nothing of Fulcrum's.
 */
package dev.fulcrum.values;
