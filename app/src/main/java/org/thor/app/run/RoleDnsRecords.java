package org.thor.app.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.thor.adapters.role.RoleDefinition;
import org.thor.dns.RoleRecordTable;
import org.thor.dns.RoleRecords;
import org.thor.dns.SrvService;

/**
 * Adds the DNS records of role definitions to thor-dns's record table, so that a role added by
 * files (a definition with {@code dns.srv}) is served in DNS with no code change. A role the
 * built-in table already knows keeps its built-in records (they carry the NAPTR order of
 * RFC 3263 that definitions do not express); every other role gets one SRV name
 * {@code _service._protocol} per entry, pointing at the port its nodes announce under the role's
 * name.
 */
public final class RoleDnsRecords {

    private RoleDnsRecords() {
    }

    public static RoleRecordTable withDefinitions(RoleRecordTable base, Collection<RoleDefinition> definitions) {
        Set<String> known = new HashSet<>();
        base.roles().forEach(r -> known.add(r.role()));
        List<RoleRecords> roles = new ArrayList<>(base.roles());
        for (RoleDefinition d : definitions) {
            if (known.contains(d.name()) || d.srv().isEmpty()) {
                continue;
            }
            List<SrvService> services = d.srv().stream()
                    .map(s -> SrvService.srv("_" + s.service() + "._" + s.protocol(), d.name()))
                    .toList();
            roles.add(new RoleRecords(d.name(), services, List.of()));
        }
        return new RoleRecordTable(roles, base.nsRole());
    }
}
