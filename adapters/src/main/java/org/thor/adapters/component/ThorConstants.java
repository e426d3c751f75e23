package org.thor.adapters.component;

/** Header names of the {@code thor:} component (see docs/camel.md). */
public final class ThorConstants {

    /** In, {@code thor:lookup}: the key (subscriber) to look up when the body is not it. */
    public static final String KEY = "ThorKey";
    /** Out, {@code thor:lookup}; out, {@code thor:members}: the role. */
    public static final String ROLE = "ThorRole";
    /** Out, {@code thor:lookup}: id of the key's home node. */
    public static final String NODE_ID = "ThorNodeId";
    /** Out, {@code thor:lookup}: address of the key's home node. */
    public static final String NODE_ADDRESS = "ThorNodeAddress";
    /** Out, {@code thor:lookup}: the home node's named ports ({@code Map<String,Integer>}). */
    public static final String NODE_PORTS = "ThorNodePorts";
    /** Out, {@code thor:lookup}: the home node's port named after the role, when it announces one. */
    public static final String NODE_PORT = "ThorNodePort";
    /** Out, {@code thor:members}: ids that joined the role ({@code List<String>}). */
    public static final String JOINED = "ThorJoined";
    /** Out, {@code thor:members}: ids that left the role ({@code List<String>}). */
    public static final String LEFT = "ThorLeft";
    /** Out, {@code thor:members}: the network status version, e.g. {@code 3.17}. */
    public static final String STATUS_VERSION = "ThorStatusVersion";
    /** Out, {@code thor:events} and {@code thor:publish}: the topic. */
    public static final String TOPIC = "ThorTopic";
    /** Out, {@code thor:events} and {@code thor:publish}: who published the event. */
    public static final String PUBLISHER = "ThorPublisher";
    /** Out, {@code thor:events} and {@code thor:publish}: the event's sequence number. */
    public static final String SEQUENCE = "ThorSequence";
    /** Out, {@code thor:publish}: how many event servers took the event. */
    public static final String SERVERS = "ThorServers";

    private ThorConstants() {
    }
}
