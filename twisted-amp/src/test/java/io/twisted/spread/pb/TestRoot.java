package io.twisted.spread.pb;

import io.twisted.internet.defer.Deferred;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The root of the reference PB peer ({@code twisted_pb_peer.py}), in Java. */
public class TestRoot extends Root {

    /** A Copyable with the fixed type name the Python peer registers. */
    public record Point(long x, long y) implements Copyable {
        @Override
        public String getTypeToCopy() {
            return "twj.Point";
        }

        @Override
        public Object getStateToCopy() {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("x", x);
            state.put("y", y);
            return state;
        }

        /** Builds a Point from a received state. */
        public static Point fromState(Object state) {
            Map<?, ?> m = (Map<?, ?>) state;
            return new Point((Long) m.get("x"), (Long) m.get("y"));
        }
    }

    /** The allow-list that accepts Points and Counter caches. */
    public static Unjellyables types() {
        return new Unjellyables().register("twj.Point", Point::fromState).registerCache("twj.Counter", CounterCache::new);
    }

    /** A Cacheable counter: peers' copies follow its value. */
    public static final class Counter implements Cacheable {
        long value;
        final java.util.List<RemoteCacheObserver> observers = new java.util.ArrayList<>();

        @Override
        public String getTypeToCopy() {
            return "twj.Counter";
        }

        @Override
        public Object getStateToCopy() {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("value", value);
            return state;
        }

        @Override
        public Object getStateToCacheAndObserveFor(RemoteCacheObserver observer) {
            observers.add(observer);
            return getStateToCopy();
        }

        @Override
        public void stoppedObserving(RemoteCacheObserver observer) {
            observers.remove(observer);
        }

        void bump() {
            value++;
            for (RemoteCacheObserver o : observers) {
                o.callRemote("setValue", value);
            }
        }
    }

    /** The local copy of a Counter. */
    public static final class CounterCache extends RemoteCache {
        public long value;

        @Override
        public void setCopyableState(Object state) {
            value = (Long) ((Map<?, ?>) state).get("value");
        }

        public void observe_setValue(long v) {
            value = v;
        }
    }

    final Counter counter = new Counter();

    public Counter remote_getCache() {
        return counter;
    }

    public long remote_bump() {
        counter.bump();
        return counter.value;
    }

    public boolean remote_isCounter(Object o) {
        return o == counter;
    }

    /** A referenceable counting calls. */
    public static class Child extends Referenceable {
        long n;

        public long remote_count() {
            return ++n;
        }
    }

    public Object remote_echo(Object x) {
        return x;
    }

    public Object remote_add(long a, long b) {
        return a + b;
    }

    public Object remote_fail() {
        throw new PbError("boom");
    }

    public Object remote_crash() {
        throw new IllegalStateException("a bug");
    }

    public Child remote_child() {
        return new Child();
    }

    public Deferred<Object> remote_callMe(RemoteReference ref, String x) {
        return ref.callRemote("hello", x);
    }

    public Point remote_getCopy() {
        return new Point(3, 4);
    }

    public Object remote_sum(List<Long> items, Map<Object, Object> kw) {
        long total = 0;
        for (long i : items) {
            total += i;
        }
        Object scale = kw.get("scale");
        return scale == null ? total : total * (Long) scale;
    }
}
