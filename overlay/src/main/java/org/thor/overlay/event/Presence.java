package org.thor.overlay.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The payload of {@code Thor.Presence}: a member says it is up and which roles it serves now.
 * JSON: {@code {"name":"node1","address":"10.0.0.1","roles":["sip_proxy"],"ports":{"sip_proxy":5060}}}.
 *
 * @param name    the member's name, which must be its certificate CN
 * @param address where others reach it
 * @param roles   roles it serves now; each must be in its certificate
 * @param ports   named ports
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Presence(String name, String address, List<String> roles, Map<String, Integer> ports) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public Presence {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("\"name\" is missing");
        }
        roles = roles == null ? List.of() : List.copyOf(roles);
        ports = ports == null ? Map.of() : Map.copyOf(new TreeMap<>(ports));
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a presence */
    public static Presence fromJson(byte[] json) {
        try {
            return JSON.readValue(json, Presence.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage().lines().findFirst().orElse("not JSON"), e);
        }
    }
}
