package org.thor.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One member of a {@link LocalNetwork} running as its own JVM ({@code thor SUBCOMMAND ...}): its
 * output goes to a log file, and its {@code READY} line tells the port it bound. The child exits
 * when this process dies (it watches its standard input).
 */
public final class MemberProcess {

    private final String name;
    private final String kind;
    private final String address;
    private final Process process;
    private final Path log;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private volatile String portName;
    private volatile int port;

    private MemberProcess(String name, String kind, String address, Process process, Path log) throws IOException {
        this.name = name;
        this.kind = kind;
        this.address = address;
        this.process = process;
        this.log = log;
        Writer writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> pump(writer), "thor-member-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code thor ARGS...} in a new JVM with this JVM's class path; output goes to {@code logDir/NAME.log}. */
    static MemberProcess start(String name, String kind, String address, List<String> args, Path logDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xss512k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ThorCommand.class.getName());
        command.addAll(args);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new MemberProcess(name, kind, address, process, log);
    }

    private void pump(Writer writer) {
        try (writer; BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                writer.write(line);
                writer.write('\n');
                writer.flush();
                if (line.startsWith("READY ") && !ready.isDone()) {
                    onReady(line); // after the line is in the log, so that whoever awaits it finds it there
                }
            }
        } catch (IOException e) {
            // the process is gone; awaitReady reports it
        }
        ready.complete(null);
    }

    /**
     * {@code READY eventserver HOST:PORT}, {@code READY node NAME lookup=HOST:PORT [http=HOST:PORT]}, {@code READY manager NAME},
     * {@code READY dns HOST:PORT}.
     */
    private void onReady(String line) {
        String[] words = line.split(" ");
        if (words[1].equals("eventserver")) {
            portName = "events";
            port = HostPort.parse(words[2], 0).port();
        } else if (words[1].equals("dns")) {
            portName = "dns";
            port = HostPort.parse(words[2], 0).port();
        } else if (words[1].equals("node")) {
            portName = "lookup";
            port = HostPort.parse(words[3].substring("lookup=".length()), 0).port();
        }
        ready.complete(line);
    }

    /** Null when the member is up; otherwise why it is not. */
    public String awaitReady(Duration timeout) throws InterruptedException {
        try {
            if (ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS) != null) {
                return null;
            }
            process.waitFor(5, TimeUnit.SECONDS);
            return "exited" + (process.isAlive() ? "" : " with code " + process.exitValue()) + lastLine();
        } catch (ExecutionException | TimeoutException e) {
            return "no READY line within " + timeout.toSeconds() + " s";
        }
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "";
        }
    }

    /** kill -STOP (true) or kill -CONT (false): the process hangs with its connections open, or resumes. */
    public void pause(boolean paused) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", paused ? "-STOP" : "-CONT", String.valueOf(process.pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + (paused ? "-STOP " : "-CONT ") + process.pid() + " failed");
        }
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public String address() {
        return address;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** The name of the port the READY line announced ({@code events}, {@code lookup}, {@code dns}), or null. */
    public String portName() {
        return portName;
    }

    public int port() {
        return port;
    }
}
