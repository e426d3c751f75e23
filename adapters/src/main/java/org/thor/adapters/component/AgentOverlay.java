package org.thor.adapters.component;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.thor.overlay.agent.MemberAgent;
import org.thor.overlay.event.Event;
import org.thor.overlay.event.EventClient;
import org.thor.overlay.event.EventListener;
import org.thor.overlay.membership.NetworkStatus;
import org.thor.overlay.ring.RoleRings;

/**
 * The {@link ThorOverlay} of a process, over its {@link MemberAgent} once that has joined. Routes
 * are created before the agent starts, so listeners and topics registered earlier are kept here
 * and handed to the agent by {@link #attach}; a lookup before then finds empty rings.
 */
public final class AgentOverlay implements ThorOverlay {

    private final int multiply;
    private final List<Consumer<NetworkStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private final List<TopicListener> eventListeners = new CopyOnWriteArrayList<>();
    private final EventListener dispatch = this::dispatch;
    private volatile MemberAgent agent;

    public AgentOverlay(int multiply) {
        this.multiply = multiply;
    }

    /** From now on, answer from {@code member} and feed its statuses and events to the listeners. */
    public void attach(MemberAgent member) {
        if (agent != null) {
            throw new IllegalStateException("already attached to " + agent.member().id());
        }
        agent = Objects.requireNonNull(member, "member");
        member.addEventListener(dispatch);
        eventListeners.forEach(l -> member.client().subscribe(l.topic));
        member.follower().addListener(status -> statusListeners.forEach(l -> l.accept(status)));
        NetworkStatus current = member.follower().current();
        if (current != null) {
            statusListeners.forEach(l -> l.accept(current));
        }
    }

    /** Stops feeding listeners (the agent is closing). */
    public void detach() {
        MemberAgent member = agent;
        if (member != null) {
            member.removeEventListener(dispatch);
        }
    }

    public MemberAgent agent() {
        return agent;
    }

    @Override
    public RoleRings rings() {
        MemberAgent member = agent;
        return member == null ? RoleRings.empty(multiply) : member.rings().get();
    }

    @Override
    public NetworkStatus currentStatus() {
        MemberAgent member = agent;
        return member == null ? null : member.follower().current();
    }

    @Override
    public Subscription onStatus(Consumer<NetworkStatus> listener) {
        statusListeners.add(listener);
        return () -> statusListeners.remove(listener);
    }

    @Override
    public Subscription onEvent(String topic, Consumer<Event> listener) {
        TopicListener entry = new TopicListener(topic, listener);
        eventListeners.add(entry);
        MemberAgent member = agent;
        if (member != null) {
            member.client().subscribe(topic);
        }
        return () -> eventListeners.remove(entry);
    }

    @Override
    public Published publish(String topic, byte[] payload) {
        MemberAgent member = agent;
        if (member == null) {
            throw new IllegalStateException("cannot publish on " + topic + ": this process has not joined the network");
        }
        EventClient.Published sent = member.client().publish(topic, payload);
        return new Published(sent.event(), sent.servers());
    }

    private void dispatch(Event event) {
        for (TopicListener l : eventListeners) {
            if (l.topic.equals(event.topic())) {
                l.listener.accept(event);
            }
        }
    }

    private record TopicListener(String topic, Consumer<Event> listener) {
    }
}
