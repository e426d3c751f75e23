package org.thor.app.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.thor.app.ConfigException;

/** Turns the route entries of a config or role definition into camel-main route include patterns. */
final class RouteLocations {

    private RouteLocations() {
    }

    /**
     * {@code classpath:...} stays as it is; a folder becomes every {@code *.camel.yaml} in it; a
     * file must exist and be a {@code .yaml} route file. Relative paths are relative to {@code base}.
     */
    static String resolve(Path file, String key, Path base, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(file, key, "is empty");
        }
        if (value.startsWith("classpath:")) {
            return value;
        }
        Path path = base.resolve(value).normalize();
        if (Files.isDirectory(path)) {
            return "file:" + path + "/*.camel.yaml";
        }
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(file, key, "no such file or folder '" + value + "'");
        }
        if (!path.getFileName().toString().endsWith(".yaml")) {
            throw new ConfigException(file, key, "'" + value + "' is not a YAML route file (*.camel.yaml)");
        }
        return "file:" + path;
    }
}
