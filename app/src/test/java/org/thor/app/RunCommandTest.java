package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code thor run}: a config that cannot be used exits 2 with one line naming file, key and value. */
class RunCommandTest {

    @TempDir
    Path dir;

    private int run(StringWriter err, StringWriter out, String... args) {
        CommandLine cmd = ThorCommand.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(out, true));
        return cmd.execute(args);
    }

    @Test
    void aBadKeyExitsTwoNamingFileAndKey() throws Exception {
        Path file = dir.resolve("thor.yaml");
        Files.writeString(file, "tls: {cert: a, key: b, ca: c}\neventServers: [127.0.0.1:8000]\nlookupp: {}\n");
        StringWriter err = new StringWriter();
        assertThat(run(err, new StringWriter(), "run", file.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("thor run: " + file + ": lookupp: unknown key");
    }

    @Test
    void checkReadsTheFileAndStartsNothing() throws Exception {
        Files.createDirectories(dir.resolve("ca/members"));
        for (String f : new String[] {"ca/ca.crt", "ca/members/n.crt", "ca/members/n.key"}) {
            Files.writeString(dir.resolve(f), "x");
        }
        Path file = dir.resolve("thor.yaml");
        Files.writeString(file, "tls: {caDir: ca, name: n}\neventServers: [127.0.0.1:8000]\nservices: {manager: {}}\n");
        StringWriter out = new StringWriter();
        assertThat(run(new StringWriter(), out, "run", "--check", file.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("OK " + file);
    }
}
