package org.thor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thor.overlay.member.Member;

class StaticMembersTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("members.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void readsMembersRolesAndPorts() throws IOException {
        StaticMembers members = StaticMembers.read(file("""
                multiply: 200
                members:
                  - id: node1
                    address: 10.0.0.1
                    roles: [sip_proxy, voicemail_server]
                    ports: {sip_proxy: 5060}
                  - address: 10.0.0.2
                    roles: [sip_proxy]
                """));
        assertThat(members.multiply()).isEqualTo(200);
        assertThat(members.members()).extracting(Member::id).containsExactly("node1", "10.0.0.2");
        assertThat(members.members().get(0).port("sip_proxy")).isEqualTo(5060);
        assertThat(members.rings().ring("sip_proxy").size()).isEqualTo(2);
    }

    @Test
    void writeThenReadGivesTheSameMembers() throws IOException {
        List<Member> demo = List.of(
                new Member("node1", "127.0.0.31", java.util.Set.of("sip_proxy", "voicemail_server"),
                        java.util.Map.of("sip_proxy", 5060, "voicemail_server", 5070)),
                new Member("node2", "127.0.0.32", java.util.Set.of("sip_proxy"), java.util.Map.of()));
        Path f = dir.resolve("out.yaml");
        new StaticMembers(1000, demo).write(f);
        assertThat(StaticMembers.read(f).members()).isEqualTo(demo);
    }

    @Test
    void anUnknownKeyNamesTheFileAndTheKey() throws IOException {
        Path f = file("""
                members:
                  - address: 10.0.0.1
                    colour: blue
                """);
        assertThatThrownBy(() -> StaticMembers.read(f))
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ": members[0].colour: unknown key");
    }

    @Test
    void aBadPortValueNamesTheKeyAndValue() throws IOException {
        Path f = file("""
                members:
                  - address: 10.0.0.1
                    ports: {sip_proxy: fivethousand}
                """);
        assertThatThrownBy(() -> StaticMembers.read(f))
                .hasMessage(f + ": members[0].ports.sip_proxy: bad value 'fivethousand' (expected integer)");
    }

    @Test
    void outOfRangeValuesAndDuplicatesAreErrors() throws IOException {
        Path port = file("members:\n  - address: 10.0.0.1\n    ports: {sip_proxy: 70000}\n");
        assertThatThrownBy(() -> StaticMembers.read(port)).hasMessageContaining("members[0]: member 10.0.0.1: port 'sip_proxy' must be 1..65535, got 70000");
        Path multiply = file("multiply: 0\nmembers:\n  - address: 10.0.0.1\n");
        assertThatThrownBy(() -> StaticMembers.read(multiply)).hasMessage(multiply + ": multiply: must be 1..100000, got 0");
        Path twice = file("members:\n  - {address: 10.0.0.1, roles: [a]}\n  - {address: 10.0.0.1, roles: [a]}\n");
        assertThatThrownBy(() -> StaticMembers.read(twice)).hasMessageContaining("member id 10.0.0.1 appears twice");
        Path none = file("multiply: 5\n");
        assertThatThrownBy(() -> StaticMembers.read(none)).hasMessage(none + ": members: at least one member is required");
        Path missing = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> StaticMembers.read(missing)).hasMessageStartingWith(missing + ": cannot read");
    }
}
