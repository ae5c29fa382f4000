package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import java.lang.reflect.Constructor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An AMP command declared in Java, as a Twisted {@code amp.Command} subclass: its name, typed
 * arguments, typed response, declared errors with their wire codes, and whether it wants an answer.
 *
 * <pre>{@code
 * public final class Divide extends Command<Divide.Args, Divide.Result> {
 *     public record Args(long numerator, long denominator) {}
 *     public record Result(double result) {}
 *     public Divide() {
 *         super(Command.builder("Divide",
 *                         Schema.of(Args.class, Field.of("numerator", Arguments.INTEGER), Field.of("denominator", Arguments.INTEGER)),
 *                         Schema.of(Result.class, Field.of("result", Arguments.FLOAT)))
 *                 .error(ArithmeticException.class, "ZERO_DIVISION"));
 *     }
 * }
 * }</pre>
 *
 * <p>Wire keys: a request box carries {@code _command} (the name) and, when an answer is required,
 * {@code _ask} (a tag); the answer carries {@code _answer} (the tag) and the response fields; an error
 * carries {@code _error} (the tag), {@code _error_code} and {@code _error_description}.
 *
 * @param <A> the arguments' Java type ({@link Void} for none)
 * @param <R> the response's Java type ({@link Void} for none)
 */
public class Command<A, R> {

    /** The code of an answer to a command the peer has no responder for. */
    public static final String UNHANDLED_ERROR_CODE = "UNHANDLED";
    /** The code of an answer whose responder failed with an undeclared error. */
    public static final String UNKNOWN_ERROR_CODE = "UNKNOWN";

    private final String name;
    private final Schema<A> arguments;
    private final Schema<R> response;
    private final Map<Class<? extends Throwable>, String> errors;
    private final Set<Class<? extends Throwable>> fatalErrors;
    private final boolean requiresAnswer;

    /** A command as {@code builder} describes it (for subclasses). */
    protected Command(Builder<A, R> builder) {
        this.name = builder.name;
        this.arguments = builder.arguments;
        this.response = builder.response;
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(builder.errors));
        this.fatalErrors = Collections.unmodifiableSet(new LinkedHashSet<>(builder.fatalErrors));
        this.requiresAnswer = builder.requiresAnswer;
    }

    /** Starts declaring a command named {@code name} (the {@code _command} value) with these arguments and response. */
    public static <A, R> Builder<A, R> builder(String name, Schema<A> arguments, Schema<R> response) {
        return new Builder<>(name, arguments, response);
    }

    /** The command name sent as {@code _command}. */
    public String name() {
        return name;
    }

    /** The arguments. */
    public Schema<A> arguments() {
        return arguments;
    }

    /** The response. */
    public Schema<R> response() {
        return response;
    }

    /** Declared errors: exception class to wire code. */
    public Map<Class<? extends Throwable>, String> errors() {
        return errors;
    }

    /** Declared errors after which the connection is closed. */
    public Set<Class<? extends Throwable>> fatalErrors() {
        return fatalErrors;
    }

    /** Whether the request carries {@code _ask} and waits for an answer. */
    public boolean requiresAnswer() {
        return requiresAnswer;
    }

    /** The box for {@code args} (without {@code _command}/{@code _ask}); Twisted's {@code makeArguments}. */
    protected AmpBox makeArguments(A args) {
        return arguments.toBox(args, new AmpBox());
    }

    /** The arguments in {@code box}; Twisted's {@code parseArguments}. */
    protected A parseArguments(AmpBox box) {
        return arguments.fromBox(box);
    }

    /** The answer box for {@code value} (without {@code _answer}); Twisted's {@code makeResponse}. */
    protected AmpBox makeResponse(R value) {
        return response.toBox(value, new AmpBox());
    }

    /** The response in an answer box; Twisted's {@code parseResponse}. */
    protected R parseResponse(AmpBox box) {
        return response.fromBox(box);
    }

    /** Runs on the answering side just after the answer box was written (StartTLS and protocol switches use it). */
    protected void answerSent(Amp protocol, R value) {
    }

    /** The declared code for {@code error} (the most specific declared class it is an instance of), or {@code null}. */
    public String errorCodeFor(Throwable error) {
        Class<? extends Throwable> best = declaredClassOf(error, errors.keySet());
        return best == null ? null : errors.get(best);
    }

    /** Whether {@code error} is declared fatal. */
    public boolean isFatal(Throwable error) {
        return declaredClassOf(error, fatalErrors) != null;
    }

    private static Class<? extends Throwable> declaredClassOf(Throwable error, Set<Class<? extends Throwable>> classes) {
        Class<? extends Throwable> best = null;
        for (Class<? extends Throwable> c : classes) {
            if (c.isInstance(error) && (best == null || best.isAssignableFrom(c))) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The exception a caller sees for an {@code _error} answer: the declared class for {@code code}
     * (built with its (String) constructor, or its no-argument one), else {@link UnhandledCommand},
     * {@link UnknownRemoteError} or {@link RemoteAmpError}.
     */
    public Throwable errorFor(String code, String description) {
        for (Map.Entry<Class<? extends Throwable>, String> e : errors.entrySet()) {
            if (e.getValue().equals(code)) {
                Throwable t = instantiate(e.getKey(), description);
                if (t != null) {
                    return t;
                }
            }
        }
        if (UNHANDLED_ERROR_CODE.equals(code)) {
            return new UnhandledCommand(description);
        }
        if (UNKNOWN_ERROR_CODE.equals(code)) {
            return new UnknownRemoteError(description);
        }
        return new RemoteAmpError(code, description);
    }

    private static Throwable instantiate(Class<? extends Throwable> type, String description) {
        try {
            Constructor<? extends Throwable> c = type.getConstructor(String.class);
            return c.newInstance(description);
        } catch (ReflectiveOperationException | RuntimeException e) {
            try {
                return type.getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e2) {
                return null;
            }
        }
    }

    @Override
    public String toString() {
        return "Command " + name + arguments + " -> " + response;
    }

    /**
     * Declares a command.
     *
     * @param <A> arguments
     * @param <R> response
     */
    public static final class Builder<A, R> {
        private final String name;
        private final Schema<A> arguments;
        private final Schema<R> response;
        private final Map<Class<? extends Throwable>, String> errors = new LinkedHashMap<>();
        private final Set<Class<? extends Throwable>> fatalErrors = new LinkedHashSet<>();
        private boolean requiresAnswer = true;

        Builder(String name, Schema<A> arguments, Schema<R> response) {
            this.name = Objects.requireNonNull(name, "name");
            this.arguments = Objects.requireNonNull(arguments, "arguments");
            this.response = Objects.requireNonNull(response, "response");
            if (name.isEmpty() || name.length() > io.twisted.amp.wire.AmpBox.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("bad command name '" + name + "'");
            }
        }

        /** Declares that {@code type} travels as {@code code} (Twisted's {@code errors = {...}}). */
        public Builder<A, R> error(Class<? extends Throwable> type, String code) {
            errors.put(type, code);
            return this;
        }

        /** Declares a fatal error: the connection closes after it is sent (Twisted's {@code fatalErrors}). */
        public Builder<A, R> fatalError(Class<? extends Throwable> type, String code) {
            errors.put(type, code);
            fatalErrors.add(type);
            return this;
        }

        /** Whether the caller waits for an answer (default true). */
        public Builder<A, R> requiresAnswer(boolean value) {
            this.requiresAnswer = value;
            return this;
        }

        /** The command. */
        public Command<A, R> build() {
            return new Command<>(this);
        }
    }
}
