/**
 * TLS material: PEM files in every form a user has them and every way they can be wrong, the reload of renewed files
 * on a test clock, and the listener profile, with certificates made by the tests.
 */
package dev.fulcrum.tls;
