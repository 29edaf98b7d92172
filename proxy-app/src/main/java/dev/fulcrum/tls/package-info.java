/**
 * TLS material: certificate chains and private keys read from PEM files as Let's Encrypt and cert-manager write them
 * ({@link dev.fulcrum.tls.PemFiles}), the reloading store that serves a renewed certificate without a restart
 * ({@link dev.fulcrum.tls.ServerCertificates}), the choice of certificate by SNI, the protocol and cipher profile of
 * every TLS listener ({@link dev.fulcrum.tls.TlsProfile}) and the trust towards HTTPS backends
 * ({@link dev.fulcrum.tls.BackendTls}). Hands Jetty configured {@code SslContextFactory} objects; depends on
 * {@code time} and BouncyCastle only, never on another part of Fulcrum.
 */
package dev.fulcrum.tls;
