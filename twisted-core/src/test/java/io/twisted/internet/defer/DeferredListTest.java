package io.twisted.internet.defer;

import static io.twisted.internet.defer.DeferredTest.consume;
import static io.twisted.internet.defer.DeferredTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.defer.DeferredList.FirstResult;
import io.twisted.internet.defer.DeferredList.Option;
import io.twisted.internet.defer.DeferredList.Result;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DeferredList}, {@link Deferred#gatherResults} and {@link DeferredList#race}. */
class DeferredListTest {

    @SuppressWarnings("unchecked")
    private static <T> List<Result<T>> results(Deferred<List<Result<T>>> d) {
        return (List<Result<T>>) d.currentResult();
    }

    @Test
    void firesWithAllOutcomesInListOrderWhateverTheFiringOrder() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<String> c = new Deferred<>();
        Deferred<List<Result<String>>> list = DeferredList.of(List.of(a, b, c));
        c.callback("c");
        IOException error = new IOException("b failed");
        b.errback(error);
        assertFalse(list.isCalled());
        a.callback("a");
        List<Result<String>> rs = results(list);
        assertEquals(Result.success("a"), rs.get(0));
        assertFalse(rs.get(1).success());
        assertSame(error, rs.get(1).failure().value());
        assertEquals(Result.success("c"), rs.get(2));
        assertEquals("c", rs.get(2).getOrThrow());
        assertThrows(IOException.class, () -> rs.get(1).getOrThrow());
        // Without CONSUME_ERRORS the member keeps its failure.
        assertSame(error, failureOf(b).value());
        consume(b);
    }

    @Test
    void emptyListFiresAtOnce() {
        Deferred<List<Result<String>>> list = DeferredList.of(List.of());
        assertEquals(List.of(), list.currentResult());
        assertEquals(List.of(), Deferred.gatherResults(List.<Deferred<String>>of()).currentResult());
    }

    @Test
    void alreadyFiredMembersCount() {
        Deferred<List<Result<Integer>>> list = DeferredList.of(List.of(Deferred.succeed(1), Deferred.succeed(2)));
        assertEquals(List.of(Result.success(1), Result.success(2)), list.currentResult());
    }

    @Test
    void membersChainsContinueWithTheirResults() {
        Deferred<String> a = new Deferred<>();
        DeferredList.of(List.of(a));
        List<String> after = new ArrayList<>();
        a.addCallback(after::add);
        a.callback("x");
        assertEquals(List.of("x"), after);
    }

    @Test
    void consumeErrorsHandlesTheMembersFailures() {
        Deferred<String> a = new Deferred<>();
        Deferred<List<Result<String>>> list = DeferredList.of(List.of(a), Option.CONSUME_ERRORS);
        a.errback(new IOException("consumed"));
        assertNull(a.currentResult());
        assertEquals("consumed", results(list).get(0).failure().value().getMessage());
    }

    @Test
    void fireOnOneErrbackFailsAtTheFirstFailureWithFirstError() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<List<Result<String>>> list = DeferredList.of(List.of(a, b), Option.FIRE_ON_ONE_ERRBACK,
                Option.CONSUME_ERRORS);
        IOException error = new IOException("second fails");
        b.errback(error);
        FirstError first = (FirstError) failureOf(list).value();
        assertEquals(1, first.index());
        assertSame(error, first.subFailure().value());
        assertSame(error, first.getCause());
        consume(list);
        a.callback("late"); // ignored by the list, which has fired
        assertTrue(list.isCalled());
    }

    @Test
    void firstSuccessFiresWithTheFirstResultAndItsIndex() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<FirstResult<String>> first = DeferredList.firstSuccess(List.of(a, b), Option.CONSUME_ERRORS);
        a.errback(new IOException("a fails"));
        assertFalse(first.isCalled());
        b.callback("b wins");
        assertEquals(new FirstResult<>(1, "b wins"), first.currentResult());
    }

    @Test
    void firstSuccessFailsWithAFailureGroupWhenNoneSucceeds() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<FirstResult<String>> first = DeferredList.firstSuccess(List.of(a, b), Option.CONSUME_ERRORS);
        IOException ea = new IOException("a");
        IOException eb = new IOException("b");
        b.errback(eb);
        a.errback(ea);
        FailureGroup group = (FailureGroup) failureOf(first).value();
        assertEquals(List.of(ea, eb), group.failures().stream().map(Failure::value).toList());
        assertEquals(List.of(ea, eb), List.of(group.getSuppressed()));
        consume(first);
    }

    @Test
    void gatherResultsGivesTheValuesInOrder() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a, b));
        b.callback(2);
        a.callback(1);
        assertEquals(List.of(1, 2), all.currentResult());
    }

    @Test
    void gatherResultsFailsWithFirstErrorCarryingTheIndex() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<Integer> b = new Deferred<>();
        Deferred<Integer> c = new Deferred<>();
        Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a, b, c), true);
        a.callback(1);
        IOException error = new IOException("c failed");
        c.errback(error);
        FirstError first = (FirstError) failureOf(all).value();
        assertEquals(2, first.index());
        assertSame(error, first.subFailure().value());
        // consumeErrors: the member's failure was handled by the list.
        assertNull(c.currentResult());
        consume(all);
    }

    @Test
    void gatherResultsWithoutConsumeErrorsLeavesTheFailureInTheMember() {
        Deferred<Integer> a = new Deferred<>();
        Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a));
        IOException error = new IOException("kept");
        a.errback(error);
        assertSame(error, failureOf(a).value());
        assertEquals(0, ((FirstError) failureOf(all).value()).index());
        consume(a);
        consume(all);
    }

    @Test
    void cancellingTheListCancelsEveryMember() {
        List<String> cancelled = new ArrayList<>();
        Deferred<String> a = new Deferred<>(d -> cancelled.add("a"));
        Deferred<String> b = new Deferred<>(d -> cancelled.add("b"));
        Deferred<List<Result<String>>> list = DeferredList.of(List.of(a, b), Option.CONSUME_ERRORS);
        list.cancel();
        assertEquals(List.of("a", "b"), cancelled);
        List<Result<String>> rs = results(list);
        assertInstanceOf(CancelledError.class, rs.get(0).failure().value());
        assertInstanceOf(CancelledError.class, rs.get(1).failure().value());
    }

    @Test
    void cancellingGatherResultsCancelsMembersAndFailsWithFirstError() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = Deferred.succeed("done");
        Deferred<List<String>> all = Deferred.gatherResults(List.of(a, b), true);
        all.cancel();
        FirstError first = (FirstError) failureOf(all).value();
        assertEquals(0, first.index());
        assertInstanceOf(CancelledError.class, first.subFailure().value());
        consume(all);
    }

    @Test
    void aFailingMemberCancellerDoesNotStopTheOthersBeingCancelled() {
        List<String> cancelled = new ArrayList<>();
        Deferred<String> a = new Deferred<>(d -> {
            throw new IllegalStateException("bad canceller");
        });
        Deferred<String> b = new Deferred<>(d -> cancelled.add("b"));
        Deferred<List<Result<String>>> list = DeferredList.of(List.of(a, b), Option.CONSUME_ERRORS);
        list.cancel();
        assertEquals(List.of("b"), cancelled);
        // a's canceller threw, so a never fired; the list, still waiting, is then failed itself.
        assertInstanceOf(CancelledError.class, failureOf(list).value());
        consume(list);
    }

    @Test
    void raceFiresWithTheFirstSuccessAndCancelsTheOthers() {
        List<String> cancelled = new ArrayList<>();
        Deferred<String> a = new Deferred<>(d -> cancelled.add("a"));
        Deferred<String> b = new Deferred<>(d -> cancelled.add("b"));
        Deferred<String> c = new Deferred<>(d -> cancelled.add("c"));
        Deferred<FirstResult<String>> race = DeferredList.race(List.of(a, b, c));
        b.callback("b");
        assertEquals(new FirstResult<>(1, "b"), race.currentResult());
        assertEquals(List.of("a", "c"), cancelled);
    }

    @Test
    void raceFailsWithAFailureGroupWhenAllFail() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<FirstResult<String>> race = Deferred.race(List.of(a, b));
        a.errback(new IOException("a"));
        assertFalse(race.isCalled());
        b.errback(new IOException("b"));
        assertEquals(2, ((FailureGroup) failureOf(race).value()).failures().size());
        consume(race);
        // The members' failures were consumed by the race.
        assertNull(a.currentResult());
    }

    @Test
    void cancellingARaceCancelsEveryMember() {
        List<String> cancelled = new ArrayList<>();
        Deferred<String> a = new Deferred<>(d -> cancelled.add("a"));
        Deferred<String> b = new Deferred<>(d -> cancelled.add("b"));
        Deferred<FirstResult<String>> race = Deferred.race(List.of(a, b));
        race.cancel();
        assertEquals(List.of("a", "b"), cancelled);
        assertInstanceOf(FailureGroup.class, failureOf(race).value());
        consume(race);
    }

    @Test
    void resultRecordChecksItsInvariant() {
        assertThrows(IllegalArgumentException.class, () -> new Result<>(true, "v", new Failure(new IOException())));
        assertThrows(IllegalArgumentException.class, () -> new Result<>(false, null, null));
        assertNull(Result.success(null).value());
    }
}
