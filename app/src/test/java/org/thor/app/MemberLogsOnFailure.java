package org.thor.app;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * When a test fails, prints the last lines of every member's log of the test's {@link LocalNetwork}
 * fields to standard error, before {@code @AfterEach} stops the network and the temporary directory
 * with the logs goes: a failure on a CI machine then says what the members saw.
 */
final class MemberLogsOnFailure implements AfterTestExecutionCallback {

    static final int LINES = 60;

    @Override
    public void afterTestExecution(ExtensionContext context) throws IllegalAccessException {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        Object test = context.getRequiredTestInstance();
        for (Class<?> c = test.getClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType() == LocalNetwork.class) {
                    field.setAccessible(true);
                    LocalNetwork net = (LocalNetwork) field.get(test);
                    if (net != null) {
                        print(context.getDisplayName(), net);
                    }
                }
            }
        }
    }

    private static void print(String test, LocalNetwork net) {
        StringBuilder out = new StringBuilder();
        for (MemberProcess member : net.members()) {
            out.append("==== ").append(test).append(": last ").append(LINES).append(" lines of ")
                    .append(member.name()).append(" (").append(member.log()).append(") ====\n");
            try {
                List<String> lines = Files.readAllLines(member.log(), StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - LINES), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("(cannot read: ").append(e.getMessage()).append(")\n");
            }
        }
        System.err.print(out);
    }
}
