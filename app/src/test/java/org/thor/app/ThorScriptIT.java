package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code ./thor} launcher at the repository root runs the packaged CLI. */
class ThorScriptIT {

    @Test
    void thorHelpListsTheSubcommands() throws Exception {
        Path script = Path.of(System.getProperty("thor.jar")).getParent().getParent().getParent().resolve("thor");
        assertThat(script).isExecutable();
        Process p = new ProcessBuilder(script.toString(), "--help").redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("Usage: thor", "demo", "lookup", "lookup-server");
    }
}
