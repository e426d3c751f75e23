package org.thor.overlay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer before it goes on the wire: status, content type, body and extra headers.
 * Errors are always JSON {@code {"status":404,"error":"..."}} so a script can read them.
 */
public record HttpAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";
    public static final String HTML = "text/html; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    public HttpAnswer {
        headers = Map.copyOf(headers == null ? Map.of() : headers);
    }

    /** {@code value} (maps, lists, strings, numbers, records) as a JSON body. */
    public static HttpAnswer json(int status, Object value) {
        try {
            return new HttpAnswer(status, JSON, MAPPER.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static HttpAnswer error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        return json(status, body);
    }

    public static HttpAnswer text(int status, String contentType, String text) {
        return new HttpAnswer(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public HttpAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpAnswer(status, contentType, body, more);
    }
}
