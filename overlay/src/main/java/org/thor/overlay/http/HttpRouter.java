package org.thor.overlay.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Maps {@code METHOD /path} to a {@link Route}. Patterns are literal segments and
 * {@code {name}} captures, e.g. {@code /lookup/{role}/{key}}; a capture matches one segment
 * and is handed over percent-decoded, so {@code sip%3Aalice%40example.com} arrives as
 * {@code sip:alice@example.com}, {@code %2F} does not split a segment and {@code +} stays {@code +}.
 *
 * <p>A path no pattern matches is answered 404, a matched path with another method 405 with an
 * {@code Allow} header, bad percent-encoding 400. {@code HEAD} is served by the {@code GET} route
 * (the handler drops the body). Routes are added before the server starts; the list is
 * copy-on-write, so every connection reads it without locking.
 */
public final class HttpRouter {

    /** Answers one matched request. Runs on a network thread: do not block. */
    @FunctionalInterface
    public interface Route {
        HttpAnswer answer(Request request);
    }

    /**
     * A matched request.
     *
     * @param method the method, upper case
     * @param path   the raw path, without query
     * @param params the captures, decoded
     * @param query  the query parameters, decoded
     */
    public record Request(String method, String path, Map<String, String> params, Map<String, List<String>> query) {

        public String param(String name) {
            return params.get(name);
        }
    }

    private record Entry(String method, String[] segments, Route route) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Adds {@code route} for {@code method} (e.g. {@code GET}) and {@code pattern}; returns this router. */
    public HttpRouter add(String method, String pattern, Route route) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
        }
        entries.add(new Entry(method, split(pattern), route));
        return this;
    }

    public HttpRouter get(String pattern, Route route) {
        return add("GET", pattern, route);
    }

    /** The answer to {@code method uri}; never throws for bad input, a route's failure becomes 500. */
    public HttpAnswer route(String method, String uri) {
        QueryStringDecoder decoder;
        String[] segments;
        try {
            decoder = new QueryStringDecoder(uri);
            segments = split(decoder.rawPath());
        } catch (IllegalArgumentException e) {
            return HttpAnswer.error(400, "bad request URI: " + e.getMessage());
        }
        String wanted = "HEAD".equals(method) ? "GET" : method;
        Set<String> allowed = new TreeSet<>();
        for (Entry entry : entries) {
            Map<String, String> params = match(entry.segments, segments);
            if (params == null) {
                continue;
            }
            if (!entry.method.equals(wanted)) {
                allowed.add(entry.method);
                if (entry.method.equals("GET")) {
                    allowed.add("HEAD");
                }
                continue;
            }
            Map<String, String> decoded = new LinkedHashMap<>();
            Map<String, List<String>> query;
            try {
                params.forEach((k, v) -> decoded.put(k, decodeSegment(v)));
                query = decoder.parameters();
            } catch (IllegalArgumentException e) {
                return HttpAnswer.error(400, "bad percent-encoding: " + e.getMessage());
            }
            try {
                return entry.route.answer(new Request(method, decoder.rawPath(), decoded, query));
            } catch (RuntimeException e) {
                return HttpAnswer.error(500, "internal error: " + e);
            }
        }
        if (!allowed.isEmpty()) {
            return HttpAnswer.error(405, "method " + method + " is not allowed here (allowed: "
                    + String.join(", ", allowed) + ")").withHeader("allow", String.join(", ", allowed));
        }
        return HttpAnswer.error(404, "no such resource: " + printable(decoder.rawPath()));
    }

    /**
     * Percent-decodes a path segment. Unlike a form value, a path keeps {@code +} literal, which
     * matters for E.164 users such as {@code +4930123@example.com}.
     */
    static String decodeSegment(String segment) {
        return QueryStringDecoder.decodeComponent(segment.indexOf('+') < 0 ? segment : segment.replace("+", "%2B"));
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.length() > 2 && p.charAt(0) == '{' && p.charAt(p.length() - 1) == '}') {
                if (path[i].isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new LinkedHashMap<>();
                }
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    /** Segments of a path: {@code /} is none, {@code /a/b} is two, a trailing slash is ignored. */
    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static String printable(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
