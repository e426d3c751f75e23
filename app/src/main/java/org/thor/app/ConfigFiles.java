package org.thor.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a YAML (or JSON) configuration file so that every problem names the file and, where known, the key. */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /**
     * Reads {@code file} into {@code type} with {@code mapper}.
     *
     * @return the value, or null when the file holds nothing
     * @throws ConfigException for a file that cannot be read or parsed, an unknown key or a bad value
     */
    public static <T> T read(ObjectMapper mapper, Path file, Class<T> type) {
        try {
            return mapper.readValue(Files.readAllBytes(file), type);
        } catch (JsonMappingException e) {
            throw ConfigException.of(file, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, null, e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file, null, "cannot read: " + e.getMessage());
        }
    }
}
