package org.thor.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.adapters.component.AgentOverlay;
import org.thor.adapters.component.ThorComponent;

/**
 * Loads every route file Thor ships (the routes module, and the route files of the examples under
 * config/) into one Camel application, as {@code thor run} does, and checks that each route has
 * an id, opts into the shared error handling and starts; and that a route file with an unknown
 * endpoint fails at start naming the file.
 */
class ShippedRoutesTest {

    @TempDir
    Path dir;

    private Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    private CamelContext start(String patterns) throws Exception {
        main = new Main();
        main.configure().withRoutesIncludePattern(patterns).withJmxEnabled(false).withShutdownTimeout(1);
        main.bind("thor", new ThorComponent(new AgentOverlay(1000)));
        main.start();
        return main.getCamelContext();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    @Test
    void everyShippedRouteFileLoadsAndEveryRouteStarts() throws Exception {
        // the routes module's files, loaded from its jar as thor run does; the examples' from config/
        List<Path> packaged = files(Path.of("..", "routes", "src", "main", "resources", "routes"));
        List<Path> examples = files(Path.of("..", "config"));
        List<Path> files = new ArrayList<>(packaged);
        files.addAll(examples);
        assertThat(ShippedRoutesTest.class.getResource("/routes/errors.camel.yaml")).as("the routes jar is on the class path")
                .isNotNull();
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("errors.camel.yaml", "sip_proxy.camel.yaml",
                "voicemail_server.camel.yaml", "media_relay.camel.yaml", "xcap_server.camel.yaml",
                "provisioning_server.camel.yaml", "presence_server.camel.yaml");
        StringBuilder patterns = new StringBuilder("classpath:routes/*.camel.yaml");
        for (Path f : examples) {
            patterns.append(",file:").append(f.toAbsolutePath().normalize());
        }
        CamelContext context = start(patterns.toString());

        List<Route> routes = context.getRoutes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(files.size() - 1);
        for (Route route : routes) {
            assertThat(route.getRouteId()).as("route ids are given, not generated").doesNotStartWith("route");
            assertThat(context.getRouteController().getRouteStatus(route.getRouteId())).isEqualTo(ServiceStatus.Started);
            assertThat(route.getConfigurationId()).as(route.getRouteId() + " opts into the shared error handling")
                    .isEqualTo("thor-errors");
        }
        assertThat(routes).extracting(Route::getRouteId).contains("sip_proxy-members", "voicemail_server-members",
                "media_relay-members", "xcap_server-members", "provisioning_server-members", "presence_server-members");
    }

    @Test
    void aRouteWithAnUnknownEndpointFailsAtStartNamingTheFile() throws Exception {
        Path bad = dir.resolve("typo.camel.yaml");
        Files.writeString(bad, """
                - route:
                    id: typo-route
                    from:
                      uri: thor:members
                      steps:
                        - to: "lgo:oops"
                """);
        assertThatThrownBy(() -> start("file:" + bad))
                .satisfies(e -> assertThat(RouteFailures.describe(main.getCamelContext(), e))
                        .contains("route 'typo-route'")
                        .contains(bad.toString())
                        .contains("lgo"));
    }

    @Test
    void aRouteWithABadThorEndpointFailsAtStartNamingTheFile() throws Exception {
        Path bad = dir.resolve("bad-topic.camel.yaml");
        Files.writeString(bad, """
                - route:
                    id: bad-topic
                    from:
                      uri: thor:events?topic=Thor.Nope
                      steps:
                        - log: "x"
                """);
        assertThatThrownBy(() -> start("file:" + bad))
                .satisfies(e -> assertThat(RouteFailures.describe(main.getCamelContext(), e))
                        .contains(bad.toString())
                        .contains("unknown topic 'Thor.Nope'"));
    }
}
