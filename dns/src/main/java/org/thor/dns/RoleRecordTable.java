package org.thor.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which DNS records each role publishes. The default table below is what thor-dns serves until
 * role definitions (name, health check, DNS records) make it configurable; it is data, so a later
 * issue replaces it without touching the responder.
 *
 * <pre>
 * role                 SRV name (port names tried in order)                  NAPTR at apex    A/AAAA alias
 * sip_proxy            _sips._tcp  (sips)                                    SIPS+D2T, 50     @ and sip
 *                      _sip._tcp   (sip_tcp, sip_proxy)                      SIP+D2T,  90
 *                      _sip._udp   (sip_udp, sip_proxy)                      SIP+D2U, 100
 * thor_eventserver     _eventserver._tcp (eventserver)
 * provisioning_server  _ngnpro._tcp      (ngnpro, provisioning_server)
 * xcap_server          _xcap._tcp        (xcap, xcap_server)
 * voicemail_server     _voicemail._tcp   (voicemail, voicemail_server)
 * dns                  NS records at the apex
 * </pre>
 * The NAPTR orders are RFC 3263's example (section 4.1): TLS first, then TCP, then UDP.
 *
 * <p>Event servers are listed under the role their certificate must carry anyway,
 * {@code thor_eventserver}, and not under a second DNS-only role: a member appears under
 * {@code _eventserver._tcp} only if the CA certified it as an event server, which is also what
 * every event client checks before it talks to a server.
 *
 * @param roles     records per role, in the order they are published
 * @param nsRole    members with this role are the zone's name servers
 */
public record RoleRecordTable(List<RoleRecords> roles, String nsRole) {

    public static final String DEFAULT_NS_ROLE = "dns";
    /** Members with this role (the event servers' certified role) are listed under {@code _eventserver._tcp}. */
    public static final String EVENT_SERVER_ROLE = org.thor.overlay.tls.CertificateProfile.EVENT_SERVER_ROLE;
    /** The member port an event server announces its TLS port under, which the SRV records give. */
    public static final String EVENT_SERVER_PORT = "eventserver";

    public RoleRecordTable {
        roles = List.copyOf(roles);
        Map<String, String> srvOwners = new LinkedHashMap<>();
        for (RoleRecords r : roles) {
            for (SrvService s : r.services()) {
                String previous = srvOwners.putIfAbsent(s.name(), r.role());
                if (previous != null) {
                    throw new IllegalArgumentException("SRV name " + s.name() + " is claimed by roles " + previous
                            + " and " + r.role());
                }
            }
        }
        if (nsRole == null || nsRole.isBlank()) {
            throw new IllegalArgumentException("name server role is missing");
        }
    }

    /** The table documented above. */
    public static RoleRecordTable defaults() {
        List<RoleRecords> roles = new ArrayList<>();
        roles.add(new RoleRecords("sip_proxy", List.of(
                SrvService.withNaptr("_sips._tcp", "SIPS+D2T", 50, "sips"),
                SrvService.withNaptr("_sip._tcp", "SIP+D2T", 90, "sip_tcp", "sip_proxy"),
                SrvService.withNaptr("_sip._udp", "SIP+D2U", 100, "sip_udp", "sip_proxy")),
                List.of("@", "sip")));
        roles.add(new RoleRecords(EVENT_SERVER_ROLE, List.of(SrvService.srv("_eventserver._tcp", EVENT_SERVER_PORT)), List.of()));
        roles.add(new RoleRecords("provisioning_server",
                List.of(SrvService.srv("_ngnpro._tcp", "ngnpro", "provisioning_server")), List.of()));
        roles.add(new RoleRecords("xcap_server", List.of(SrvService.srv("_xcap._tcp", "xcap", "xcap_server")), List.of()));
        roles.add(new RoleRecords("voicemail_server",
                List.of(SrvService.srv("_voicemail._tcp", "voicemail", "voicemail_server")), List.of()));
        return new RoleRecordTable(roles, DEFAULT_NS_ROLE);
    }
}
