package io.twisted.examples.amp;

import io.twisted.amp.Arguments;
import io.twisted.amp.Command;
import io.twisted.amp.Field;
import io.twisted.amp.Schema;

/**
 * {@code Sum(a: Integer, b: Integer) -> total: Integer}, as in Twisted's AMP documentation:
 * <pre>
 * class Sum(amp.Command):
 *     arguments = [(b'a', amp.Integer()), (b'b', amp.Integer())]
 *     response = [(b'total', amp.Integer())]
 * </pre>
 */
public final class Sum extends Command<Sum.Args, Sum.Result> {

    /** The two numbers. */
    public record Args(long a, long b) {}

    /** Their sum. */
    public record Result(long total) {}

    /** The command. */
    public Sum() {
        super(Command.builder("Sum",
                Schema.of(Args.class, Field.of("a", Arguments.INTEGER), Field.of("b", Arguments.INTEGER)),
                Schema.of(Result.class, Field.of("total", Arguments.INTEGER))));
    }
}
