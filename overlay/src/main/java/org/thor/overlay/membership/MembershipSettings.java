package org.thor.overlay.membership;

import java.time.Duration;

/**
 * Timing and quorum of membership, with their defaults. Every value is checked here, once.
 *
 * @param eventServers      how many event servers the network runs (configured or found in DNS);
 *                          a member is online while more than half of them see it
 * @param presenceInterval  how often a member publishes its presence (default 250 ms); presence
 *                          doubles as the heartbeat the event servers listen for
 * @param silenceTimeout    an event server stops seeing a member it has not heard from for this
 *                          long (default 2 s: eight missed presences; catches a hung or
 *                          SIGSTOPped member within 3 s)
 * @param reportInterval    an event server repeats its connectivity report this often even
 *                          without change (default 500 ms)
 * @param reportTimeout     a manager ignores the report of an event server it has not heard from
 *                          for this long (default 1.5 s: three missed reports)
 * @param statusInterval    the active manager repeats the network status this often (default 5 s)
 * @param managerRole       the role a manager announces and its certificate carries
 */
public record MembershipSettings(int eventServers, Duration presenceInterval, Duration silenceTimeout,
        Duration reportInterval, Duration reportTimeout, Duration statusInterval, String managerRole) {

    public static final String DEFAULT_MANAGER_ROLE = "thor_manager";

    public MembershipSettings {
        if (eventServers < 1) {
            throw new IllegalArgumentException("eventServers must be at least 1, got " + eventServers);
        }
        positive("presenceInterval", presenceInterval);
        positive("silenceTimeout", silenceTimeout);
        positive("reportInterval", reportInterval);
        positive("reportTimeout", reportTimeout);
        positive("statusInterval", statusInterval);
        if (silenceTimeout.compareTo(presenceInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("silenceTimeout (" + silenceTimeout
                    + ") must be at least twice presenceInterval (" + presenceInterval + ")");
        }
        if (reportTimeout.compareTo(reportInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("reportTimeout (" + reportTimeout
                    + ") must be at least twice reportInterval (" + reportInterval + ")");
        }
        if (managerRole == null || managerRole.isBlank()) {
            throw new IllegalArgumentException("managerRole is missing");
        }
    }

    public static MembershipSettings defaults(int eventServers) {
        return new MembershipSettings(eventServers, Duration.ofMillis(250), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofSeconds(5), DEFAULT_MANAGER_ROLE);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Event servers that must see a member (and a manager) for it to count: more than half. */
    public int quorum() {
        return eventServers / 2 + 1;
    }
}
