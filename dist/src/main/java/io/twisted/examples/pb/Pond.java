package io.twisted.examples.pb;

import io.twisted.spread.pb.Copyable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pond with frogs and toads, sent by copy (after Twisted's {@code copy_sender.py} LilyPond): it
 * travels as the type {@code "twisted.examples.Pond"} with the state {@code {"frogs": n, "toads": m}};
 * a Python peer registers a {@code pb.RemoteCopy} under that name.
 *
 * @param frogs how many frogs
 * @param toads how many toads
 */
public record Pond(long frogs, long toads) implements Copyable {

    /** The wire type name. */
    public static final String TYPE = "twisted.examples.Pond";

    @Override
    public String getTypeToCopy() {
        return TYPE;
    }

    @Override
    public Object getStateToCopy() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("frogs", frogs);
        state.put("toads", toads);
        return state;
    }

    /** The copy built from a received state. */
    public static Pond fromState(Object state) {
        Map<?, ?> m = (Map<?, ?>) state;
        return new Pond((Long) m.get("frogs"), (Long) m.get("toads"));
    }
}
