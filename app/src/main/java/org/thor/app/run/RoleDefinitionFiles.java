package org.thor.app.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.thor.adapters.role.HealthCheck;
import org.thor.adapters.role.InvalidSettingException;
import org.thor.adapters.role.RoleDefinition;
import org.thor.app.ConfigException;
import org.thor.app.ConfigFiles;

/**
 * Reads the role definitions of a folder: every {@code *.yaml} file in it that is not a route
 * file ({@code *.camel.yaml}) defines one role. Errors name the file and the key.
 *
 * <pre>
 * name: presence_server
 * port: 5062
 * ring: true
 * dns:
 *   srv: [{service: pres, protocol: tcp}]
 * healthCheck: {type: tcp, host: 127.0.0.1, port: 5062, intervalMs: 1000, rise: 2, fall: 2}
 * routes: [presence_server.camel.yaml]
 * </pre>
 */
public final class RoleDefinitionFiles {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    /** A definition and the route include patterns its {@code routes} resolve to. */
    public record Loaded(RoleDefinition definition, Path file, List<String> routePatterns) {
    }

    private RoleDefinitionFiles() {
    }

    /** Every definition in {@code dir}, by role name. */
    public static Map<String, Loaded> read(Path dir) {
        Map<String, Loaded> byName = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().endsWith(".camel.yaml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(dir, null, "cannot list: " + e.getMessage());
        }
        for (Path file : files) {
            Loaded loaded = readFile(file);
            Loaded other = byName.put(loaded.definition().name(), loaded);
            if (other != null) {
                throw new ConfigException(file, "name", "role '" + loaded.definition().name() + "' is defined in "
                        + other.file() + " too");
            }
        }
        return byName;
    }

    /** One definition file. */
    public static Loaded readFile(Path file) {
        Model m;
        m = ConfigFiles.read(YAML, file, Model.class);
        if (m == null) {
            throw new ConfigException(file, null, "the file is empty");
        }
        HealthCheck check = null;
        if (m.healthCheck != null) {
            try {
                check = m.healthCheck.toCheck();
            } catch (InvalidSettingException e) {
                throw new ConfigException(file, "healthCheck." + e.key(), e.problem());
            }
        }
        List<RoleDefinition.SrvRecord> srv = new ArrayList<>();
        if (m.dns != null && m.dns.srv != null) {
            for (int i = 0; i < m.dns.srv.size(); i++) {
                SrvModel s = m.dns.srv.get(i);
                try {
                    srv.add(new RoleDefinition.SrvRecord(s.service, s.protocol, s.port));
                } catch (InvalidSettingException e) {
                    throw new ConfigException(file, "dns.srv[" + i + "]." + e.key(), e.problem());
                }
            }
        }
        RoleDefinition definition;
        try {
            definition = new RoleDefinition(m.name, m.port, m.ring, srv, check, m.routes);
        } catch (InvalidSettingException e) {
            throw new ConfigException(file, e.key(), e.problem());
        }
        List<String> patterns = new ArrayList<>();
        Path base = file.toAbsolutePath().getParent();
        for (int i = 0; i < definition.routes().size(); i++) {
            patterns.add(RouteLocations.resolve(file, "routes[" + i + "]", base, definition.routes().get(i)));
        }
        return new Loaded(definition, file, patterns);
    }

    static final class Model {
        @JsonProperty(required = true)
        public String name;
        @JsonProperty
        public int port;
        @JsonProperty
        public boolean ring = true;
        @JsonProperty
        public DnsModel dns;
        @JsonProperty
        public HealthCheckModel healthCheck;
        @JsonProperty
        public List<String> routes;
    }

    static final class DnsModel {
        @JsonProperty
        public List<SrvModel> srv;
    }

    static final class SrvModel {
        @JsonProperty
        public String service;
        @JsonProperty
        public String protocol;
        @JsonProperty
        public int port;
    }

    static final class HealthCheckModel {
        @JsonProperty
        public HealthCheck.Type type;
        @JsonProperty
        public String host;
        @JsonProperty
        public int port;
        @JsonProperty
        public String url;
        @JsonProperty
        public List<String> command;
        @JsonProperty
        public long intervalMs = HealthCheck.DEFAULT_INTERVAL.toMillis();
        @JsonProperty
        public long timeoutMs = HealthCheck.DEFAULT_TIMEOUT.toMillis();
        @JsonProperty
        public int rise = HealthCheck.DEFAULT_RISE;
        @JsonProperty
        public int fall = HealthCheck.DEFAULT_FALL;
        @JsonProperty
        public String probe;

        HealthCheck toCheck() {
            URI uri = null;
            if (url != null) {
                try {
                    uri = new URI(url);
                } catch (URISyntaxException e) {
                    throw new InvalidSettingException("url", "bad value '" + url + "': " + e.getReason());
                }
            }
            return new HealthCheck(type, host, port, uri, command, Duration.ofMillis(intervalMs), Duration.ofMillis(timeoutMs),
                    rise, fall, probe);
        }
    }
}
