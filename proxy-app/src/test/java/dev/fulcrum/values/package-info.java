/** The value parsers as tables of accepted and refused input. */
package dev.fulcrum.values;
