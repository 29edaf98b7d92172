/**
 * The original balancer's demo backend, as {@code fulcrum backend} and {@code fulcrum demo} run it. Depends on Jetty
 * alone.
 */
package dev.fulcrum.demo;
