package org.thor.adapters.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.EventId;
import org.thor.overlay.member.Member;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.membership.StatusVersion;
import org.thor.overlay.ring.RoleRings;

/** A {@link ThorOverlay} in memory: the test sets the status and delivers events by hand. */
final class FakeOverlay implements ThorOverlay {

    private volatile NetworkStatus status;
    private volatile RoleRings rings = RoleRings.empty(1000);
    private final List<Consumer<NetworkStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<String, Consumer<Event>>> eventListeners = new CopyOnWriteArrayList<>();
    final List<Event> published = new CopyOnWriteArrayList<>();
    volatile int connectedServers = 3;
    private long sequence;

    /** A new network status with {@code members}, applied as a member would and handed to the listeners. */
    void status(long version, Member... members) {
        NetworkStatus next = new NetworkStatus(new StatusVersion(1, version), "manager1", List.of(members), java.util.Set.of());
        status = next;
        rings = RoleRings.of(1000, List.of(members));
        statusListeners.forEach(l -> l.accept(next));
    }

    void deliver(String topic, String publisher, String payload) {
        Event event = new Event(topic, new EventId(publisher, 1, ++sequence), payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        eventListeners.stream().filter(e -> e.getKey().equals(topic)).forEach(e -> e.getValue().accept(event));
    }

    @Override
    public RoleRings rings() {
        return rings;
    }

    @Override
    public NetworkStatus currentStatus() {
        return status;
    }

    @Override
    public Subscription onStatus(Consumer<NetworkStatus> listener) {
        statusListeners.add(listener);
        return () -> statusListeners.remove(listener);
    }

    @Override
    public Subscription onEvent(String topic, Consumer<Event> listener) {
        Map.Entry<String, Consumer<Event>> entry = Map.entry(topic, listener);
        eventListeners.add(entry);
        return () -> eventListeners.remove(entry);
    }

    @Override
    public Published publish(String topic, byte[] payload) {
        Event event = new Event(topic, new EventId("node1", 1, ++sequence), payload);
        published.add(event);
        return new Published(event, connectedServers);
    }

    List<String> publishedTexts() {
        List<String> texts = new ArrayList<>();
        published.forEach(e -> texts.add(e.payloadText()));
        return texts;
    }
}
