package org.thor.app;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.file.Path;

/** A configuration file that cannot be used; the message names the file, the key and what is wrong. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(Path file, String key, String problem) {
        super(file + (key == null || key.isEmpty() ? "" : ": " + key) + ": " + problem);
    }

    /** Turns a Jackson mapping error into one line: {@code file: members[2].ports.sip: bad value 'x' ...}. */
    public static ConfigException of(Path file, JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (key.length() > 0) {
                    key.append('.');
                }
                key.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        String problem;
        if (e instanceof UnrecognizedPropertyException) {
            problem = "unknown key";
        } else if (e instanceof InvalidFormatException bad) {
            problem = "bad value '" + bad.getValue() + "' (expected " + bad.getTargetType().getSimpleName().toLowerCase() + ")";
        } else {
            problem = e.getOriginalMessage();
        }
        return new ConfigException(file, key.toString(), problem);
    }
}
