package org.thor.overlay.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.NetworkStatus;

/**
 * The small HTML status page at {@code /}: member, network status, members and role health. No
 * scripts, no external assets; every value from the network is HTML-escaped.
 */
final class StatusPage {

    private StatusPage() {
    }

    static String render(NodeState node) {
        StringBuilder html = new StringBuilder(2048);
        NetworkStatus status = node.status();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Thor ")
                .append(escape(String.valueOf(node.memberId()))).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #999;padding:.2em .6em;text-align:left}</style></head><body>\n")
                .append("<h1>Thor node ").append(escape(String.valueOf(node.memberId()))).append("</h1>\n<p>");
        if (status == null) {
            html.append("No network status received yet.");
        } else {
            html.append("Network status ").append(escape(status.version().toString()))
                    .append(" from active manager ").append(escape(status.activeManager()))
                    .append(", ").append(status.members().size()).append(" members.");
        }
        html.append(" Connected to ").append(node.connectedEventServers()).append(" event servers; ")
                .append(node.eventsDelivered()).append(" events delivered.</p>\n");
        if (status != null) {
            html.append("<h2>Members</h2>\n<table><tr><th>id</th><th>address</th><th>roles</th><th>ports</th></tr>\n");
            for (Member m : status.members()) {
                html.append("<tr><td>").append(escape(m.id())).append("</td><td>").append(escape(m.address()))
                        .append("</td><td>").append(escape(String.join(", ", new TreeSet<>(m.roles()))))
                        .append("</td><td>").append(escape(new TreeMap<>(m.ports()).toString())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        Map<String, Boolean> health = new TreeMap<>(node.roleHealth());
        if (!health.isEmpty()) {
            html.append("<h2>Role health</h2>\n<table><tr><th>role</th><th>health</th></tr>\n");
            health.forEach((role, ok) -> html.append("<tr><td>").append(escape(role)).append("</td><td>")
                    .append(ok ? "UP" : "DOWN").append("</td></tr>\n"));
            html.append("</table>\n");
        }
        html.append("<p><a href=\"/health\">health</a> · <a href=\"/metrics\">metrics</a></p>\n</body></html>\n");
        return html.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
