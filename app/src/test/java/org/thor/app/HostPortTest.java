package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void parsesHostPortIpv6AndDefaults() {
        assertThat(HostPort.parse("127.0.0.11:9500", 1)).isEqualTo(new HostPort("127.0.0.11", 9500));
        assertThat(HostPort.parse("example.com", 9500)).isEqualTo(new HostPort("example.com", 9500));
        assertThat(HostPort.parse("[::1]:9500", 1)).isEqualTo(new HostPort("::1", 9500));
        assertThat(HostPort.parse("[::1]", 7)).isEqualTo(new HostPort("::1", 7));
        assertThat(HostPort.parse("::1", 7)).isEqualTo(new HostPort("::1", 7));
        assertThat(new HostPort("::1", 5).toString()).isEqualTo("[::1]:5");
    }

    @Test
    void badValuesSayWhatIsWrong() {
        assertThatThrownBy(() -> HostPort.parse(":9500", 1)).hasMessageContaining("host is missing");
        assertThatThrownBy(() -> HostPort.parse("a:b", 1)).hasMessageContaining("port must be 0..65535, got 'b'");
        assertThatThrownBy(() -> HostPort.parse("[::1", 1)).hasMessageContaining("[IPv6]:PORT");
        assertThatThrownBy(() -> HostPort.parse("", 1)).hasMessageContaining("empty");
    }
}
