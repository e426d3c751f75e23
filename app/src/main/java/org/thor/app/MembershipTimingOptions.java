package org.thor.app;

import java.time.Duration;
import org.thor.overlay.membership.MembershipSettings;
import picocli.CommandLine.Option;

/**
 * The failure-detection timings, the same options on every process of a network (event servers
 * use the silence timeout and report interval, members the presence interval, managers the report
 * timeout and status interval). Give every process the same values; they are checked together.
 */
final class MembershipTimingOptions {

    @Option(names = "--presence-interval", paramLabel = "MS", defaultValue = "250",
            description = "How often members send presence, the heartbeat (default: ${DEFAULT-VALUE} ms).")
    long presenceMillis;

    @Option(names = "--silence-timeout", paramLabel = "MS", defaultValue = "2000",
            description = "An event server stops seeing a member silent this long (default: ${DEFAULT-VALUE} ms).")
    long silenceMillis;

    @Option(names = "--report-interval", paramLabel = "MS", defaultValue = "500",
            description = "Event servers repeat what they see this often (default: ${DEFAULT-VALUE} ms).")
    long reportIntervalMillis;

    @Option(names = "--report-timeout", paramLabel = "MS", defaultValue = "1500",
            description = "Managers ignore an event server not heard for this long (default: ${DEFAULT-VALUE} ms).")
    long reportTimeoutMillis;

    @Option(names = "--status-interval", paramLabel = "MS", defaultValue = "5000",
            description = "The active manager repeats the network status this often (default: ${DEFAULT-VALUE} ms).")
    long statusIntervalMillis;

    /**
     * The member agent settings of a {@code thor} process joining through {@code servers}: these
     * timings, multiply 1000, this build's version and {@code region}.
     */
    org.thor.overlay.agent.MemberAgent.MemberAgentConfig agentConfig(java.util.List<java.net.InetSocketAddress> servers,
            String region) {
        return new org.thor.overlay.agent.MemberAgent.MemberAgentConfig(servers, settings(servers.size()), 1000,
                ThorVersion.version(), region, java.util.Map.of());
    }

    /** The settings for a network of {@code eventServers} event servers; IllegalArgumentException names the option. */
    MembershipSettings settings(int eventServers) {
        try {
            return new MembershipSettings(eventServers, Duration.ofMillis(presenceMillis), Duration.ofMillis(silenceMillis),
                    Duration.ofMillis(reportIntervalMillis), Duration.ofMillis(reportTimeoutMillis),
                    Duration.ofMillis(statusIntervalMillis), MembershipSettings.DEFAULT_MANAGER_ROLE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    .replace("presenceInterval", "--presence-interval").replace("silenceTimeout", "--silence-timeout")
                    .replace("reportInterval", "--report-interval").replace("reportTimeout", "--report-timeout")
                    .replace("statusInterval", "--status-interval"));
        }
    }
}
