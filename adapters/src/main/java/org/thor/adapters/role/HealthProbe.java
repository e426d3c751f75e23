package org.thor.adapters.role;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

/**
 * One check of a daemon: true when it passed. An exception counts as a failure. Adapters with a
 * protocol of their own (OpenSIPS MI, Asterisk AMI) implement this to check in that protocol.
 */
@FunctionalInterface
public interface HealthProbe {

    boolean check() throws Exception;

    /** The probe a {@link HealthCheck} describes; a {@code probe} check has no resolver here and always fails. */
    static HealthProbe of(HealthCheck check) {
        return of(check, name -> null);
    }

    /**
     * The probe a {@link HealthCheck} describes; a {@code probe} check is looked up by name through
     * {@code named} at every check (so a bean registered after the monitor started is found), and
     * fails while there is no such bean.
     */
    static HealthProbe of(HealthCheck check, java.util.function.Function<String, HealthProbe> named) {
        int timeout = (int) check.timeout().toMillis();
        return switch (check.type()) {
            case PROBE -> () -> {
                HealthProbe probe = named.apply(check.probe());
                if (probe == null) {
                    throw new IllegalStateException("no HealthProbe bean named '" + check.probe() + "'");
                }
                return probe.check();
            };
            case TCP -> () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(check.host(), check.port()), timeout);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            };
            case HTTP -> {
                HttpClient client = HttpClient.newBuilder().connectTimeout(check.timeout()).build();
                HttpRequest request = HttpRequest.newBuilder(check.url()).timeout(check.timeout()).GET().build();
                yield () -> {
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    return status >= 200 && status < 400;
                };
            }
            case COMMAND -> () -> {
                Process process = new ProcessBuilder(check.command()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(timeout, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return false;
                }
                return process.exitValue() == 0;
            };
        };
    }
}
