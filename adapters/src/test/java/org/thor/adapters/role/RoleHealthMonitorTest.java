package org.thor.adapters.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RoleHealthMonitorTest {

    @Test
    void announcesACheckedRoleOnlyWhileItsProbePasses() {
        AtomicBoolean up = new AtomicBoolean(true);
        List<Set<String>> announced = new CopyOnWriteArrayList<>();
        try (RoleHealthMonitor monitor = new RoleHealthMonitor(Set.of("thor_manager"),
                List.of(new RoleHealthMonitor.Watched("sip_proxy", up::get, Duration.ofMillis(20), 2, 3)), announced::add)) {
            monitor.start();
            assertThat(announced.get(0)).containsExactly("thor_manager");
            await().atMost(Duration.ofSeconds(5)).until(() -> monitor.isHealthy("sip_proxy"));
            assertThat(announced.get(announced.size() - 1)).containsExactlyInAnyOrder("thor_manager", "sip_proxy");

            up.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> !monitor.isHealthy("sip_proxy"));
            assertThat(announced.get(announced.size() - 1)).containsExactly("thor_manager");
            assertThat(announced).hasSize(3); // no repeats of an unchanged set
        }
    }

    @Test
    void aThrowingProbeCountsAsAFailure() {
        List<Set<String>> announced = new CopyOnWriteArrayList<>();
        try (RoleHealthMonitor monitor = new RoleHealthMonitor(Set.of(),
                List.of(new RoleHealthMonitor.Watched("xcap_server", () -> {
                    throw new IllegalStateException("boom");
                }, Duration.ofMillis(20), 1, 1)), announced::add)) {
            monitor.start();
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !monitor.isHealthy("xcap_server"));
            assertThat(announced).containsExactly(Set.of());
        }
    }

    @Test
    void tcpProbeFollowsTheListeningSocket() throws Exception {
        ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        HealthProbe probe = HealthProbe.of(HealthCheck.tcp("127.0.0.1", socket.getLocalPort()));
        assertThat(probe.check()).isTrue();
        socket.close();
        assertThat(probe.check()).isFalse();
    }

    @Test
    void commandProbeIsTheExitCode() throws Exception {
        HealthCheck ok = new HealthCheck(HealthCheck.Type.COMMAND, null, 0, null, List.of("true"), null, null, 1, 1, null);
        HealthCheck bad = new HealthCheck(HealthCheck.Type.COMMAND, null, 0, null, List.of("false"), null, null, 1, 1, null);
        assertThat(HealthProbe.of(ok).check()).isTrue();
        assertThat(HealthProbe.of(bad).check()).isFalse();
    }

    @Test
    void anAdaptersOwnProbeIsFoundByNameAtEachCheck() throws Exception {
        HealthCheck check = new HealthCheck(HealthCheck.Type.PROBE, null, 0, null, null, null, null, 1, 1, "amiPing");
        java.util.Map<String, HealthProbe> beans = new java.util.HashMap<>();
        HealthProbe probe = HealthProbe.of(check, beans::get);
        org.assertj.core.api.Assertions.assertThatThrownBy(probe::check).hasMessageContaining("no HealthProbe bean named 'amiPing'");
        beans.put("amiPing", () -> true);
        assertThat(probe.check()).isTrue();
        beans.put("amiPing", () -> false);
        assertThat(probe.check()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new HealthCheck(HealthCheck.Type.PROBE, null, 0, null, null, null, null, 1, 1, " "))
                .hasMessageContaining("must name a HealthProbe bean");
    }

    @Test
    void httpProbeIsAnyTwoOrThreeHundredStatus() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        int[] status = {200};
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status[0], -1);
            exchange.close();
        });
        server.start();
        try {
            java.net.URI url = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
            HealthProbe probe = HealthProbe.of(new HealthCheck(HealthCheck.Type.HTTP, null, 0, url, null, null, null, 1, 1, null));
            assertThat(probe.check()).isTrue();
            status[0] = 503;
            assertThat(probe.check()).isFalse();
            status[0] = 302;
            assertThat(probe.check()).isTrue();
        } finally {
            server.stop(0);
        }
    }
}
