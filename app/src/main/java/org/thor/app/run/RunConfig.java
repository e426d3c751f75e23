package org.thor.app.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thor.app.ConfigException;
import org.thor.app.ConfigFiles;
import org.thor.app.EventServerDiscovery;
import org.thor.app.HostPort;
import org.thor.overlay.event.EventServerConfig;
import org.thor.overlay.http.HttpApiConfig;
import org.thor.overlay.lookup.LookupServerConfig;
import org.thor.overlay.tls.TlsFiles;

/**
 * The file {@code thor run} reads: which services this process runs and which roles it announces.
 * Every key is checked at start; unknown keys and bad values fail with the file, the key and the
 * value (docs/camel.md has the reference). Relative paths are relative to the file's folder.
 *
 * <pre>
 * tls: {caDir: ca, name: node1}        # or cert, key, ca (and crl)
 * eventServers: [127.0.0.1:8000]          # or leave out: DNS SRV _eventserver._tcp.DOMAIN,
 * # eventServerDns: 10.0.0.53:53         #   asked of this server (default: the system resolver)
 * node: {address: 10.0.0.1, region: eu-west}
 * services:
 *   eventServer: {listen: 0.0.0.0:8000}
 *   manager: {}
 *   lookup: {listen: 0.0.0.0:9500, ratePerClient: 100000, burstPerClient: 10000}
 *   http: {listen: 0.0.0.0:9501}
 *   dns: {listen: 0.0.0.0:53}
 * roles: [sip_proxy, presence_server]
 * roleDefinitions: roles
 * routes: [routes, classpath:routes/errors.camel.yaml]
 * </pre>
 *
 * @param file             the file read
 * @param tls              the member's TLS files
 * @param reloadSeconds    how often the TLS files are checked for changes
 * @param eventServers     the event servers to join through (bootstrap list); empty: found through DNS SRV
 *                         {@code _eventserver._tcp.<domain>} at start
 * @param eventServerDns   the DNS server to ask for that SRV (e.g. a thor-dns), or null for the system resolver
 * @param address          the address to announce (null: the certificate's first IP)
 * @param region           the region to announce
 * @param eventServer      where this process's event server listens, or null for none
 * @param manager          whether this process runs a thor-manager
 * @param lookup           this process's lookup service (where it listens, the rate per client), or null for none
 * @param http             where this process's node HTTP API listens, or null for none
 * @param dns              where this process's thor-dns listens (UDP and TCP), or null for none
 * @param roles            the roles to announce (each while its health check passes)
 * @param roleDefinitions  the folder of role definition files, or null
 * @param routes           route files, folders of them, or {@code classpath:} locations
 */
