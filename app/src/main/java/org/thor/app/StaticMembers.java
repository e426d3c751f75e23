package org.thor.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.HashRing;
import org.thor.overlay.ring.RoleRings;

/**
 * A fixed membership read from a YAML (or JSON) file, for a lookup service that runs before, or
 * without, live membership:
 *
 * <pre>
 * multiply: 1000            # optional, points per node (default 1000)
 * members:
 *   - id: node1             # optional, defaults to the address
 *     address: 10.0.0.11
 *     roles: [sip_proxy, voicemail_server]
 *     ports: {sip_proxy: 5060}
 * </pre>
 * Unknown keys and bad values are errors that name the file and the key.
 */
public final class StaticMembers {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final int multiply;
    private final List<Member> members;

    public StaticMembers(int multiply, List<Member> members) {
        this.multiply = multiply;
        this.members = List.copyOf(members);
    }

    public int multiply() {
        return multiply;
    }

    public List<Member> members() {
        return members;
    }

    public RoleRings rings() {
        return RoleRings.of(multiply, members);
    }

    /** Reads and validates {@code file}. */
    public static StaticMembers read(Path file) {
        FileModel model;
        model = ConfigFiles.read(YAML, file, FileModel.class);
        if (model == null || model.members == null || model.members.isEmpty()) {
            throw new ConfigException(file, "members", "at least one member is required");
        }
        if (model.multiply < 1 || model.multiply > HashRing.MAX_MULTIPLY) {
            throw new ConfigException(file, "multiply", "must be 1.." + HashRing.MAX_MULTIPLY + ", got " + model.multiply);
        }
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < model.members.size(); i++) {
            MemberModel m = model.members.get(i);
            String key = "members[" + i + "]";
            if (m == null) {
                throw new ConfigException(file, key, "empty member");
            }
            try {
                members.add(new Member(m.id != null ? m.id : m.address, m.address, new LinkedHashSet<>(m.roles),
                        m.ports));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, key, e.getMessage());
            }
        }
        try {
            RoleRings.of(model.multiply, members);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, "members", e.getMessage());
        }
        return new StaticMembers(model.multiply, members);
    }

    /** Writes this membership in the file format {@link #read} accepts. */
    public void write(Path file) throws IOException {
        FileModel model = new FileModel();
        model.multiply = multiply;
        model.members = new ArrayList<>();
        for (Member m : members) {
            MemberModel mm = new MemberModel();
            mm.id = m.id();
            mm.address = m.address();
            mm.roles = new ArrayList<>(m.roles());
            mm.ports = new LinkedHashMap<>(m.ports());
            model.members.add(mm);
        }
        YAML.writeValue(file.toFile(), model);
    }

    static final class FileModel {
        @JsonProperty
        public int multiply = HashRing.DEFAULT_MULTIPLY;
        @JsonProperty
        public List<MemberModel> members;
    }

    static final class MemberModel {
        @JsonProperty
        public String id;
        @JsonProperty(required = true)
        public String address;
        @JsonProperty
        public List<String> roles = List.of();
        @JsonProperty
        public Map<String, Integer> ports = Map.of();
    }
}
