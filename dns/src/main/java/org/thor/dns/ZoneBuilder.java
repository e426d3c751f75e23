package org.thor.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thor.overlay.member.Member;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Builds a {@link ZoneSnapshot} from the live members and the {@link RoleRecordTable}:
 * <ul>
 *   <li>every member gets a host name {@code <id>.<zone>} (the id lower-cased, characters other than
 *       letters, digits and '-' replaced by '-') with an A or AAAA record when its address is an IP
 *       literal; a member whose address is a host name is named by that host name in SRV and NS
 *       records instead, and has no address record here;</li>
 *   <li>per role, the SRV names of the table (priority 10, weight 10 for every node, the port from
 *       the member's named ports) and the A/AAAA records of the role's host aliases;</li>
 *   <li>at the apex: SOA, NS naming the members of the name server role, NAPTR (RFC 3263) pointing
 *       at the SIP SRV names that have at least one node.</li>
 * </ul>
 * Members are sorted by id first, so every dns member given the same membership builds the same
 * zone, serial included.
 */
public final class ZoneBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ZoneBuilder.class);
    static final int SRV_PRIORITY = 10;
    static final int SRV_WEIGHT = 10;
    static final int NAPTR_PREFERENCE = 50;

    private final ZoneConfig config;
    private final RoleRecordTable table;

    public ZoneBuilder(ZoneConfig config, RoleRecordTable table) {
        this.config = config;
        this.table = table;
    }

    /** The zone for {@code members}, with a serial derived from their content. */
    public ZoneSnapshot build(List<Member> members) {
        return build(members, serialOf(members));
    }

    /** The zone for {@code members} with the given SOA serial (live membership passes its version). */
    public ZoneSnapshot build(List<Member> members, long serial) {
        Name zone = config.zone();
        long ttl = config.ttl().getSeconds();
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Member::id));

        Map<String, Host> hosts = new LinkedHashMap<>();
        Set<Name> usedNames = new HashSet<>();
        for (Member m : sorted) {
            hosts.put(m.id(), host(m, usedNames, ttl));
        }

        Map<Name, Map<Integer, List<Record>>> sets = new LinkedHashMap<>();
        List<Record> nsRecords = new ArrayList<>();
        for (Member m : sorted) {
            if (m.serves(table.nsRole())) {
                nsRecords.add(new NSRecord(zone, DClass.IN, ttl, hosts.get(m.id()).name));
            }
        }
        Name mname = nsRecords.isEmpty() ? zone : ((NSRecord) nsRecords.get(0)).getTarget();
        SOARecord soa = new SOARecord(zone, DClass.IN, ttl, mname, config.hostmaster(), serial,
                config.refresh().getSeconds(), config.retry().getSeconds(), config.expire().getSeconds(),
                config.negativeTtl().getSeconds());
        add(sets, soa);
        nsRecords.forEach(r -> add(sets, r));

        List<Record> naptr = new ArrayList<>();
        for (RoleRecords role : table.roles()) {
            List<Member> serving = sorted.stream().filter(m -> m.serves(role.role())).toList();
            for (SrvService service : role.services()) {
                Name owner = ZoneConfig.relative(service.name(), zone);
                int published = 0;
                for (Member m : serving) {
                    int port = portFor(m, service);
                    if (port > 0) {
                        add(sets, new SRVRecord(owner, DClass.IN, ttl, SRV_PRIORITY, SRV_WEIGHT, port, hosts.get(m.id()).name));
                        published++;
                    } else {
                        LOG.debug("member {} serves {} but publishes none of the ports {}; left out of {}",
                                m.id(), role.role(), service.portNames(), owner);
                    }
                }
                if (published > 0 && service.naptrService() != null) {
                    naptr.add(new NAPTRRecord(zone, DClass.IN, ttl, service.naptrOrder(), NAPTR_PREFERENCE, "S",
                            service.naptrService(), "", owner));
                }
            }
            for (String alias : role.hostAliases()) {
                Name owner = alias.equals("@") ? zone : ZoneConfig.relative(alias, zone);
                for (Member m : serving) {
                    Record address = hosts.get(m.id()).address;
                    if (address != null) {
                        add(sets, address.withName(owner));
                    }
                }
            }
        }
        naptr.sort(Comparator.comparingInt(r -> ((NAPTRRecord) r).getOrder()));
        naptr.forEach(r -> add(sets, r));
        for (Host h : hosts.values()) {
            if (h.address != null) {
                add(sets, h.address);
            }
        }
        return render(zone, serial, sets);
    }

    private ZoneSnapshot render(Name zone, long serial, Map<Name, Map<Integer, List<Record>>> sets) {
        Map<String, RenderedSet[]> addressSets = new HashMap<>();
        for (Map.Entry<Name, Map<Integer, List<Record>>> e : sets.entrySet()) {
            List<RenderedSet> addresses = new ArrayList<>();
            for (int type : new int[] {Type.A, Type.AAAA}) {
                List<Record> rs = e.getValue().get(type);
                if (rs != null) {
                    addresses.add(renderSet(type, rs, Map.of()));
                }
            }
            addressSets.put(ZoneSnapshot.key(e.getKey()), addresses.toArray(RenderedSet[]::new));
        }
        Map<String, RenderedSet[]> names = new HashMap<>();
        List<Record> all = new ArrayList<>();
        RenderedSet soa = null;
        for (Map.Entry<Name, Map<Integer, List<Record>>> e : sets.entrySet()) {
            List<RenderedSet> rendered = new ArrayList<>();
            for (Map.Entry<Integer, List<Record>> typed : e.getValue().entrySet()) {
                RenderedSet set = renderSet(typed.getKey(), typed.getValue(), addressSets);
                rendered.add(set);
                all.addAll(typed.getValue());
                if (typed.getKey() == Type.SOA) {
                    soa = set;
                }
            }
            names.put(ZoneSnapshot.key(e.getKey()), rendered.toArray(RenderedSet[]::new));
            for (Name n = parent(e.getKey()); n != null && n.subdomain(zone); n = parent(n)) {
                names.putIfAbsent(ZoneSnapshot.key(n), new RenderedSet[0]);
            }
        }
        return new ZoneSnapshot(zone, config.sliceSize(), serial, names, soa, all);
    }

    private static RenderedSet renderSet(int type, List<Record> records, Map<String, RenderedSet[]> addressSets) {
        RenderedRecord[] rendered = new RenderedRecord[records.size()];
        for (int i = 0; i < rendered.length; i++) {
            Record r = records.get(i);
            byte[] wire = r.toWire(Section.ANSWER);
            byte[] body = Arrays.copyOfRange(wire, r.getName().length(), wire.length);
            Name target = type == Type.SRV ? ((SRVRecord) r).getTarget() : type == Type.NS ? ((NSRecord) r).getTarget() : null;
            if (target == null) {
                rendered[i] = new RenderedRecord(body, -1, null, RenderedRecord.NONE);
            } else {
                int offset = 10 + (type == Type.SRV ? 6 : 0);
                RenderedSet[] additional = addressSets.getOrDefault(ZoneSnapshot.key(target), RenderedRecord.NONE);
                rendered[i] = new RenderedRecord(body, offset, target.toWire(), additional);
            }
        }
        boolean sliced = type == Type.A || type == Type.AAAA || type == Type.SRV || type == Type.NS;
        return new RenderedSet(type, rendered, sliced);
    }

    private static void add(Map<Name, Map<Integer, List<Record>>> sets, Record r) {
        sets.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>())
                .computeIfAbsent(r.getType(), t -> new ArrayList<>()).add(r);
    }

    private static Name parent(Name name) {
        return name.labels() <= 1 ? null : new Name(name, 1);
    }

    private static int portFor(Member m, SrvService service) {
        for (String name : service.portNames()) {
            int port = m.port(name);
            if (port > 0) {
                return port;
            }
        }
        return -1;
    }

    private Host host(Member m, Set<Name> used, long ttl) {
        byte[] v4 = Address.toByteArray(m.address(), Address.IPv4);
        byte[] v6 = v4 == null ? Address.toByteArray(m.address(), Address.IPv6) : null;
        if (v4 == null && v6 == null) {
            try {
                return new Host(Name.fromString(m.address(), Name.root), null);
            } catch (TextParseException e) {
                throw new IllegalArgumentException("member " + m.id() + ": address '" + m.address()
                        + "' is neither an IP address nor a host name", e);
            }
        }
        Name name = uniqueHostName(m.id(), used);
        try {
            InetAddress ip = InetAddress.getByAddress(v4 != null ? v4 : v6);
            Record address = v4 != null ? new ARecord(name, DClass.IN, ttl, ip) : new AAAARecord(name, DClass.IN, ttl, ip);
            return new Host(name, address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + (v4 != null ? 4 : 16) + " rejected", e);
        }
    }

    /** {@code <id>.<zone>} with the id made a valid host label; a clash (ids differing only there) gets a suffix. */
    private Name uniqueHostName(String id, Set<Name> used) {
        StringBuilder label = new StringBuilder();
        for (char c : id.toLowerCase(Locale.ROOT).toCharArray()) {
            label.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-');
        }
        if (label.length() > 56) {
            label.setLength(56);
        }
        String base = label.toString();
        Name name = ZoneConfig.relative(base, config.zone());
        for (int i = 2; !used.add(name); i++) {
            name = ZoneConfig.relative(base + "-" + i, config.zone());
        }
        return name;
    }

    /** A serial that every dns member computes alike from the same membership: FNV-1a over the sorted members, 31 bits. */
    public static long serialOf(List<Member> members) {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Member::id));
        long h = 0xcbf29ce484222325L;
        for (Member m : sorted) {
            String s = m.id() + '|' + m.address() + '|' + new TreeSet<>(m.roles()) + '|' + new TreeMap<>(m.ports()) + ';';
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
        }
        long serial = (h ^ (h >>> 31)) & 0x7fffffffL;
        return serial == 0 ? 1 : serial;
    }

    private record Host(Name name, Record address) {
    }
}
