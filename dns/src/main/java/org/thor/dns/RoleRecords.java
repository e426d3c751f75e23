package org.thor.dns;

import java.util.List;

/**
 * The DNS records one role gives its live members: SRV names, and host names that resolve (A/AAAA)
 * to every member of the role.
 *
 * @param role        role name as members announce it, e.g. {@code sip_proxy}
 * @param services    SRV names of the role
 * @param hostAliases names relative to the zone whose A/AAAA records are the role's members;
 *                    {@code @} is the zone apex
 */
public record RoleRecords(String role, List<SrvService> services, List<String> hostAliases) {

    public RoleRecords {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("role name is missing");
        }
        services = List.copyOf(services == null ? List.of() : services);
        hostAliases = List.copyOf(hostAliases == null ? List.of() : hostAliases);
        for (String alias : hostAliases) {
            if (!alias.equals("@") && !alias.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
                throw new IllegalArgumentException("role " + role + ": host alias must be '@' or a host name, got '"
                        + alias + "'");
            }
        }
    }
}
