package org.thor.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.thor.overlay.tls.TlsFiles;

/** {@code thor event-server} run from the packaged thor.jar as a child process, for ITs. */
final class EventServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private EventServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Path thorJar() {
        return Path.of(System.getProperty("thor.jar", "target/thor.jar"));
    }

    /** Starts a server on 127.0.0.1:{@code port} (0 for any) and waits for its READY line. */
    static EventServerProcess start(TlsFiles files, int port, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-jar", thorJar().toString(), "event-server",
                "--cert", files.certificate().toString(), "--key", files.privateKey().toString(),
                "--ca", files.caCertificate().toString(), "--crl", files.crl().toString(),
                "--listen", "127.0.0.1:" + port, "--reload-interval", "0.2", "--exit-with-parent"));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("READY eventserver ")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("event server did not print READY; see " + log, e);
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("event server exited with " + process.waitFor() + " before READY; see " + log);
        }
        int bound = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
        return new EventServerProcess(process, bound);
    }

    int port() {
        return port;
    }

    /** kill -9: no shutdown hook runs, connections are reset by the kernel. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
