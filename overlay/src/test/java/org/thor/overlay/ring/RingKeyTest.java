package org.thor.overlay.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RingKeyTest {

    @Test
    void stripsSchemeParametersHeadersAndPort() {
        assertThat(RingKey.normalise("sip:alice@example.com")).isEqualTo("alice@example.com");
        assertThat(RingKey.normalise("sips:alice@example.com;transport=tls")).isEqualTo("alice@example.com");
        assertThat(RingKey.normalise("SIP:alice@example.com?subject=x")).isEqualTo("alice@example.com");
        assertThat(RingKey.normalise("<sip:alice@example.com:5060;lr>")).isEqualTo("alice@example.com");
    }

    @Test
    void lowerCasesTheDomainButNotTheUser() {
        assertThat(RingKey.normalise("Alice@Example.COM")).isEqualTo("Alice@example.com");
        assertThat(RingKey.normalise("EXAMPLE.com")).isEqualTo("example.com");
    }

    @Test
    void keepsAnAlreadyNormalKeyWithoutCopying() {
        String key = "alice@example.com";
        assertThat(RingKey.normalise(key)).isSameAs(key);
    }

    @Test
    void keepsBracketedIpv6Hosts() {
        assertThat(RingKey.normalise("bob@[2001:DB8::1]:5060")).isEqualTo("bob@[2001:db8::1]");
    }

    @Test
    void emptyKeyUserOrDomainIsAnError() {
        assertThatThrownBy(() -> RingKey.normalise("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RingKey.normalise("sip:")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RingKey.normalise("@example.com")).hasMessageContaining("empty user");
        assertThatThrownBy(() -> RingKey.normalise("alice@")).hasMessageContaining("empty domain");
        assertThatThrownBy(() -> RingKey.normalise(null)).hasMessageContaining("missing");
    }
}
