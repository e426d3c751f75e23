package org.thor.overlay.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimitTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ClientRateLimit limit = new ClientRateLimit(1000, 5, now::get); // 1 ms per request

    @Test
    void aBurstPassesThenTheSteadyRate() throws Exception {
        ClientRateLimit.Allowance a = limit.acquire(InetAddress.getByName("192.0.2.1"));
        assertThat(a.grant(3)).isEqualTo(3);
        assertThat(a.grant(10)).as("what is left of the burst of 5").isEqualTo(2);
        assertThat(a.grant(1)).isZero();
        assertThat(a.waitNanos()).isEqualTo(1_000_000L); // one interval (1 ms) until the next
        assertThat(a.grant(1)).as("a refused grant takes nothing").isZero();
        now.addAndGet(1_000_000L);
        assertThat(a.waitNanos()).isZero();
        assertThat(a.grant(4)).isEqualTo(1);
        now.addAndGet(500_000L);
        assertThat(a.waitNanos()).isEqualTo(500_000L);
        now.addAndGet(2_500_000L);
        assertThat(a.grant(10)).as("three intervals went by").isEqualTo(3);
        // after a quiet time the whole burst is back, no more
        now.addAndGet(60_000_000_000L);
        assertThat(a.grant(100)).isEqualTo(5);
        assertThat(a.grant(1)).isZero();
    }

    @Test
    void connectionsFromOneAddressShareItsRateAndOtherAddressesHaveTheirOwn() throws Exception {
        InetAddress one = InetAddress.getByName("192.0.2.1");
        ClientRateLimit.Allowance first = limit.acquire(one);
        ClientRateLimit.Allowance second = limit.acquire(one);
        assertThat(second).isSameAs(first);
        assertThat(first.grant(2) + second.grant(2) + first.grant(2)).isEqualTo(5);
        assertThat(second.grant(1)).isZero();
        assertThat(limit.acquire(InetAddress.getByName("192.0.2.2")).grant(5)).isEqualTo(5);
        assertThat(limit.addresses()).isEqualTo(2);

        limit.release(one);
        assertThat(limit.addresses()).isEqualTo(2); // one connection from 192.0.2.1 is still open
        limit.release(one);
        assertThat(limit.addresses()).as("closed, but its rate has not recovered").isEqualTo(2);
        assertThat(limit.acquire(one).grant(5)).as("reconnecting buys no fresh burst").isZero();
        limit.release(one);

        now.addAndGet(2_000_000_000L); // both recovered
        limit.release(InetAddress.getByName("192.0.2.2"));
        assertThat(limit.addresses()).isEqualTo(1);
        limit.acquire(InetAddress.getByName("192.0.2.3")); // sweeps the recovered 192.0.2.1
        assertThat(limit.addresses()).isEqualTo(1);
    }

    @Test
    void aClosingConnectionGivesBackWhatItDidNotUse() throws Exception {
        ClientRateLimit.Allowance a = limit.acquire(InetAddress.getByName("192.0.2.1"));
        assertThat(a.grant(5)).isEqualTo(5);
        a.refund(3);
        assertThat(a.grant(10)).isEqualTo(3);
        assertThat(a.grant(1)).isZero();
        a.refund(100);
        assertThat(a.grant(10)).as("never more than a full burst").isEqualTo(5);
        a.refund(0);
        assertThat(a.grant(1)).isZero();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new ClientRateLimit(0, 5, now::get)).hasMessageContaining("rate per client must be 1..");
        assertThatThrownBy(() -> new ClientRateLimit(10, 0, now::get)).hasMessageContaining("burst per client must be at least 1");
    }
}
