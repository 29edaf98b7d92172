package dev.fulcrum.tls;

import dev.fulcrum.time.TimeSource;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates Fulcrum serves, one per {@code --tls-cert}/{@code --tls-key} pair, kept in step with their files:
 * a renewal (certbot, cert-manager, a copy by hand) is served within two checks, {@value #CHECK_SECONDS} s apart,
 * with no restart; connections already open keep the certificate they began with, so none is dropped.
 *
 * <p>A check reads both files of every pair and compares a digest of their bytes with what is served. Changed bytes
 * are loaded only when the next check finds them unchanged, so a renewal caught between writing the certificate and
 * the key is not mistaken for a broken one. New bytes that do not make a valid pair (unreadable, not PEM, a key of
 * another certificate, expired) are logged once and the served certificate is kept, with the error shown next to it in
 * {@link #status()} until the files are fixed. A loaded change rebuilds the key store of every listener's
 * {@link SslContextFactory} made by {@link #newServerFactory()} (the proxy's TLS port, the admin port).
 *
 * <p>Checks run on a scheduler the caller owns; the check catches every exception, since one that escaped would
 * cancel all checks to come. Instants come from the injected {@link TimeSource}.
 */
public final class ServerCertificates implements AutoCloseable {

    /** Seconds between two checks of the files: a renewal is served within two of them. */
    public static final int CHECK_SECONDS = 2;

    /** A certificate this close to expiry is warned about at start, at reload and in the admin page. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private static final Logger log = LoggerFactory.getLogger(ServerCertificates.class);

    /**
     * One pair as served, for the admin API.
     *
     * @param loadedAt when the served certificate was read
     * @param reloadError why the files' current content is not served, or null when it is
     */
    public record Status(ServerCertificate certificate, Instant loadedAt, String reloadError) {
    }

    /** What is known of one pair's files; touched only by the thread that runs {@link #check()}. */
    private static final class Watched {
        final CertificateFiles files;
        String served;
        String seen;
        String refused;

        Watched(CertificateFiles files, String digest) {
            this.files = files;
            this.served = digest;
            this.seen = digest;
        }
    }

    private final TimeSource time;
    private final List<Watched> watched = new ArrayList<>();
    private final List<ListenerSslContextFactory> factories = new CopyOnWriteArrayList<>();
    /** Only protects the key store in memory; never written anywhere. */
    private final String keyPassword;
    private volatile List<Status> served;
    private volatile KeyStore keyStore;
    private ScheduledFuture<?> checks;

    private ServerCertificates(List<CertificateFiles> pairs, TimeSource time) {
        this.time = time;
        byte[] password = new byte[24];
        new SecureRandom().nextBytes(password);
        this.keyPassword = Base64.getEncoder().encodeToString(password);
        Instant now = time.now();
        List<Status> loaded = new ArrayList<>();
        for (CertificateFiles files : pairs) {
            byte[] certificate = PemFiles.read(files.certificate());
            byte[] key = PemFiles.read(files.key());
            loaded.add(new Status(ServerCertificate.parse(files, certificate, key, now), now, null));
            watched.add(new Watched(files, digest(certificate, key)));
        }
        this.served = List.copyOf(loaded);
        this.keyStore = keyStore(loaded);
    }

    /**
     * Reads and checks every pair, so that a bad file stops the start with one line naming it.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static ServerCertificates load(List<CertificateFiles> pairs, TimeSource time) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no certificate given");
        }
        ServerCertificates certificates = new ServerCertificates(pairs, time);
        for (Status status : certificates.served) {
            logServed("serving", status.certificate(), time.now());
        }
        return certificates;
    }

    /**
     * A new factory for one TLS listener, serving these certificates now and after every reload. Its lifecycle is the
     * listener's: add it to the connector, which starts and stops it.
     */
    public SslContextFactory.Server newServerFactory() {
        ListenerSslContextFactory factory = new ListenerSslContextFactory();
        factory.setKeyStore(keyStore);
        factory.setKeyManagerPassword(keyPassword);
        factories.add(factory);
        return factory;
    }

    /** Checks the files every {@value #CHECK_SECONDS} s on the given scheduler until {@link #close()}. */
    public synchronized void start(ScheduledExecutorService scheduler) {
        if (checks == null) {
            checks = scheduler.scheduleWithFixedDelay(this::checkCatchingAll, CHECK_SECONDS, CHECK_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (checks != null) {
            checks.cancel(false);
            checks = null;
        }
    }

    /** Every pair as served now, in the order of the flags. */
    public List<Status> status() {
        return served;
    }

    private void checkCatchingAll() {
        try {
            check();
        } catch (Throwable t) {
            log.error("checking the certificate files failed; checking again in {}s", CHECK_SECONDS, t);
        }
    }

    /**
     * Compares every pair's files with what is served, and serves the pairs whose new content has stayed the same
     * since the previous check and is valid. Runs on one thread at a time (the scheduler's, or a test's).
     */
    synchronized void check() {
        List<Status> next = new ArrayList<>(served);
        boolean reload = false;
        for (int i = 0; i < watched.size(); i++) {
            Watched files = watched.get(i);
            byte[] certificate;
            byte[] key;
            String digest;
            String unreadable = null;
            try {
                certificate = PemFiles.read(files.files.certificate());
                key = PemFiles.read(files.files.key());
                digest = digest(certificate, key);
            } catch (IllegalArgumentException e) {
                certificate = null;
                key = null;
                unreadable = e.getMessage();
                digest = "unreadable: " + unreadable;
            }
            if (digest.equals(files.served)) {
                files.seen = digest;
                files.refused = null;
                if (next.get(i).reloadError() != null) {
                    next.set(i, new Status(next.get(i).certificate(), next.get(i).loadedAt(), null));
                }
                continue;
            }
            if (!digest.equals(files.seen)) {
                // Still being written, perhaps: loaded once a check finds it unchanged.
                files.seen = digest;
                continue;
            }
            if (digest.equals(files.refused)) {
                continue;
            }
            Instant now = time.now();
            Status current = next.get(i);
            try {
                if (unreadable != null) {
                    throw new IllegalArgumentException(unreadable);
                }
                ServerCertificate loaded = ServerCertificate.parse(files.files, certificate, key, now);
                next.set(i, new Status(loaded, now, null));
                files.served = digest;
                files.refused = null;
                reload = true;
                logServed("reloaded", loaded, now);
            } catch (IllegalArgumentException e) {
                files.refused = digest;
                next.set(i, new Status(current.certificate(), current.loadedAt(), e.getMessage()));
                log.error("{}; still serving the certificate loaded at {} (serial {}, expires {})", e.getMessage(),
                        current.loadedAt(), current.certificate().serial(),
                        ServerCertificate.formatted(current.certificate().notAfter()));
            }
        }
        if (reload) {
            serve(next);
        } else if (!next.equals(served)) {
            served = List.copyOf(next);
        }
    }

    /** Hands the new key store to every listener; one that fails to take it is given the old one back. */
    private void serve(List<Status> next) {
        KeyStore previous = keyStore;
        KeyStore replacement = keyStore(next);
        for (ListenerSslContextFactory factory : factories) {
            try {
                replace(factory, replacement);
            } catch (Exception e) {
                log.error("a TLS listener could not take the new certificates; it keeps the previous ones", e);
                try {
                    replace(factory, previous);
                } catch (Exception again) {
                    log.error("a TLS listener could not take back its previous certificates", again);
                }
            }
        }
        keyStore = replacement;
        served = List.copyOf(next);
    }

    private static void replace(ListenerSslContextFactory factory, KeyStore store) throws Exception {
        if (factory.isStarted()) {
            // New handshakes use the new context; open connections keep the engine, and certificate, they began with.
            factory.reload(f -> f.setKeyStore(store));
        } else {
            factory.setKeyStore(store);
        }
    }

    private KeyStore keyStore(List<Status> certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                ServerCertificate certificate = certificates.get(i).certificate();
                store.setKeyEntry(ListenerSslContextFactory.alias(i), certificate.key(), keyPassword.toCharArray(),
                        certificate.chain().toArray(java.security.cert.Certificate[]::new));
            }
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the key store in memory", e);
        }
    }

    private static void logServed(String what, ServerCertificate certificate, Instant now) {
        Duration left = Duration.between(now, certificate.notAfter());
        if (left.compareTo(EXPIRY_WARNING) < 0) {
            log.warn("{} {} for {} (serial {}): it expires {}, in {} day(s); renew it", what,
                    certificate.files().certificate(), certificate.names(), certificate.serial(),
                    ServerCertificate.formatted(certificate.notAfter()), left.toDays());
        } else {
            log.info("{} {} for {} (serial {}, expires {})", what, certificate.files().certificate(),
                    certificate.names(), certificate.serial(), ServerCertificate.formatted(certificate.notAfter()));
        }
    }

    private static String digest(byte[] certificate, byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(certificate);
            sha.update((byte) 0);
            sha.update(key);
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
