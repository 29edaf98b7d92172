/** The history writer on a real H2, and a database that goes away while traffic flows. */
package dev.fulcrum.history;
