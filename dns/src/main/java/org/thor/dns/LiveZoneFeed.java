package org.thor.dns;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.membership.StatusVersion;

/**
 * Feeds a {@link ZoneDirectory} from live membership: given each newer {@link NetworkStatus} (as a
 * {@code StatusFollower} listener), it builds the zone of the status's online members and
 * publishes it. The serial is {@link ZoneBuilder#serialOf} of the members, not the status version,
 * so every dns member given the same membership answers the same SOA, whichever manager published
 * it. A status older than the last one applied is ignored (listeners may be called concurrently).
 */
public final class LiveZoneFeed implements Consumer<NetworkStatus> {

    private final ZoneBuilder builder;
    private final ZoneDirectory directory;
    private StatusVersion applied;

    public LiveZoneFeed(ZoneBuilder builder, ZoneDirectory directory) {
        this.builder = Objects.requireNonNull(builder, "builder");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** A directory holding the zone of an empty network (SOA and nothing else) until the first status. */
    public static ZoneDirectory emptyDirectory(ZoneBuilder builder) {
        return new ZoneDirectory(builder.build(List.of()));
    }

    @Override
    public synchronized void accept(NetworkStatus status) {
        if (applied != null && !status.version().isNewerThan(applied)) {
            return;
        }
        applied = status.version();
        directory.publish(builder.build(status.members()));
    }
}