public record RunConfig(Path file, TlsFiles tls, int reloadSeconds, List<HostPort> eventServers, HostPort eventServerDns,
        String address,
        String region, HostPort eventServer, boolean manager, LookupServerConfig lookup, HostPort http, HostPort dns, List<String> roles, Path roleDefinitions,
        List<String> routes) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Reads and checks {@code file}. */
    public static RunConfig read(Path file) {
        FileModel model;
        model = ConfigFiles.read(YAML, file, FileModel.class);
        if (model == null) {
            throw new ConfigException(file, null, "the file is empty");
        }
        Path base = file.toAbsolutePath().getParent();
        if (model.tls == null) {
            throw new ConfigException(file, "tls", "is required (cert, key, ca, or caDir and name)");
        }
        TlsFiles tls = model.tls.files(file, base);
        if (model.tls.reloadSeconds < 1 || model.tls.reloadSeconds > 86400) {
            throw new ConfigException(file, "tls.reloadSeconds", "must be 1..86400, got " + model.tls.reloadSeconds);
        }
        List<String> listed = model.eventServers == null ? List.of() : model.eventServers;
        if (model.eventServers != null && listed.isEmpty()) {
            throw new ConfigException(file, "eventServers", "is empty: list at least one event server, or leave the key out "
                    + "to find them through DNS SRV " + EventServerDiscovery.SERVICE + ".<domain>");
        }
        HostPort eventServerDns = null;
        if (model.eventServerDns != null) {
            if (!listed.isEmpty()) {
                throw new ConfigException(file, "eventServerDns", "give eventServers or eventServerDns, not both");
            }
            eventServerDns = hostPort(file, "eventServerDns", model.eventServerDns, 53);
        }
        List<HostPort> servers = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            servers.add(hostPort(file, "eventServers[" + i + "]", listed.get(i), EventServerConfig.DEFAULT_PORT));
        }
        ServicesModel services = model.services == null ? new ServicesModel() : model.services;
        HostPort eventServer = services.eventServer == null ? null
                : hostPort(file, "services.eventServer.listen", services.eventServer.listen, EventServerConfig.DEFAULT_PORT);
        LookupServerConfig lookup = services.lookup == null ? null : lookupConfig(file, services.lookup);
        HostPort http = services.http == null ? null
                : hostPort(file, "services.http.listen", services.http.listen, HttpApiConfig.DEFAULT_PORT);
        HostPort dns = services.dns == null ? null
                : hostPort(file, "services.dns.listen", services.dns.listen, org.thor.dns.DnsServerConfig.DEFAULT_PORT);
        List<String> roles = model.roles == null ? List.of() : List.copyOf(model.roles);
        for (int i = 0; i < roles.size(); i++) {
            if (roles.get(i) == null || !roles.get(i).matches("[a-z][a-z0-9_]{0,62}")) {
                throw new ConfigException(file, "roles[" + i + "]", "bad role name '" + roles.get(i) + "'");
            }
        }
        Path definitions = null;
        if (model.roleDefinitions != null) {
            definitions = base.resolve(model.roleDefinitions).normalize();
            if (!Files.isDirectory(definitions)) {
                throw new ConfigException(file, "roleDefinitions", "'" + model.roleDefinitions + "' is not a folder");
            }
        } else if (!roles.isEmpty()) {
            throw new ConfigException(file, "roleDefinitions", "is required to announce roles " + roles);
        }
        List<String> routes = new ArrayList<>();
        List<String> given = model.routes == null ? List.of() : model.routes;
        for (int i = 0; i < given.size(); i++) {
            routes.add(RouteLocations.resolve(file, "routes[" + i + "]", base, given.get(i)));
        }
        if (eventServer == null && !services.managerEnabled() && lookup == null && http == null && dns == null && roles.isEmpty()) {
            throw new ConfigException(file, "services", "runs nothing: give services or roles");
        }
        String address = model.node == null ? null : model.node.address;
        String region = model.node == null || model.node.region == null ? "" : model.node.region;
        return new RunConfig(file, tls, model.tls.reloadSeconds, servers, eventServerDns, address, region, eventServer,
                services.managerEnabled(), lookup, http, dns, roles, definitions, routes);
    }

    private static LookupServerConfig lookupConfig(Path file, LookupModel model) {
        HostPort at = hostPort(file, "services.lookup.listen", model.listen, LookupServerConfig.DEFAULT_PORT);
        LookupServerConfig config = LookupServerConfig.defaults().withAddress(at.host(), at.port());
        long rate = model.ratePerClient == null ? config.ratePerClient() : model.ratePerClient;
        int burst = model.burstPerClient == null ? config.burstPerClient() : model.burstPerClient;
        // the config checks both; asking it one value at a time says which key is wrong
        try {
            config = config.withRatePerClient(rate, config.burstPerClient());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, "services.lookup.ratePerClient", "bad value '" + rate + "': " + e.getMessage());
        }
        try {
            return config.withRatePerClient(rate, burst);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, "services.lookup.burstPerClient", "bad value '" + burst + "': " + e.getMessage());
        }
    }

    private static HostPort hostPort(Path file, String key, String value, int defaultPort) {
        if (value == null) {
            throw new ConfigException(file, key, "is required (HOST:PORT)");
        }
        try {
            return HostPort.parse(value.strip(), defaultPort);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, key, "bad value '" + value + "': " + e.getMessage());
        }
    }

    static final class FileModel {
        @JsonProperty
        public TlsModel tls;
        @JsonProperty
        public List<String> eventServers;
        @JsonProperty
        public String eventServerDns;
        @JsonProperty
        public NodeModel node;
        @JsonProperty
        public ServicesModel services;
        @JsonProperty
        public List<String> roles;
        @JsonProperty
        public String roleDefinitions;
        @JsonProperty
        public List<String> routes;
    }

    static final class TlsModel {
        @JsonProperty
        public String cert;
        @JsonProperty
        public String key;
        @JsonProperty
        public String ca;
        @JsonProperty
        public String crl;
        @JsonProperty
        public String caDir;
        @JsonProperty
        public String name;
        @JsonProperty
        public int reloadSeconds = 5;

        TlsFiles files(Path file, Path base) {
            TlsFiles files;
            if (caDir != null) {
                if (name == null) {
                    throw new ConfigException(file, "tls.name", "is required with tls.caDir");
                }
                if (cert != null || key != null || ca != null) {
                    throw new ConfigException(file, "tls.caDir", "excludes tls.cert, tls.key and tls.ca");
                }
                Path dir = base.resolve(caDir);
                Path crlFile = dir.resolve("crl.pem");
                files = new TlsFiles(dir.resolve("members").resolve(name + ".crt"), dir.resolve("members").resolve(name + ".key"),
                        dir.resolve("ca.crt"), Files.exists(crlFile) ? crlFile : null);
            } else {
                for (Map.Entry<String, String> e : Map.of("tls.cert", nz(cert), "tls.key", nz(key), "tls.ca", nz(ca)).entrySet()) {
                    if (e.getValue().isEmpty()) {
                        throw new ConfigException(file, e.getKey(), "is required (or tls.caDir and tls.name)");
                    }
                }
                files = new TlsFiles(base.resolve(cert), base.resolve(key), base.resolve(ca), crl == null ? null : base.resolve(crl));
            }
            check(file, caDir != null ? "tls.caDir" : "tls.cert", files.certificate());
            check(file, caDir != null ? "tls.caDir" : "tls.key", files.privateKey());
            check(file, caDir != null ? "tls.caDir" : "tls.ca", files.caCertificate());
            if (files.crl() != null) {
                check(file, "tls.crl", files.crl());
            }
            return files;
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }

        private static void check(Path file, String key, Path path) {
            if (!Files.isReadable(path)) {
                throw new ConfigException(file, key, "cannot read '" + path + "'");
            }
        }
    }

    static final class NodeModel {
        @JsonProperty
        public String address;
        @JsonProperty
        public String region;
    }

    static final class ServicesModel {
        @JsonProperty
        public ListenModel eventServer;
        @JsonProperty
        public ManagerModel manager;
        @JsonProperty
        public LookupModel lookup;
        @JsonProperty
        public ListenModel http;
        @JsonProperty
        public ListenModel dns;

        boolean managerEnabled() {
            return manager != null;
        }
    }

    /** No settings yet: {@code manager: {}} turns it on. */
    static final class ManagerModel {
    }

    static final class ListenModel {
        @JsonProperty
        public String listen;
    }

    static final class LookupModel {
        @JsonProperty
        public String listen;
        @JsonProperty
        public Long ratePerClient;
        @JsonProperty
        public Integer burstPerClient;
    }
}
