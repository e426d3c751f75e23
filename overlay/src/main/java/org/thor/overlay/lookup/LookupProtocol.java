package org.thor.overlay.lookup;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.thor.overlay.member.Member;
import org.thor.overlay.ring.NoNodeOnlineException;
import org.thor.overlay.ring.RoleRings;

/**
 * The line protocol of the public lookup interface, as SIP Thor clients such as CDRTool speak it.
 * One request line in, one answer line out; command words are case-insensitive.
 *
 * <pre>
 * lookup &lt;role&gt; for &lt;user@domain&gt;            → 10.0.0.5
 * lookup &lt;role&gt; for &lt;user@domain&gt; with port  → 10.0.0.5:5060
 * is_online &lt;address&gt; as &lt;role&gt;               → Yes | No
 * nodes &lt;role&gt;                                 → 10.0.0.5 10.0.0.6 ... (empty line when none)
 * help                                         → one line listing the commands
 * quit                                         → closes the connection
 * </pre>
 * Anything else is answered {@code error: <reason>}. This class holds no connection state, so it
 * is tested without sockets; {@link LookupServer} puts it on the wire.
 */
public final class LookupProtocol {

    public static final String HELP = "commands: lookup <role> for <user@domain> [with port]"
            + " | is_online <address> as <role> | nodes <role> | help | quit";
    static final String ERROR_PREFIX = "error: ";
    private static final int MAX_WORDS = 6;

    /** What {@link #answer} returns for {@code quit}: the server closes the connection. */
    public static final String QUIT = new String("quit");

    private final Supplier<RoleRings> rings;
    private final LookupObserver observer;

    public LookupProtocol(Supplier<RoleRings> rings) {
        this(rings, LookupObserver.NONE);
    }

    /** As {@link #LookupProtocol(Supplier)}, telling {@code observer} how each lookup ended. */
    public LookupProtocol(Supplier<RoleRings> rings, LookupObserver observer) {
        this.rings = rings;
        this.observer = observer;
    }

    /**
     * The answer to one request line, without line terminator; {@code null} for a blank line
     * (nothing is answered); {@link #QUIT} for {@code quit}.
     */
    public String answer(String line) {
        String[] words = words(line);
        if (words.length == 0) {
            return null;
        }
        String command = words[0].toLowerCase(Locale.ROOT);
        switch (command) {
            case "lookup":
                return lookup(words);
            case "is_online":
                return isOnline(words);
            case "nodes":
                return nodes(words);
            case "help":
                return words.length == 1 ? HELP : usage("help");
            case "quit":
            case "exit":
                return QUIT;
            default:
                return error("unknown command '" + printable(words[0]) + "' (try 'help')");
        }
    }

    private String lookup(String[] w) {
        boolean withPort = w.length == 6 && "with".equalsIgnoreCase(w[4]) && "port".equalsIgnoreCase(w[5]);
        if (!(w.length == 4 || withPort) || !"for".equalsIgnoreCase(w[2])) {
            return usage("lookup <role> for <user@domain> [with port]");
        }
        String role = w[1];
        Member home;
        try {
            home = rings.get().lookup(role, w[3]);
        } catch (NoNodeOnlineException e) {
            observer.lookedUp(role, LookupObserver.NO_NODE);
            return error(e.getMessage());
        } catch (IllegalArgumentException e) {
            observer.lookedUp(role, LookupObserver.BAD_KEY);
            return error(e.getMessage());
        }
        observer.lookedUp(role, LookupObserver.OK);
        if (!withPort) {
            return home.address();
        }
        int port = home.port(role);
        if (port < 0) {
            return error("node " + home.id() + " publishes no port for role " + role);
        }
        return hostPort(home.address(), port);
    }

    private String isOnline(String[] w) {
        if (w.length != 4 || !"as".equalsIgnoreCase(w[2])) {
            return usage("is_online <address> as <role>");
        }
        return rings.get().isOnline(w[1], w[3]) ? "Yes" : "No";
    }

    private String nodes(String[] w) {
        if (w.length != 2) {
            return usage("nodes <role>");
        }
        return rings.get().serving(w[1]).stream().map(Member::address).collect(Collectors.joining(" "));
    }

    static String hostPort(String address, int port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    private static String usage(String syntax) {
        return error("usage: " + syntax);
    }

    static String error(String reason) {
        return ERROR_PREFIX + reason;
    }

    /** A client's word quoted back in an error, cut short so that an answer stays one short line. */
    private static String printable(String word) {
        return word.length() > 40 ? word.substring(0, 40) + "..." : word;
    }

    /** Words separated by spaces or tabs; at most {@code MAX_WORDS + 1} are kept (more is a usage error anyway). */
    private static String[] words(String line) {
        String[] found = new String[MAX_WORDS + 1];
        int count = 0;
        int i = 0;
        int n = line.length();
        while (i < n && count < found.length) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                found[count++] = line.substring(start, i);
            }
        }
        return count == found.length ? found : java.util.Arrays.copyOf(found, count);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
