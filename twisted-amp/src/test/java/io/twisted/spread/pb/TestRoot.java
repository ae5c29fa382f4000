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

    /** The allow-list that accepts Points. */
    public static Unjellyables types() {
        return new Unjellyables().register("twj.Point", Point::fromState);
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
