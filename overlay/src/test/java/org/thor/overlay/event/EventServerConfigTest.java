package org.thor.overlay.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventServerConfigTest {

    @Test
    void defaultsAreThoseOfSipThor() {
        EventServerConfig config = EventServerConfig.defaults();
        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.maxFrameLength()).isEqualTo(65536);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void badValuesNameTheSettingAndTheValue() {
        assertThatThrownBy(() -> EventServerConfig.defaults().withAddress("0.0.0.0", 70000))
                .hasMessage("event server port must be 0..65535, got 70000");
        assertThatThrownBy(() -> EventServerConfig.defaults().withMaxFrameLength(10))
                .hasMessage("event server max frame length must be 256..16777216 bytes, got 10");
        assertThatThrownBy(() -> EventServerConfig.defaults().withIdleTimeout(Duration.ZERO))
                .hasMessage("event server idle timeout must be positive, got PT0S");
        assertThatThrownBy(() -> EventServerConfig.defaults().withAddress(" ", 8000))
                .hasMessage("event server host is missing");
    }

    @Test
    void clientConfigNeedsAServerAndASaneBackoff() {
        assertThatThrownBy(() -> EventClientConfig.of(List.of()))
                .hasMessage("event client needs at least one event server");
        assertThatThrownBy(() -> EventClientConfig.of(List.of(new InetSocketAddress("127.0.0.1", 8000)))
                .withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageStartingWith("event client backoff must satisfy 0 < initial <= max");
    }
}
