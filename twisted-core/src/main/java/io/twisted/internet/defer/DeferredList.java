package io.twisted.internet.defer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Waits for several Deferreds at once, as Twisted's {@code DeferredList}.
 *
 * <pre>{@code
 * Deferred<List<DeferredList.Result<Page>>> all = DeferredList.of(List.of(fetchA, fetchB));
 * all.addCallback(results -> {
 *     for (DeferredList.Result<Page> r : results) {
 *         if (r.success()) render(r.value()); else log(r.failure());
 *     }
 *     return null;
 * });
 * }</pre>
 *
 * <p>Twisted's keyword arguments map onto {@link Option}s: {@code fireOnOneErrback} and
 * {@code consumeErrors}. Twisted's {@code fireOnOneCallback=True}, which changes the result into a
 * {@code (result, index)} pair, is the separate {@link #firstSuccess} so that each has one result
 * type. The returned Deferred fires with one {@link Result} per member, in the members' order,
 * whatever order they fired in; an empty list fires at once with an empty list. Cancelling it
 * cancels every member (as Twisted's {@code DeferredList.cancel}); the members' failures then
 * fire it as usual.
 *
 * <p>Each member's chain continues past the list unchanged (its result, or its failure), except
 * with {@link Option#CONSUME_ERRORS}, when a failure is handled by the list and the member's chain
 * continues with {@code null} &mdash; otherwise a failed member that nobody else handles is also
 * logged as an unhandled error when collected.
 */
public final class DeferredList {

    private DeferredList() {
    }

    /** Options of a Deferred list (Twisted's keyword arguments). */
    public enum Option {
        /**
         * Fail at the first member failure, with a {@link FirstError} naming the member's index and
         * failure, without waiting for the others (Twisted's {@code fireOnOneErrback}).
         */
        FIRE_ON_ONE_ERRBACK,
        /**
         * Handle each member's failure in the list: the member's chain continues with {@code null}
         * instead of the failure (Twisted's {@code consumeErrors}).
         */
        CONSUME_ERRORS
    }

    /**
     * The outcome of one member: its value when {@code success}, its {@code failure} otherwise
     * (Twisted's {@code (success, result)} pair).
     *
     * @param <T> the member's result type
     * @param success whether the member fired with a result
     * @param value the result when {@code success}, else {@code null}
     * @param failure the failure when not {@code success}, else {@code null}
     */
    public record Result<T>(boolean success, T value, Failure failure) {

        /** Checks that exactly one of {@code value} (or a null value) and {@code failure} is set. */
        public Result {
            if (success ? failure != null : failure == null || value != null) {
                throw new IllegalArgumentException("a Result has a value when successful and a failure otherwise");
            }
        }

        /** A successful outcome. */
        public static <T> Result<T> success(T value) {
            return new Result<>(true, value, null);
        }

        /** A failed outcome. */
        public static <T> Result<T> failure(Failure failure) {
            return new Result<>(false, null, Objects.requireNonNull(failure, "failure"));
        }

        /** The value, or throws the failure's exception. */
        public T getOrThrow() {
            return success ? value : failure.raiseException();
        }
    }

    /**
     * The first member to succeed, and its index in the list (Twisted's {@code (result, index)}
     * for {@code fireOnOneCallback}).
     *
     * @param <T> the member's result type
     * @param index the member's index in the list given
     * @param value its result
     */
    public record FirstResult<T>(int index, T value) {
    }

    /**
     * A Deferred that fires when every one of {@code deferreds} has fired, with their outcomes in
     * the order of the list.
     */
    public static <T> Deferred<List<Result<T>>> of(List<? extends Deferred<? extends T>> deferreds, Option... options) {
        EnumSet<Option> opts = options(options);
        Gathering<T, List<Result<T>>> g = new Gathering<>(deferreds, false,
                opts.contains(Option.FIRE_ON_ONE_ERRBACK), opts.contains(Option.CONSUME_ERRORS));
        g.start();
        return g.deferred;
    }

    /**
     * A Deferred that fires with the first member to succeed (Twisted's
     * {@code DeferredList(fireOnOneCallback=True)}). The other members are left running. When none
     * succeeds, it fails with a {@link FailureGroup} of all the failures in list order (Twisted
     * would fire with the list of failures instead; an empty list fails at once likewise); with
     * {@link Option#FIRE_ON_ONE_ERRBACK} it fails at the first failure with a {@link FirstError}.
     */
    public static <T> Deferred<FirstResult<T>> firstSuccess(List<? extends Deferred<? extends T>> deferreds,
                                                           Option... options) {
        EnumSet<Option> opts = options(options);
        Gathering<T, FirstResult<T>> g = new Gathering<>(deferreds, true,
                opts.contains(Option.FIRE_ON_ONE_ERRBACK), opts.contains(Option.CONSUME_ERRORS));
        g.start();
        return g.deferred;
    }

    /**
     * The first member to succeed, cancelling all the others then (Twisted's {@code race}). When
     * every member fails, fails with a {@link FailureGroup}. Every member's failure is consumed.
     * Cancelling the returned Deferred cancels every member.
     */
    public static <T> Deferred<FirstResult<T>> race(List<? extends Deferred<? extends T>> deferreds) {
        List<Deferred<? extends T>> members = List.copyOf(deferreds);
        Deferred<FirstResult<T>> d = firstSuccess(members, Option.CONSUME_ERRORS);
        return d.addCallback(first -> {
            for (int i = 0; i < members.size(); i++) {
                if (i != first.index()) {
                    members.get(i).cancel();
                }
            }
            return first;
        });
    }

    /** {@link Deferred#gatherResults(List, boolean)}. */
    static <T> Deferred<List<T>> gather(List<? extends Deferred<? extends T>> deferreds, boolean consumeErrors) {
        Deferred<List<Result<T>>> d = consumeErrors
                ? of(deferreds, Option.FIRE_ON_ONE_ERRBACK, Option.CONSUME_ERRORS)
                : of(deferreds, Option.FIRE_ON_ONE_ERRBACK);
        return d.addCallback(DeferredList::values);
    }

    private static <T> List<T> values(List<Result<T>> results) {
        List<T> values = new ArrayList<>(results.size());
        for (Result<T> r : results) {
            values.add(r.value());
        }
        return values;
    }

    private static EnumSet<Option> options(Option[] options) {
        EnumSet<Option> set = EnumSet.noneOf(Option.class);
        set.addAll(Arrays.asList(options));
        return set;
    }

    /** The shared state of one list: which members fired, and the Deferred to fire. */
    private static final class Gathering<T, R> {
        private final List<Deferred<? extends T>> members;
        private final boolean fireOnOneCallback;
        private final boolean fireOnOneErrback;
        private final boolean consumeErrors;
        private final Result<T>[] results;
        private int finished;
        final Deferred<R> deferred;

        @SuppressWarnings("unchecked")
        Gathering(List<? extends Deferred<? extends T>> members, boolean fireOnOneCallback,
                  boolean fireOnOneErrback, boolean consumeErrors) {
            this.members = List.copyOf(members);
            this.fireOnOneCallback = fireOnOneCallback;
            this.fireOnOneErrback = fireOnOneErrback;
            this.consumeErrors = consumeErrors;
            this.results = (Result<T>[]) new Result<?>[this.members.size()];
            this.deferred = new Deferred<>(d -> cancelMembers());
        }

        void start() {
            if (members.isEmpty()) {
                allFinished();
                return;
            }
            for (int i = 0; i < members.size(); i++) {
                int index = i;
                members.get(i).addCallbacks(value -> succeeded(index, value), failure -> failed(index, failure));
            }
        }

        private Object succeeded(int index, T value) {
            results[index] = Result.success(value);
            finished++;
            if (!deferred.isCalled()) {
                if (fireOnOneCallback) {
                    fire(new FirstResult<>(index, value));
                } else if (finished == results.length) {
                    allFinished();
                }
            }
            return value;
        }

        private Object failed(int index, Failure failure) {
            results[index] = Result.failure(failure);
            finished++;
            if (!deferred.isCalled()) {
                if (fireOnOneErrback) {
                    deferred.errback(new FirstError(failure, index));
                } else if (finished == results.length) {
                    allFinished();
                }
            }
            return consumeErrors ? null : failure;
        }

        @SuppressWarnings("unchecked")
        private void allFinished() {
            if (fireOnOneCallback) {
                List<Failure> failures = new ArrayList<>(results.length);
                for (Result<T> r : results) {
                    failures.add(r.failure());
                }
                deferred.errback(new FailureGroup(failures));
            } else {
                fire((R) List.of(results));
            }
        }

        @SuppressWarnings("unchecked")
        private void fire(Object result) {
            deferred.callback((R) result);
        }

        private void cancelMembers() {
            for (Deferred<? extends T> member : members) {
                try {
                    member.cancel();
                } catch (RuntimeException e) {
                    UnhandledErrorReporter.log("Exception raised from a canceller while cancelling a DeferredList", e);
                }
            }
        }
    }
}
