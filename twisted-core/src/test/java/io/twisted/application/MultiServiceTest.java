package io.twisted.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.Deferred;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** MultiService: start order, reverse stop order, waiting for children's stop Deferreds, naming. */
class MultiServiceTest {

    private final List<String> log = new ArrayList<>();

    /** Records its life cycle; its stop Deferred is fired by the test when {@code slow}. */
    final class Recording extends AbstractService {
        final String label;
        final boolean slow;
        Deferred<Void> stopping;

        Recording(String label, boolean slow) {
            this.label = label;
            this.slow = slow;
        }

        @Override
        public void privilegedStartService() {
            log.add("privileged " + label);
        }

        @Override
        public void startService() {
            super.startService();
            log.add("start " + label);
        }

        @Override
        public Deferred<Void> stopService() {
            super.stopService();
            log.add("stop " + label);
            if (slow) {
                stopping = new Deferred<>();
                return stopping;
            }
            return null;
        }
    }

    @Test
    void startsInOrderAndStopsInReverse() {
        MultiService m = new MultiService();
        for (String s : List.of("a", "b", "c")) {
            new Recording(s, false).setServiceParent(m);
        }
        m.privilegedStartService();
        m.startService();
        Deferred<Void> stopped = m.stopService();
        assertEquals(List.of("privileged a", "privileged b", "privileged c", "start a", "start b", "start c",
                "stop c", "stop b", "stop a"), log);
        assertTrue(stopped.isCalled());
        assertFalse(m.isRunning());
    }

    @Test
    void stopWaitsForEveryChildDeferred() {
        MultiService m = new MultiService();
        Recording a = new Recording("a", true);
        Recording b = new Recording("b", true);
        a.setServiceParent(m);
        b.setServiceParent(m);
        m.startService();
        Deferred<Void> stopped = m.stopService();
        assertFalse(stopped.isCalled());
        b.stopping.callback(null);
        assertFalse(stopped.isCalled());
        a.stopping.callback(null);
        assertTrue(stopped.isCalled());
        assertNull(stopped.currentResult());
    }

    @Test
    void childStopFailureStillStopsTheOthers() {
        MultiService m = new MultiService();
        Recording a = new Recording("a", true);
        a.setServiceParent(m);
        new AbstractService() {
            @Override
            public Deferred<Void> stopService() {
                super.stopService();
                throw new IllegalStateException("boom");
            }
        }.setServiceParent(m);
        m.startService();
        Deferred<Void> stopped = m.stopService();
        assertEquals(List.of("start a", "stop a"), log);
        a.stopping.callback(null);
        assertTrue(stopped.isCalled());
        assertNull(stopped.currentResult());
    }

    @Test
    void emptyMultiServiceStopsAtOnce() {
        MultiService m = new MultiService();
        m.startService();
        assertTrue(m.stopService().isCalled());
    }

    @Test
    void addingToARunningServiceStartsTheChild() {
        MultiService m = new MultiService();
        m.startService();
        Recording a = new Recording("a", false);
        a.setServiceParent(m);
        assertEquals(List.of("privileged a", "start a"), log);
        assertTrue(a.isRunning());
        a.disownServiceParent();
        assertEquals(List.of("privileged a", "start a", "stop a"), log);
        assertFalse(a.isRunning());
        assertNull(a.parent());
    }

    @Test
    void namedChildrenAreFoundAndUnique() {
        MultiService m = new MultiService();
        Recording a = new Recording("a", false);
        a.setName("web");
        a.setServiceParent(m);
        assertSame(a, m.getServiceNamed("web"));
        assertSame(m, a.parent());
        Recording b = new Recording("b", false);
        b.setName("web");
        assertThrows(IllegalArgumentException.class, () -> b.setServiceParent(m));
        assertThrows(NoSuchElementException.class, () -> m.getServiceNamed("mail"));
        assertThrows(IllegalStateException.class, () -> a.setName("other"));
        a.disownServiceParent();
        assertThrows(NoSuchElementException.class, () -> m.getServiceNamed("web"));
    }

    @Test
    void changingParentLeavesTheOldOne() {
        MultiService m1 = new MultiService();
        MultiService m2 = new MultiService();
        Recording a = new Recording("a", false);
        a.setServiceParent(m1);
        a.setServiceParent(m2);
        assertFalse(m1.iterator().hasNext());
        assertSame(a, m2.iterator().next());
    }
}
