package org.thor.overlay.lookup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking client of the lookup service: one request line, one answer line. Used by
 * {@code thor lookup} and by tests; a connection may be reused for many requests.
 */
public final class LookupClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    public LookupClient(String host, int port, Duration timeout) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code line} and returns the answer line; {@code null} when the server closed the connection. */
    public String request(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }

    /** {@code lookup <role> for <key>}: the home node's address, or the server's {@code error: ...} line. */
    public String lookup(String role, String key) throws IOException {
        return request("lookup " + role + " for " + key);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
