/** The layering of the whole application, as ArchUnit reads it from the compiled classes. */
package dev.fulcrum;
