package io.twisted.amp;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

/** The commands of Twisted's docs and of the reference peer ({@code twisted_amp_peer.py}), declared in Java. */
final class TestCommands {

    private TestCommands() {
    }

    static final class Sum extends Command<Sum.Args, Sum.Result> {
        record Args(long a, long b) {}

        record Result(long total) {}

        Sum() {
            super(Command.builder("Sum",
                    Schema.of(Args.class, Field.of("a", Arguments.INTEGER), Field.of("b", Arguments.INTEGER)),
                    Schema.of(Result.class, Field.of("total", Arguments.INTEGER))));
        }
    }

    static final class Divide extends Command<Divide.Args, Divide.Result> {
        record Args(long numerator, long denominator) {}

        record Result(double result) {}

        Divide() {
            super(Command.builder("Divide",
                            Schema.of(Args.class, Field.of("numerator", Arguments.INTEGER), Field.of("denominator", Arguments.INTEGER)),
                            Schema.of(Result.class, Field.of("result", Arguments.FLOAT)))
                    .error(ArithmeticException.class, "ZERO_DIVISION"));
        }
    }

    record Pair(String k, Long v) {}

    /** Every argument type; the peer echoes it back. */
    record EchoArgs(String text, byte[] data, Boolean flag, List<Long> items, OffsetDateTime when, BigDecimal dec,
                    List<Pair> pairs, String opt) {}

    static final Field[] ECHO_FIELDS = {
        Field.of("text", Arguments.UNICODE), Field.of("data", Arguments.STRING), Field.of("flag", Arguments.BOOLEAN),
        Field.of("items", Arguments.listOf(Arguments.INTEGER)), Field.of("when", Arguments.DATE_TIME),
        Field.of("dec", Arguments.DECIMAL),
        Field.of("pairs", Arguments.ampList(Schema.of(Pair.class, Field.of("k", Arguments.UNICODE), Field.of("v", Arguments.INTEGER)))),
        Field.optional("opt", Arguments.UNICODE),
    };

    static final class Echo extends Command<EchoArgs, EchoArgs> {
        Echo() {
            super(Command.builder("Echo", Schema.of(EchoArgs.class, ECHO_FIELDS), Schema.of(EchoArgs.class, ECHO_FIELDS)));
        }
    }

    static final class Ping extends Command<Ping.Args, Ping.Result> {
        record Args(long n) {}

        record Result(long pong) {}

        Ping() {
            super(Command.builder("Ping", Schema.of(Args.class, Field.of("n", Arguments.INTEGER)),
                    Schema.of(Result.class, Field.of("pong", Arguments.INTEGER))));
        }
    }

    /** Floats, paths and big integers, which the reference peer's Echo lacks. */
    record MoreArgs(Double x, Path path, java.math.BigInteger big) {}

    static final Field[] MORE_FIELDS = {
        Field.of("x", Arguments.FLOAT), Field.of("path", Arguments.PATH), Field.of("big", Arguments.BIG_INTEGER),
    };

    static final class More extends Command<MoreArgs, MoreArgs> {
        More() {
            super(Command.builder("More", Schema.of(MoreArgs.class, MORE_FIELDS), Schema.of(MoreArgs.class, MORE_FIELDS)));
        }
    }

    static final class Notify extends Command<Ping.Args, Void> {
        Notify() {
            super(Command.builder("Notify", Schema.of(Ping.Args.class, Field.of("n", Arguments.INTEGER)), Schema.empty())
                    .requiresAnswer(false));
        }
    }

    /** The calculator of Twisted's docs, bound by annotation. */
    static class Calculator extends Amp {
        @AmpResponder(Sum.class)
        Sum.Result sum(Sum.Args a) {
            return new Sum.Result(a.a() + a.b());
        }

        @AmpResponder(Divide.class)
        Divide.Result divide(Divide.Args a) {
            if (a.denominator() == 0) {
                throw new ArithmeticException("division by zero");
            }
            return new Divide.Result((double) a.numerator() / a.denominator());
        }
    }
}
