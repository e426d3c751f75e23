package org.thor.overlay.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS files of a member, reloaded when they change, without restart.
 *
 * <p>Every {@code interval} the certificate, key, CA and CRL files are read and hashed (SHA-256);
 * when the hash differs from the loaded one the files are loaded and checked as a whole
 * ({@link TlsMaterial#load}). A good set replaces the current one, so that new handshakes use it,
 * and listeners are told (servers and clients then close connections whose peer is now revoked).
 * A bad set (a half-copied key, a CRL from another CA) is logged once and the current set stays.
 * Hashing the content rather than comparing modification times catches a file replaced within the
 * same second and ignores a touch that changes nothing.
 */
public final class ReloadingTls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTls.class);

    /** Default time between two checks of the files. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final TlsFiles files;
    private final Clock clock;
    private final List<Consumer<TlsMaterial>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile TlsMaterial current;
    private byte[] loadedHash;
    private byte[] refusedHash;

    private ReloadingTls(TlsFiles files, Clock clock, Duration interval) {
        this.files = files;
        this.clock = clock;
        this.loadedHash = hash(files);
        this.current = TlsMaterial.load(files, clock);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "thor-tls-reload");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Loads {@code files} and starts watching them.
     *
     * @throws TlsException when the files cannot be used now
     */
    public static ReloadingTls start(TlsFiles files, Duration interval, Clock clock) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("TLS reload interval must be positive, got " + interval);
        }
        return new ReloadingTls(files, clock, interval);
    }

    public static ReloadingTls start(TlsFiles files, Duration interval) {
        return start(files, interval, Clock.systemUTC());
    }

    /** The set new handshakes use. */
    public TlsMaterial current() {
        return current;
    }

    public TlsFiles files() {
        return files;
    }

    /** Calls {@code listener} with every newly loaded set. */
    public void onReload(Consumer<TlsMaterial> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<TlsMaterial> listener) {
        listeners.remove(listener);
    }

    /** Checks the files now; true when a new set was loaded. */
    public synchronized boolean checkNow() {
        byte[] hash = hash(files);
        if (Arrays.equals(hash, loadedHash) || Arrays.equals(hash, refusedHash)) {
            return false;
        }
        TlsMaterial loaded;
        try {
            loaded = TlsMaterial.load(files, clock);
        } catch (TlsException e) {
            refusedHash = hash;
            LOG.warn("TLS files changed but cannot be used, keeping the previous ones: {}", e.getMessage());
            return false;
        }
        current = loaded;
        loadedHash = hash;
        refusedHash = null;
        LOG.info("TLS files reloaded: {}", loaded);
        for (Consumer<TlsMaterial> listener : listeners) {
            try {
                listener.accept(loaded);
            } catch (RuntimeException e) {
                LOG.warn("TLS reload listener failed", e);
            }
        }
        return true;
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            LOG.warn("checking the TLS files failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static byte[] hash(TlsFiles files) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path file : files.all()) {
            try {
                digest.update(Files.readAllBytes(file));
            } catch (IOException e) {
                digest.update((file + " unreadable").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            digest.update((byte) 0);
        }
        return digest.digest();
    }
}
