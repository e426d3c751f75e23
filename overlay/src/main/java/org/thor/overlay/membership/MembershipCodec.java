package org.thor.overlay.membership;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thor.overlay.member.Member;

/**
 * The JSON payloads of the membership topics (docs/membership.md lists them with examples).
 * Fields a reader does not know are ignored, so that a newer member can add fields during a
 * rolling upgrade; missing or malformed required fields are an {@link IllegalArgumentException}
 * naming the field.
 */
public final class MembershipCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private MembershipCodec() {
    }

    /** A member as it travels inside presence and status payloads. */
    record MemberJson(String name, String address, List<String> roles, Map<String, Integer> ports, List<String> outsideRing) {
        static MemberJson of(Member m) {
            return new MemberJson(m.id(), m.address(), new ArrayList<>(m.roles()), m.ports(), new ArrayList<>(m.outsideRing()));
        }

        Member toMember() {
            require(name, "name");
            require(address, "address");
            return new Member(name, address, new LinkedHashSet<>(roles == null ? List.of() : roles), ports,
                    new LinkedHashSet<>(outsideRing == null ? List.of() : outsideRing));
        }
    }

    record PresenceJson(String name, String address, List<String> roles, Map<String, Integer> ports, List<String> outsideRing,
            String version, String region, Map<String, String> attributes, long incarnation, long sequence,
            Long statusTerm) {
    }

    record LeaveJson(String name, long incarnation) {
    }

    record ReportJson(String eventServer, long sequence, List<String> seen) {
    }

    record StatusJson(long term, long sequence, String activeManager, List<MemberJson> members, List<String> disabled) {
    }

    record AdminJson(String action, String node) {
    }

    public static byte[] presence(Presence p) {
        Member m = p.member();
        return write(new PresenceJson(m.id(), m.address(), new ArrayList<>(m.roles()), m.ports(),
                new ArrayList<>(m.outsideRing()), p.version(), p.region(), p.attributes(), p.incarnation(), p.sequence(),
                p.statusTerm() == 0 ? null : p.statusTerm()));
    }

    public static Presence presence(byte[] json) {
        PresenceJson p = read(json, PresenceJson.class, "presence");
        Member member = new MemberJson(p.name, p.address, p.roles, p.ports, p.outsideRing).toMember();
        return new Presence(member, p.version, p.region, p.attributes, p.incarnation, p.sequence,
                p.statusTerm == null ? 0 : p.statusTerm);
    }

    /** A leave: who leaves, and which incarnation of it. */
    public record Leave(String name, long incarnation) {
    }

    public static byte[] leave(Leave leave) {
        return write(new LeaveJson(leave.name(), leave.incarnation()));
    }

    public static Leave leave(byte[] json) {
        LeaveJson l = read(json, LeaveJson.class, "leave");
        require(l.name, "name");
        return new Leave(l.name, l.incarnation);
    }

    public static byte[] report(ConnectivityReport r) {
        return write(new ReportJson(r.eventServer(), r.sequence(), List.copyOf(new java.util.TreeSet<>(r.seen()))));
    }

    public static ConnectivityReport report(byte[] json) {
        ReportJson r = read(json, ReportJson.class, "connectivity report");
        require(r.eventServer, "eventServer");
        return new ConnectivityReport(r.eventServer, r.sequence, Set.copyOf(r.seen == null ? List.of() : r.seen));
    }

    public static byte[] status(NetworkStatus s) {
        List<MemberJson> members = s.members().stream().map(MemberJson::of).toList();
        return write(new StatusJson(s.version().term(), s.version().sequence(), s.activeManager(), members,
                List.copyOf(new java.util.TreeSet<>(s.disabled()))));
    }

    public static NetworkStatus status(byte[] json) {
        StatusJson s = read(json, StatusJson.class, "network status");
        require(s.activeManager, "activeManager");
        List<Member> members = new ArrayList<>();
        for (MemberJson m : s.members == null ? List.<MemberJson>of() : s.members) {
            members.add(m.toMember());
        }
        return new NetworkStatus(new StatusVersion(s.term, s.sequence), s.activeManager, members,
                Set.copyOf(s.disabled == null ? List.of() : s.disabled));
    }

    public static byte[] admin(AdminCommand c) {
        return write(new AdminJson(c.action().name().toLowerCase(java.util.Locale.ROOT), c.node()));
    }

    public static AdminCommand admin(byte[] json) {
        AdminJson a = read(json, AdminJson.class, "admin command");
        require(a.action, "action");
        AdminCommand.Action action;
        try {
            action = AdminCommand.Action.valueOf(a.action.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("admin command: \"action\" must be disable or enable, got '" + a.action + "'");
        }
        return new AdminCommand(action, a.node);
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            T value = JSON.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException(what + ": empty payload");
            }
            return value;
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            message = message.lines().findFirst().orElse("not JSON");
            if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
                String field = m.getPath().get(m.getPath().size() - 1).getFieldName();
                if (field != null) {
                    message = message.startsWith("Cannot map `null`") ? "\"" + field + "\" is missing"
                            : "\"" + field + "\": " + message;
                }
            }
            throw new IllegalArgumentException(what + ": " + message, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
    }
}
