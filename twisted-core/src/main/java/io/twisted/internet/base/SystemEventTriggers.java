package io.twisted.internet.base;

import io.twisted.internet.SystemEvent;
import io.twisted.internet.SystemEventTrigger;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The system event triggers of a reactor, as Twisted's {@code _ThreePhaseEvent}: when an event
 * fires, its "before" triggers run; Deferreds they return are waited for; then the "during" and
 * "after" triggers run. A trigger that fails is logged and does not stop the others.
 */
public final class SystemEventTriggers {

    private static final System.Logger LOG = System.getLogger("io.twisted.internet");

    /** A registered trigger; the handle returned to callers. */
    private static final class Handle {
        final SystemEvent event;
        final SystemEvent.Phase phase;
        final SystemEventTrigger trigger;

        Handle(SystemEvent event, SystemEvent.Phase phase, SystemEventTrigger trigger) {
            this.event = event;
            this.phase = phase;
            this.trigger = trigger;
        }
    }

    private final Map<SystemEvent, Map<SystemEvent.Phase, List<Handle>>> triggers = new EnumMap<>(SystemEvent.class);
    private final EnumMap<SystemEvent, Boolean> firing = new EnumMap<>(SystemEvent.class);

    /** Adds a trigger; returns its handle. */
    public Object add(SystemEvent.Phase phase, SystemEvent event, SystemEventTrigger trigger) {
        Handle h = new Handle(event, phase, trigger);
        triggers.computeIfAbsent(event, e -> new EnumMap<>(SystemEvent.Phase.class))
                .computeIfAbsent(phase, p -> new ArrayList<>()).add(h);
        return h;
    }

    /** Removes a trigger by handle. @throws IllegalArgumentException for an unknown handle */
    public void remove(Object handle) {
        if (!(handle instanceof Handle)) {
            throw new IllegalArgumentException("not a system event trigger handle: " + handle);
        }
        Handle h = (Handle) handle;
        Map<SystemEvent.Phase, List<Handle>> m = triggers.get(h.event);
        if (m == null || m.get(h.phase) == null || !m.get(h.phase).remove(h)) {
            throw new IllegalArgumentException("trigger not registered (already removed or already run): " + handle);
        }
    }

    /** Whether {@code event} is firing now. */
    public boolean isFiring(SystemEvent event) {
        return firing.getOrDefault(event, false);
    }

    /**
     * Fires {@code event}: runs its triggers phase by phase; {@code done} runs after the "after"
     * phase. Triggers are consumed (an event fires its triggers once).
     */
    public void fire(SystemEvent event, Runnable done) {
        firing.put(event, true);
        runPhase(event, SystemEvent.Phase.BEFORE, () -> runPhase(event, SystemEvent.Phase.DURING,
                () -> runPhase(event, SystemEvent.Phase.AFTER, () -> {
                    firing.put(event, false);
                    done.run();
                })));
    }

    private void runPhase(SystemEvent event, SystemEvent.Phase phase, Runnable next) {
        Map<SystemEvent.Phase, List<Handle>> m = triggers.get(event);
        List<Handle> list = m == null ? null : m.remove(phase);
        if (list == null || list.isEmpty()) {
            next.run();
            return;
        }
        List<Deferred<?>> waits = new ArrayList<>();
        for (Handle h : list) {
            Object r;
            try {
                r = h.trigger.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "system event trigger failed (" + phase + " " + event + ")", t);
                continue;
            }
            if (r instanceof Deferred) {
                waits.add((Deferred<?>) r);
            }
        }
        // Triggers added to this phase while it ran also run now, as Twisted's do.
        if (m.containsKey(phase)) {
            runPhase(event, phase, next);
            return;
        }
        if (waits.isEmpty()) {
            next.run();
            return;
        }
        int[] remaining = {waits.size()};
        Consumer<Object> one = x -> {
            if (--remaining[0] == 0) {
                next.run();
            }
        };
        for (Deferred<?> d : waits) {
            d.addCallbacks(r -> {
                one.accept(r);
                return null;
            }, (Failure f) -> {
                LOG.log(System.Logger.Level.ERROR, "system event trigger's Deferred failed (" + phase + " " + event + ")", f.value());
                one.accept(f);
                return null;
            });
        }
    }
}
