package org.thor.dns;

import java.util.List;

/**
 * One SRV name a role publishes (RFC 2782), e.g. {@code _sip._udp}, and where a member's port for it
 * comes from: the first of {@code portNames} the member publishes. A member that publishes none of
 * them is left out of this SRV name (and only of this one), so a node without TLS never appears under
 * {@code _sips._tcp}.
 *
 * @param name          service and protocol labels relative to the zone, e.g. {@code _sip._udp}
 * @param portNames     member port names to try in order, e.g. {@code sip_udp, sip_proxy}
 * @param naptrService  RFC 3263 NAPTR service field pointing at this SRV name from the zone apex,
 *                      e.g. {@code SIP+D2U}; null when the service has no NAPTR record
 * @param naptrOrder    NAPTR order of that record (lower is preferred)
 */
public record SrvService(String name, List<String> portNames, String naptrService, int naptrOrder) {

    public SrvService {
        if (name == null || !name.matches("(_[a-z0-9-]+)(\\._[a-z0-9-]+)+")) {
            throw new IllegalArgumentException("SRV name must look like _service._proto, got '" + name + "'");
        }
        if (portNames == null || portNames.isEmpty()) {
            throw new IllegalArgumentException("SRV " + name + ": at least one port name is required");
        }
        portNames = List.copyOf(portNames);
        if (naptrOrder < 0 || naptrOrder > 65535) {
            throw new IllegalArgumentException("SRV " + name + ": NAPTR order must be 0..65535, got " + naptrOrder);
        }
    }

    /** An SRV name without a NAPTR record. */
    public static SrvService srv(String name, String... portNames) {
        return new SrvService(name, List.of(portNames), null, 0);
    }

    /** An SRV name that the zone apex's NAPTR set points at with {@code service}. */
    public static SrvService withNaptr(String name, String service, int order, String... portNames) {
        return new SrvService(name, List.of(portNames), service, order);
    }
}
