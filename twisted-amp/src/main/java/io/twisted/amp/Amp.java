package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import io.twisted.amp.wire.AmpBoxDecoder;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.tls.TlsOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * An AMP connection, either side (Twisted's {@code amp.AMP}): call the peer's commands with
 * {@link #callRemote}, answer the peer's with responders bound by {@link AmpResponder} methods or by
 * {@link #responder}/{@link #deferredResponder}.
 *
 * <pre>{@code
 * class Calculator extends Amp {
 *     @AmpResponder(Sum.class)
 *     Sum.Result sum(Sum.Args a) { return new Sum.Result(a.a() + a.b()); }
 * }
 * // client
 * Deferred<Sum.Result> d = amp.callRemote(new Sum(), new Sum.Args(13, 81));
 * }</pre>
 *
 * <p>Also: {@link #startTls} ({@link StartTls}) and {@link #switchProtocol}
 * ({@link ProtocolSwitchCommand}). Everything runs on the reactor thread.
 */
public class Amp extends BinaryBoxProtocol implements CommandLocator {

    private static final System.Logger LOG = System.getLogger(Amp.class.getName());

    private final BoxDispatcher dispatcher;
    private final Map<String, BoxResponder> responders = new HashMap<>();

    /** An AMP protocol answering with this object's {@link AmpResponder} methods. */
    public Amp() {
        this(AmpBoxDecoder.DEFAULT_MAX_BOX_SIZE);
    }

    /** As {@link #Amp()}, refusing incoming boxes larger than {@code maxBoxSize} bytes. */
    public Amp(int maxBoxSize) {
        super(maxBoxSize);
        this.dispatcher = new BoxDispatcher(this);
        setBoxReceiver(dispatcher);
        bindAnnotated(this);
    }

    /** An AMP protocol answering with {@code responders}' {@link AmpResponder} methods. */
    public Amp(Object responders) {
        this();
        bindAnnotated(responders);
    }

    /** The request/answer machinery. */
    public BoxDispatcher dispatcher() {
        return dispatcher;
    }

    // ------------------------------------------------------------------ responders

    /** Answers {@code command} with {@code responder}. */
    public <A, R> Amp responder(Command<A, R> command, Responder<A, R> responder) {
        return deferredResponder(command, args -> Deferred.succeed(responder.respond(args)));
    }

    /** Answers {@code command} with {@code responder}, whose Deferred gives the answer later. */
    public <A, R> Amp deferredResponder(Command<A, R> command, DeferredResponder<A, R> responder) {
        responders.put(command.name(), box -> respond(command, responder, box));
        return this;
    }

    /** Answers command {@code name} at the box level. */
    public Amp boxResponder(String name, BoxResponder responder) {
        responders.put(name, responder);
        return this;
    }

    @Override
    public BoxResponder locateResponder(String commandName) {
        return responders.get(commandName);
    }

    private <A, R> Deferred<BoxResponder.Reply> respond(Command<A, R> command, DeferredResponder<A, R> responder, AmpBox box) {
        A args;
        try {
            args = command.parseArguments(box);
        } catch (RuntimeException e) {
            return Deferred.fail(new RemoteAmpError(Command.UNKNOWN_ERROR_CODE,
                    "bad arguments for " + command.name() + ": " + e.getMessage(), true));
        }
        Deferred<R> result;
        try {
            result = responder.respond(args);
            if (result == null) {
                result = Deferred.succeed(null);
            }
        } catch (Throwable t) {
            result = Deferred.fail(t);
        }
        return result.<BoxResponder.Reply>addCallbacks(value -> reply(command, value), failure -> {
            throw mapError(command, failure);
        });
    }

    private <A, R> BoxResponder.Reply reply(Command<A, R> command, R value) {
        AmpBox box;
        try {
            box = command.makeResponse(value);
        } catch (RuntimeException e) {
            throw new IllegalStateException("responder for " + command.name() + " returned a bad response " + value + ": " + e.getMessage(), e);
        }
        return new BoxResponder.Reply(box, () -> command.answerSent(this, value));
    }

    private static Throwable mapError(Command<?, ?> command, Failure failure) {
        Throwable error = failure.value();
        String code = command.errorCodeFor(error);
        if (code != null) {
            String message = error.getMessage();
            return new RemoteAmpError(code, message == null ? error.getClass().getSimpleName() : message, command.isFatal(error));
        }
        return error;
    }

    private void bindAnnotated(Object target) {
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                AmpResponder a = m.getAnnotation(AmpResponder.class);
                if (a == null || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                Command<?, ?> command = instantiate(a.value());
                if (responders.containsKey(command.name())) {
                    continue; // a subclass method overrides
                }
                if (m.getParameterCount() != 1) {
                    throw new IllegalArgumentException("@AmpResponder method " + m + " must take one argument (the command's arguments)");
                }
                m.setAccessible(true);
                bindMethod(command, target, m);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <A, R> void bindMethod(Command<A, R> command, Object target, Method m) {
        deferredResponder(command, args -> {
            Object r;
            try {
                r = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
            }
            return r instanceof Deferred<?> d ? (Deferred<R>) d : Deferred.succeed((R) r);
        });
    }

    private static Command<?, ?> instantiate(Class<? extends Command<?, ?>> type) {
        try {
            var ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            return ctor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("command " + type.getName() + " needs a no-argument constructor", e);
        }
    }

    // ------------------------------------------------------------------ calling

    /**
     * Calls {@code command} on the peer. The Deferred fires with the typed response, or fails with the
     * declared exception for the answer's error code, {@link UnhandledCommand}, {@link RemoteAmpError},
     * or the connection's loss reason. A command that requires no answer fires with {@code null} once sent.
     */
    public <A, R> Deferred<R> callRemote(Command<A, R> command, A arguments) {
        AmpBox box;
        try {
            box = command.makeArguments(arguments);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        Deferred<AmpBox> d = dispatcher.callRemoteBox(command.name(), box, command.requiresAnswer());
        if (!command.requiresAnswer()) {
            return d.addCallback(ignored -> null);
        }
        return d.<R>addCallbacks(command::parseResponse, failure -> {
            throw massageError(command, failure);
        });
    }

    private static Throwable massageError(Command<?, ?> command, Failure failure) {
        if (failure.value() instanceof RemoteAmpError r) {
            return command.errorFor(r.errorCode(), r.description());
        }
        return failure.value();
    }

    /**
     * Asks the peer to start TLS ({@link StartTls}); when it agrees, starts TLS here with
     * {@code options} before any later byte is read, then fires.
     */
    public Deferred<Void> startTls(TlsOptions options) {
        return callRemote(StartTls.COMMAND, null).addCallback(ignored -> {
            transport.startTLS(options);
            return null;
        });
    }

    /**
     * Calls a {@link ProtocolSwitchCommand}: no box may be sent until it is answered; when the peer
     * agrees, the connection is handed to a protocol built by {@code factory}, which the Deferred gives.
     */
    public <A> Deferred<Protocol> switchProtocol(ProtocolSwitchCommand<A> command, A arguments, ProtocolFactory factory) {
        Deferred<Protocol> d = callRemote(command, arguments);
        lockForSwitch();
        return d.<Protocol>addCallbacks(ignored -> {
            Protocol p = factory.buildProtocol(transport.getPeer());
            switchTo(p);
            return p;
        }, failure -> {
            unlockFromSwitch();
            throw failure.value();
        });
    }

    /** Starts TLS on this connection (used by {@link StartTls} on the answering side). */
    void startTlsNow(TlsOptions options) {
        LOG.log(System.Logger.Level.DEBUG, "AMP: starting TLS with {0}", options);
        transport.startTLS(options);
    }
}
