package org.thor.app;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds the event servers of a Thor domain through DNS, as a zero-configuration member does:
 * the SRV records of {@code _eventserver._tcp.<domain>} (RFC 2782), then the A/AAAA records of each
 * target. With a resolver address ({@code --dns HOST:PORT}) it asks that server directly, e.g. a
 * thor-dns; without one, dnsjava's default resolver, i.e. the system's name servers
 * ({@code /etc/resolv.conf}), which works when the system DNS delegates the Thor domain to thor-dns.
 */
public final class EventServerDiscovery {

    public static final String SERVICE = "_eventserver._tcp";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private EventServerDiscovery() {
    }

    /**
     * The event servers of {@code domain}, ordered by SRV priority.
     *
     * @param resolver where to ask, or null for the system resolver
     * @throws IllegalArgumentException naming the query that found nothing or failed
     */
    public static List<InetSocketAddress> find(String domain, HostPort resolver) {
        Name name;
        try {
            name = Name.fromString(SERVICE + "." + domain, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad domain " + domain + ": " + e.getMessage());
        }
        Resolver dns = resolver == null ? null : simpleResolver(resolver);
        String from = resolver == null ? "the system resolver" : resolver.toString();
        List<SRVRecord> srvs = new ArrayList<>();
        for (Record r : lookup(name, Type.SRV, dns, from)) {
            srvs.add((SRVRecord) r);
        }
        srvs.sort(Comparator.comparingInt(SRVRecord::getPriority));
        List<InetSocketAddress> servers = new ArrayList<>();
        for (SRVRecord srv : srvs) {
            for (InetAddress address : addresses(srv.getTarget(), dns, from)) {
                servers.add(new InetSocketAddress(address, srv.getPort()));
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no event server found: SRV " + name + " from " + from
                    + " names no target with an address");
        }
        return servers;
    }

    private static SimpleResolver simpleResolver(HostPort at) {
        try {
            SimpleResolver r = new SimpleResolver(InetAddress.getByName(at.host()));
            r.setPort(at.port());
            r.setTimeout(TIMEOUT);
            return r;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--dns " + at + ": unknown host");
        }
    }

    private static List<Record> lookup(Name name, int type, Resolver resolver, String from) {
        Lookup lookup = new Lookup(name, type);
        lookup.setCache(new Cache()); // a fresh cache: never an answer from before the network changed
        if (resolver != null) {
            lookup.setResolver(resolver);
        }
        Record[] records = lookup.run();
        if (records == null) {
            if (type != Type.SRV) {
                return List.of();
            }
            throw new IllegalArgumentException("no event server found: " + Type.string(type) + " " + name + " from "
                    + from + ": " + lookup.getErrorString());
        }
        return List.of(records);
    }

    private static List<InetAddress> addresses(Name target, Resolver resolver, String from) {
        List<InetAddress> list = new ArrayList<>();
        for (Record r : lookup(target, Type.A, resolver, from)) {
            list.add(((ARecord) r).getAddress());
        }
        for (Record r : lookup(target, Type.AAAA, resolver, from)) {
            list.add(((AAAARecord) r).getAddress());
        }
        return list;
    }
}
