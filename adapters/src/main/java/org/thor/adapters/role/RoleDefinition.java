package org.thor.adapters.role;

import java.util.List;

/**
 * A role as operators define it, in a file of its own, with no code: what it is called, which
 * port its daemon serves, how its health is checked, what DNS publishes for it, whether it takes
 * part in the hash ring, and the route files that wire it.
 *
 * @param name        the role, e.g. {@code presence_server}; a node's certificate must allow it
 * @param port        the daemon's port, announced as the member port named after the role (0: none)
 * @param ring        whether the role takes part in the hash ring (default true); with false the
 *                    node announces the role outside its ring: online in it (is_online, nodes, DNS),
 *                    but no subscriber's home (lookups for the role are refused)
 * @param srv         SRV records thor-dns publishes for the role's live nodes
 * @param healthCheck how the daemon is checked; null: announced whenever the node runs
 * @param routes      route files the role needs (file paths relative to the definition, or
 *                    {@code classpath:} locations)
 */
public record RoleDefinition(String name, int port, boolean ring, List<SrvRecord> srv, HealthCheck healthCheck,
        List<String> routes) {

    public RoleDefinition {
        if (name == null || !name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new InvalidSettingException("name", "must be lower case letters, digits and '_', starting with a letter, got '"
                    + name + "'");
        }
        if (name.startsWith("thor_")) {
            throw new InvalidSettingException("name", "'thor_' roles are Thor's own services, not role definitions: '" + name + "'");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidSettingException("port", "must be 0..65535, got " + port);
        }
        srv = srv == null ? List.of() : List.copyOf(srv);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /**
     * One SRV record name, {@code _service._protocol.<domain>}, pointing at the role's live nodes.
     *
     * @param service  e.g. {@code sip} or {@code pres}
     * @param protocol {@code tcp}, {@code udp} or {@code tls}
     * @param port     the target port (0: the role's port)
     */
    public record SrvRecord(String service, String protocol, int port) {

        public SrvRecord {
            if (service == null || !service.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new InvalidSettingException("service", "must be a DNS label without '_', got '" + service + "'");
            }
            if (protocol == null || !List.of("tcp", "udp", "tls", "sctp").contains(protocol)) {
                throw new InvalidSettingException("protocol", "must be tcp, udp, tls or sctp, got '" + protocol + "'");
            }
            if (port < 0 || port > 65535) {
                throw new InvalidSettingException("port", "must be 0..65535, got " + port);
            }
        }
    }
}
