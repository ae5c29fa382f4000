package io.twisted.examples.amp;

import io.twisted.amp.Arguments;
import io.twisted.amp.Command;
import io.twisted.amp.Field;
import io.twisted.amp.Schema;

/**
 * {@code Divide(numerator: Integer, denominator: Integer) -> result: Float}, with division by zero
 * declared as {@code ZERO_DIVISION} (Python's {@code ZeroDivisionError}, Java's {@link ArithmeticException}):
 * <pre>
 * class Divide(amp.Command):
 *     arguments = [(b'numerator', amp.Integer()), (b'denominator', amp.Integer())]
 *     response = [(b'result', amp.Float())]
 *     errors = {ZeroDivisionError: b'ZERO_DIVISION'}
 * </pre>
 */
public final class Divide extends Command<Divide.Args, Divide.Result> {

    /** The fraction. */
    public record Args(long numerator, long denominator) {}

    /** The quotient. */
    public record Result(double result) {}

    /** The command. */
    public Divide() {
        super(Command.builder("Divide",
                        Schema.of(Args.class, Field.of("numerator", Arguments.INTEGER), Field.of("denominator", Arguments.INTEGER)),
                        Schema.of(Result.class, Field.of("result", Arguments.FLOAT)))
                .error(ArithmeticException.class, "ZERO_DIVISION"));
    }
}
