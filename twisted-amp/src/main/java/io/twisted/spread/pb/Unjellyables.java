package io.twisted.spread.pb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The allow-list of copy types a broker will build (Twisted's {@code setUnjellyableForClass} and
 * security options, but an instance per factory rather than global state): a type name maps to a
 * factory that builds the local copy from the received state. A type not registered is refused.
 *
 * <pre>{@code
 * Unjellyables types = new Unjellyables().register("twj.Point", state -> Point.fromState((Map<?, ?>) state));
 * }</pre>
 */
public final class Unjellyables {

    private final Map<String, Function<Object, Object>> factories = new ConcurrentHashMap<>();

    /** An allow-list with no copy types (failures are always understood). */
    public Unjellyables() {
    }

    /** Allows {@code typeName}, built by {@code factory} from the state. */
    public Unjellyables register(String typeName, Function<Object, Object> factory) {
        factories.put(typeName, factory);
        return this;
    }

    private final Map<String, java.util.function.Supplier<? extends RemoteCache>> caches = new ConcurrentHashMap<>();

    /** Allows the {@link Cacheable} type {@code typeName}, whose copies {@code factory} makes. */
    public Unjellyables registerCache(String typeName, java.util.function.Supplier<? extends RemoteCache> factory) {
        caches.put(typeName, factory);
        return this;
    }

    /** The cache factory for {@code typeName}, or {@code null}. */
    public java.util.function.Supplier<? extends RemoteCache> cacheFactoryFor(String typeName) {
        return caches.get(typeName);
    }

    /** The factory for {@code typeName}, or {@code null}. */
    public Function<Object, Object> factoryFor(String typeName) {
        return factories.get(typeName);
    }
}
