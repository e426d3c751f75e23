package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.event.EventClient;
import org.thor.overlay.event.EventClientConfig;
import org.thor.overlay.tls.ReloadingTls;
import org.thor.overlay.tls.TestPki;

/** A member that found its event servers in DNS follows what DNS says, and keeps them when DNS fails. */
class EventServerRefreshTest {

    @TempDir
    Path dir;

    @Test
    void aChangedAnswerMovesTheClientAndAFailedLookupKeepsItsServers() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("ca"));
        pki.issue("node1", "sip_proxy");
        InetSocketAddress first = new InetSocketAddress("127.0.0.1", 9); // nothing listens: the client keeps retrying
        InetSocketAddress second = new InetSocketAddress("127.0.0.2", 9);
        AtomicReference<Object> answer = new AtomicReference<>(List.of(first));
        try (ReloadingTls tls = pki.tls("node1");
             EventClient client = EventClient.start(EventClientConfig.of(List.of(first)), tls, event -> { });
             EventServerRefresh refresh = EventServerRefresh.start(() -> {
                 if (answer.get() instanceof RuntimeException e) {
                     throw e;
                 }
                 @SuppressWarnings("unchecked")
                 List<InetSocketAddress> servers = (List<InetSocketAddress>) answer.get();
                 return servers;
             }, client, Duration.ofHours(1))) {
            assertThat(refresh.refreshOnce()).as("the same answer").isFalse();

            answer.set(List.of(first, second));
            assertThat(refresh.refreshOnce()).isTrue();
            assertThat(client.servers()).containsExactly(first, second);

            answer.set(new IllegalArgumentException("no event server found: SRV _eventserver._tcp.example.com."));
            assertThat(refresh.refreshOnce()).isFalse();
            assertThat(client.servers()).containsExactly(first, second);

            answer.set(List.of(second));
            assertThat(refresh.refreshOnce()).isTrue();
            assertThat(client.servers()).containsExactly(second);
        }
    }

    @Test
    void theIntervalIsChecked() {
        assertThatThrownBy(() -> EventServerRefresh.start(List::of, null, Duration.ZERO))
                .hasMessageContaining("refresh interval must be positive");
    }
}
