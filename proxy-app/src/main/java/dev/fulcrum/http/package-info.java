/**
 * HTTP rules the proxy port and the admin port share: which status an error Jetty raised is answered with. Depends
 * on Jetty alone.
 */
package dev.fulcrum.http;
