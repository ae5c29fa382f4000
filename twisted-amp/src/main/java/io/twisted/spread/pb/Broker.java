package io.twisted.spread.pb;

import io.twisted.internet.Protocol;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.spread.banana.BananaDecoder;
import io.twisted.spread.banana.BananaEncoder;
import io.twisted.spread.banana.BananaError;
import io.twisted.spread.jelly.InsecureJelly;
import io.twisted.spread.jelly.Jelly;
import io.twisted.spread.jelly.JellyExtension;
import io.twisted.spread.jelly.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One Perspective Broker connection, either side (Twisted's {@code pb.Broker}).
 *
 * <p>Event flow: the server sends the dialects it speaks ({@code ["pb", "none"]}); the client answers
 * with its choice ({@code "pb"}); both send {@code ["version", 6]}. Then calls go as
 * {@code ["message", requestId, objectId, name, answerRequired, args, kwargs]} and come back as
 * {@code ["answer", requestId, result]} or {@code ["error", requestId, failure]}; {@code decref} releases
 * a reference the peer held. The server names its root object "root".
 *
 * <p>Errors: a malformed Banana stream, a refused type, an unknown request id or a version mismatch ends
 * the connection with a logged reason; no exception escapes into the reactor. A remote method's
 * exception goes back as a copied failure (type, message, "Traceback unavailable"). At most
 * {@value #MAX_BROKER_REFS} objects may be referenced by the peer at once (Twisted's limit).
 */
public class Broker extends Protocol {

    private static final System.Logger LOG = System.getLogger(Broker.class.getName());

    /** The PB protocol version (Twisted 22.4 speaks 6). */
    public static final long VERSION = 6;
    /** Most local objects the peer may reference (Twisted's {@code MAX_BROKER_REFS}). */
    public static final int MAX_BROKER_REFS = 1024;
    /** The copied-failure type name Python uses. */
    public static final String COPYABLE_FAILURE = "twisted.spread.pb.CopyableFailure";

    private static final List<String> KNOWN_DIALECTS = List.of("pb", "none");

    private final boolean isClient;
    private final Unjellyables unjellyables;
    private final BananaDecoder decoder = new BananaDecoder();
    private String dialect;
    private boolean disconnected;
    private boolean failed;

    private final Map<Object, Local> localObjects = new HashMap<>();
    private final IdentityHashMap<Object, Long> luids = new IdentityHashMap<>();
    private final Map<Long, Deferred<Object>> waitingForAnswers = new LinkedHashMap<>();
    private final List<Runnable> disconnects = new ArrayList<>();
    private final List<Runnable> connects = new ArrayList<>();
    private final Map<Long, Cacheable> remotelyCached = new HashMap<>();
    private final IdentityHashMap<Cacheable, Long> remotelyCachedLuids = new IdentityHashMap<>();
    private final Map<Long, RemoteCacheObserver> observers = new HashMap<>();
    private final Map<Long, RemoteCache> locallyCached = new HashMap<>();
    private final Map<List<Object>, Viewable.ViewPoint> viewPoints = new HashMap<>();
    private Avatar serializingPerspective;
    private long currentRequestId;
    private long currentLocalId;

    private final JellyExtension extension = new BrokerJelly();

    private static final class Local {
        final Object object;
        int refcount = 1;

        Local(Object object) {
            this.object = object;
        }
    }

    /**
     * A broker.
     *
     * @param isClient whether this end connected (the client chooses the dialect)
     * @param unjellyables the copy types this broker builds
     */
    public Broker(boolean isClient, Unjellyables unjellyables) {
        this.isClient = isClient;
        this.unjellyables = unjellyables;
    }

    /** Whether this end is the client. */
    public boolean isClient() {
        return isClient;
    }

    /** Whether the dialect is chosen and calls may be made. */
    public boolean isReady() {
        return dialect != null && !disconnected;
    }

    // ------------------------------------------------------------------ connection

    @Override
    public void connectionMade() {
        if (!isClient) {
            sendEncoded(List.of(ascii("pb"), ascii("none")));
        }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (failed) {
            data.position(data.limit());
            return;
        }
        try {
            decoder.decode(data, this::callExpressionReceived);
        } catch (BananaError | InsecureJelly | ProtocolError e) {
            protocolError(e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            protocolError("cannot handle a PB expression: " + e, e);
        }
    }

    private void protocolError(String reason, Throwable cause) {
        failed = true;
        LOG.log(System.Logger.Level.WARNING, "PB connection to " + (transport == null ? "?" : transport.getPeer())
                + " closed: " + reason, cause);
        if (transport != null) {
            transport.loseConnection();
        }
    }

    private void callExpressionReceived(Object obj) {
        if (dialect != null) {
            expressionReceived(obj);
            return;
        }
        if (isClient) {
            if (!(obj instanceof List<?> offered)) {
                throw new ProtocolError("the server did not offer dialects: " + Jelly.describe(obj));
            }
            for (Object o : offered) {
                if (o instanceof byte[] b && KNOWN_DIALECTS.contains(str(b))) {
                    sendEncoded(b);
                    selectDialect(str(b));
                    return;
                }
            }
            throw new ProtocolError("The server offers no dialect we speak: " + Jelly.describe(obj));
        }
        if (obj instanceof byte[] b && KNOWN_DIALECTS.contains(str(b))) {
            selectDialect(str(b));
        } else {
            throw new ProtocolError("The client selected a dialect we did not offer: " + Jelly.describe(obj));
        }
    }

    private void selectDialect(String d) {
        dialect = d;
        decoder.setPbDialect(d.equals("pb"));
        sendCall("version", VERSION);
        List<Runnable> ready = new ArrayList<>(connects);
        connects.clear();
        for (Runnable r : ready) {
            r.run();
        }
    }

    /** Runs {@code notifier} once the dialect is chosen (at once if it already is). */
    public void notifyOnConnect(Runnable notifier) {
        if (dialect != null) {
            notifier.run();
        } else {
            connects.add(notifier);
        }
    }

    /** Runs {@code notifier} when the connection ends. */
    public void notifyOnDisconnect(Runnable notifier) {
        disconnects.add(notifier);
    }

    /** Stops a {@link #notifyOnDisconnect} notifier. */
    public void dontNotifyOnDisconnect(Runnable notifier) {
        disconnects.remove(notifier);
    }

    @Override
    public void connectionLost(Failure reason) {
        disconnected = true;
        Failure why = reason == null ? new Failure(new ConnectionDone()) : reason;
        List<Deferred<Object>> waiting = new ArrayList<>(waitingForAnswers.values());
        waitingForAnswers.clear();
        for (Deferred<Object> d : waiting) {
            d.errback(new PbConnectionLost("connection lost: " + why.getErrorMessage(), why.value()));
        }
        for (Runnable r : new ArrayList<>(disconnects)) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "PB disconnect notifier failed", e);
            }
        }
        disconnects.clear();
        for (Map.Entry<Long, Cacheable> e : new ArrayList<>(remotelyCached.entrySet())) {
            try {
                e.getValue().stoppedObserving(observers.get(e.getKey()));
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "stoppedObserving failed", ex);
            }
        }
        remotelyCached.clear();
        remotelyCachedLuids.clear();
        observers.clear();
        locallyCached.clear();
        viewPoints.clear();
        localObjects.clear();
        luids.clear();
    }

    // ------------------------------------------------------------------ sending

    private void sendEncoded(Object exp) {
        transport.write(BananaEncoder.encode(exp, "pb".equals(dialect)));
    }

    private void sendCall(String command, Object... args) {
        List<Object> exp = new ArrayList<>(args.length + 1);
        exp.add(ascii(command));
        for (Object a : args) {
            exp.add(a);
        }
        sendEncoded(exp);
    }

    /** Jellies {@code value} for this connection (referenceables become references, ...). */
    public Object serialize(Object value) {
        return Jelly.jelly(value, extension);
    }

    /** Unjellies {@code sexp} with this connection's allow-list. */
    public Object unserialize(Object sexp) {
        return Jelly.unjelly(sexp, extension);
    }

    Deferred<Object> sendMessage(Object objectId, String name, List<Object> args, Map<String, ?> kw) {
        return sendMessage("message", objectId, name, args, kw);
    }

    Deferred<Object> sendMessage(String command, Object objectId, String name, List<Object> args, Map<String, ?> kw) {
        if (disconnected || transport == null) {
            return Deferred.fail(new DeadReferenceError("Calling Stale Broker"));
        }
        Object netArgs;
        Object netKw;
        try {
            netArgs = serialize(Tuple.copyOf(args));
            netKw = serialize(new LinkedHashMap<>(kw));
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        long requestId = ++currentRequestId;
        Deferred<Object> d = new Deferred<>();
        waitingForAnswers.put(requestId, d);
        try {
            sendCall(command, requestId, objectId, name.getBytes(StandardCharsets.UTF_8), 1L, netArgs, netKw);
        } catch (RuntimeException e) {
            waitingForAnswers.remove(requestId);
            return Deferred.fail(e);
        }
        return d;
    }

    /** A reference to the peer's object named {@code name} (the root is "root"); no message is sent. */
    public RemoteReference remoteForName(String name) {
        return new RemoteReference(this, ascii(name));
    }

    /** Publishes {@code object} under {@code name} (the server publishes its root as "root"). */
    public void setNameForLocal(String name, Object object) {
        localObjects.put(name, new Local(object));
    }

    /** The id under which the peer knows {@code object}, registering it if new. */
    long registerReference(Object object) {
        Long luid = luids.get(object);
        if (luid != null) {
            localObjects.get(luid).refcount++;
            return luid;
        }
        if (localObjects.size() > MAX_BROKER_REFS) {
            throw new PbError("Maximum PB reference count exceeded.");
        }
        long id = ++currentLocalId;
        localObjects.put(id, new Local(object));
        luids.put(object, id);
        return id;
    }

    /** The local object the peer calls {@code luid}, or {@code null}. */
    Object localObjectForId(Object luid) {
        Local l = localObjects.get(key(luid));
        return l == null ? null : l.object;
    }

    private static Object key(Object luid) {
        return luid instanceof byte[] b ? str(b) : luid;
    }

    // ------------------------------------------------------------------ receiving

    /** Handles one expression after negotiation. */
    protected void expressionReceived(Object sexp) {
        if (!(sexp instanceof List<?> exp) || exp.isEmpty() || !(exp.get(0) instanceof byte[] cmd)) {
            throw new ProtocolError("Non-list expression received: " + Jelly.describe(sexp));
        }
        String command = str(cmd);
        switch (command) {
            case "version" -> {
                Object v = arg(exp, 1);
                if (!(v instanceof Long l) || l != VERSION) {
                    throw new ProtocolError("Version Incompatibility: " + VERSION + " " + v);
                }
            }
            case "message" -> messageReceived(exp, false);
            case "cachemessage" -> messageReceived(exp, true);
            case "decache" -> decache(arg(exp, 1));
            case "uncache" -> locallyCached.remove(arg(exp, 1));
            case "answer" -> answerReceived(exp);
            case "error" -> errorReceived(exp);
            case "decref" -> decref(arg(exp, 1));
            case "didNotUnderstand" -> LOG.log(System.Logger.Level.WARNING, "PB peer did not understand: {0}",
                    Jelly.describe(arg(exp, 1)));
            default -> sendCall("didNotUnderstand", cmd);
        }
    }

    private static Object arg(List<?> exp, int i) {
        if (i >= exp.size()) {
            throw new ProtocolError("PB message too short: " + Jelly.describe(exp));
        }
        return exp.get(i);
    }

    @SuppressWarnings("unchecked")
    private void messageReceived(List<?> exp, boolean toCache) {
        if (exp.size() != 7) {
            throw new ProtocolError("a message has 6 fields: " + Jelly.describe(exp));
        }
        Object requestId = exp.get(1);
        Object objectId = exp.get(2);
        if (!(exp.get(3) instanceof byte[] nameBytes)) {
            throw new ProtocolError("message name is not bytes: " + Jelly.describe(exp));
        }
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        boolean answerRequired = !(exp.get(4) instanceof Long l && l == 0);
        Deferred<Object> result;
        Object target = null;
        try {
            target = toCache ? locallyCached.get(objectId) : localObjectForId(objectId);
            if (!(target instanceof Referenceable) && !(target instanceof RemoteCache)) {
                throw new PbError("Invalid Object ID");
            }
            Object args = unserialize(exp.get(5));
            Object kw = unserialize(exp.get(6));
            if (!(args instanceof List<?>) || !(kw instanceof Map<?, ?>)) {
                throw new PbError("message arguments must be a tuple and a dictionary");
            }
            List<Object> argList = new ArrayList<>((List<Object>) args);
            Map<Object, Object> kwMap = (Map<Object, Object>) kw;
            Object r = target instanceof Referenceable ref ? ref.remoteMessageReceived(this, name, argList, kwMap)
                    : ((RemoteCache) target).remoteMessageReceived(this, name, argList, kwMap);
            result = r instanceof Deferred<?> d ? (Deferred<Object>) d : Deferred.succeed(r);
        } catch (Throwable t) {
            result = Deferred.fail(t);
        }
        if (!answerRequired) {
            result.addErrback(f -> {
                LOG.log(System.Logger.Level.WARNING, "PB call " + name + " (no answer wanted) failed", f.value());
                return null;
            });
            return;
        }
        Avatar perspective = target instanceof Avatar a ? a : null;
        result.addCallbacks(value -> sendAnswer(requestId, value, perspective), failure -> sendError(requestId, name, failure));
    }

    private Void sendAnswer(Object requestId, Object value, Avatar perspective) {
        if (disconnected) {
            return null;
        }
        Object net;
        serializingPerspective = perspective;
        try {
            net = serialize(value);
        } catch (RuntimeException e) {
            return sendError(requestId, "answer", new Failure(e));
        } finally {
            serializingPerspective = null;
        }
        sendCall("answer", requestId, net);
        return null;
    }

    private Void sendError(Object requestId, String name, Failure failure) {
        if (disconnected) {
            return null;
        }
        Throwable t = failure.value();
        if (!(t instanceof PbError)) {
            LOG.log(System.Logger.Level.WARNING, "PB method " + name + " failed; the peer gets the error", t);
        }
        sendCall("error", requestId, serialize(new FailureCopy(t)));
        return null;
    }

    private Deferred<Object> takeWaiting(Object requestId) {
        Deferred<Object> d = requestId instanceof Long l ? waitingForAnswers.remove(l) : null;
        if (d == null) {
            throw new ProtocolError("no call is waiting for request " + requestId);
        }
        return d;
    }

    private void answerReceived(List<?> exp) {
        Deferred<Object> d = takeWaiting(arg(exp, 1));
        Object value;
        try {
            value = unserialize(arg(exp, 2));
        } catch (InsecureJelly e) {
            d.errback(e);
            return;
        }
        d.callback(value);
    }

    private void errorReceived(List<?> exp) {
        Deferred<Object> d = takeWaiting(arg(exp, 1));
        Object value;
        try {
            value = unserialize(arg(exp, 2));
        } catch (InsecureJelly e) {
            d.errback(e);
            return;
        }
        d.errback(value instanceof Throwable t ? t : new RemoteError("unknown", String.valueOf(value), ""));
    }

    void sendDecRef(Object luid) {
        if (!disconnected && transport != null) {
            sendCall("decref", luid);
        }
    }

    void sendDecache(long luid) {
        if (!disconnected && transport != null) {
            sendCall("decache", luid);
        }
    }

    /** The id of {@code cacheable}'s copy on the peer, or {@code null} if it has none. */
    Long cachedRemotelyAs(Cacheable cacheable) {
        return remotelyCachedLuids.get(cacheable);
    }

    private void decache(Object luid) {
        Cacheable c = remotelyCached.remove(luid);
        if (c == null) {
            return;
        }
        remotelyCachedLuids.remove(c);
        RemoteCacheObserver o = observers.remove(luid);
        try {
            c.stoppedObserving(o);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "stoppedObserving failed", e);
        }
        sendCall("uncache", luid);
    }

    private void decref(Object luid) {
        Local l = localObjects.get(key(luid));
        if (l == null) {
            return;
        }
        if (--l.refcount <= 0) {
            localObjects.remove(key(luid));
            luids.remove(l.object);
        }
    }

    // ------------------------------------------------------------------ jelly extension

    /** A Java exception on its way to the peer as a copied failure. */
    record FailureCopy(Throwable error) {
        Map<String, Object> state() {
            String type = error instanceof PbError && !(error instanceof RemoteError) ? "twisted.spread.pb.Error"
                    : error instanceof RemoteError r ? r.remoteType() : pythonName(error.getClass().getName());
            String message = error instanceof RemoteError r ? r.value() : error.getMessage() == null ? "" : error.getMessage();
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("count", 1L);
            state.put("type", type.getBytes(StandardCharsets.UTF_8));
            state.put("value", message);
            state.put("captureVars", false);
            state.put("frames", new ArrayList<>());
            state.put("stack", new ArrayList<>());
            state.put("tb", null);
            List<Object> parents = new ArrayList<>();
            parents.add(type);
            parents.add("builtins.Exception");
            parents.add("builtins.BaseException");
            parents.add("builtins.object");
            state.put("parents", parents);
            state.put("traceback", "Traceback unavailable\n");
            return state;
        }
    }

    /** Our classes named as Twisted's ({@code io.twisted.cred.error.UnauthorizedLogin} is {@code twisted.cred.error.UnauthorizedLogin}). */
    static String pythonName(String javaName) {
        return javaName.startsWith("io.twisted.") ? javaName.substring(3) : javaName;
    }

    private final class BrokerJelly implements JellyExtension {
        @Override
        public Object jelly(Object value, Jelly.Jellier jellier) {
            if (value instanceof Referenceable) {
                return new ArrayList<>(List.of(ascii("remote"), registerReference(value)));
            }
            if (value instanceof RemoteReference r) {
                if (r.broker() != Broker.this) {
                    throw new InsecureJelly("Can't send references to brokers other than their own.");
                }
                return new ArrayList<>(List.of(ascii("local"), r.luid()));
            }
            if (value instanceof Viewable v) {
                // one ViewPoint per (perspective, object), as Twisted's processUniqueID, so the peer sees one reference
                List<Object> key = java.util.Arrays.asList(System.identityHashCode(serializingPerspective), System.identityHashCode(v),
                        serializingPerspective, v);
                Viewable.ViewPoint vp = viewPoints.computeIfAbsent(key, k -> new Viewable.ViewPoint(serializingPerspective, v));
                return new ArrayList<>(List.of(ascii("remote"), registerReference(vp)));
            }
            if (value instanceof RemoteCache rc && rc.broker() == Broker.this) {
                return new ArrayList<>(List.of(ascii("lcache"), rc.luid()));
            }
            if (value instanceof Cacheable c) {
                Long known = remotelyCachedLuids.get(c);
                if (known != null) {
                    return new ArrayList<>(List.of(ascii("cached"), known));
                }
                if (remotelyCached.size() > MAX_BROKER_REFS) {
                    throw new PbError("Maximum PB cache count exceeded.");
                }
                long luid = ++currentLocalId;
                remotelyCached.put(luid, c);
                remotelyCachedLuids.put(c, luid);
                RemoteCacheObserver observer = new RemoteCacheObserver(Broker.this, c);
                observers.put(luid, observer);
                Object state = c.getStateToCacheAndObserveFor(observer);
                jellier.prepare(c);
                List<Object> sxp = new ArrayList<>();
                sxp.add(c.getTypeToCopy().getBytes(StandardCharsets.UTF_8));
                sxp.add(luid);
                sxp.add(jellier.jelly(state));
                return jellier.preserve(c, sxp);
            }
            if (value instanceof FailureCopy f) {
                return new ArrayList<>(List.of(ascii(COPYABLE_FAILURE), jellier.jelly(f.state())));
            }
            if (value instanceof Copyable c) {
                jellier.prepare(c);
                List<Object> sxp = new ArrayList<>();
                sxp.add(c.getTypeToCopy().getBytes(StandardCharsets.UTF_8));
                sxp.add(jellier.jelly(c.getStateToCopy()));
                return jellier.preserve(c, sxp);
            }
            return NOT_HANDLED;
        }

        @Override
        public Object unjelly(String type, List<?> sexp, Jelly.Unjellier unjellier) {
            switch (type) {
                case "remote":
                    return new RemoteReference(Broker.this, Jelly.Unjellier.at(sexp, 1));
                case "local": {
                    Object o = localObjectForId(Jelly.Unjellier.at(sexp, 1));
                    if (o == null) {
                        throw new InsecureJelly("the peer sent back a reference to an unknown local object " + Jelly.describe(sexp));
                    }
                    return o;
                }
                case "cached": {
                    RemoteCache rc = locallyCached.get(Jelly.Unjellier.at(sexp, 1));
                    if (rc == null) {
                        throw new InsecureJelly("the peer refers to an unknown cached object " + Jelly.describe(sexp));
                    }
                    return rc;
                }
                case "lcache": {
                    Cacheable c = remotelyCached.get(Jelly.Unjellier.at(sexp, 1));
                    if (c == null) {
                        throw new InsecureJelly("the peer sent back an unknown cache " + Jelly.describe(sexp));
                    }
                    return c;
                }
                case COPYABLE_FAILURE: {
                    Object state = unjellier.unjelly(Jelly.Unjellier.at(sexp, 1));
                    if (!(state instanceof Map<?, ?> m)) {
                        throw new InsecureJelly("a copied failure's state must be a dictionary");
                    }
                    Object t = m.get("type");
                    String remoteType = t instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(t);
                    return new RemoteError(remoteType, String.valueOf(m.get("value")), String.valueOf(m.get("traceback")));
                }
                default: {
                    var cacheFactory = unjellyables.cacheFactoryFor(type);
                    if (cacheFactory != null) {
                        if (!(Jelly.Unjellier.at(sexp, 1) instanceof Long luid)) {
                            throw new InsecureJelly("a cache id must be an integer: " + Jelly.describe(sexp));
                        }
                        if (locallyCached.size() > MAX_BROKER_REFS) {
                            throw new InsecureJelly("Maximum PB cache count exceeded.");
                        }
                        RemoteCache rc = cacheFactory.get();
                        rc.attach(Broker.this, luid);
                        locallyCached.put(luid, rc);
                        rc.setCopyableState(unjellier.unjelly(Jelly.Unjellier.at(sexp, 2)));
                        return rc;
                    }
                    Function<Object, Object> factory = unjellyables.factoryFor(type);
                    if (factory == null) {
                        return NOT_HANDLED;
                    }
                    return factory.apply(unjellier.unjelly(Jelly.Unjellier.at(sexp, 1)));
                }
            }
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A broken PB conversation (Twisted's {@code ProtocolError}); ends the connection. */
    public static class ProtocolError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** An error saying what was wrong. */
        public ProtocolError(String message) {
            super(message);
        }
    }
}
