package io.twisted.spread.jelly;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/** An immutable sequence that jellies as a Python {@code tuple} (a {@link List} jellies as a {@code list}). */
public final class Tuple extends AbstractList<Object> implements RandomAccess {

    private final List<Object> items;

    private Tuple(List<Object> items) {
        this.items = items;
    }

    /** A tuple of {@code items}. */
    public static Tuple of(Object... items) {
        return new Tuple(new ArrayList<>(Arrays.asList(items)));
    }

    /** A tuple of a copy of {@code items}. */
    public static Tuple copyOf(List<?> items) {
        return new Tuple(new ArrayList<>(items));
    }

    /** A tuple over {@code backing}, filled by the unjellier (so cycles through it resolve). */
    static Tuple over(List<Object> backing) {
        return new Tuple(backing);
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
