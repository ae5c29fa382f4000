package io.twisted.amp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of an {@link Amp} subclass (or of an object given to {@link Amp#Amp(Object)}) as the
 * responder of a command, as Twisted's {@code @Command.responder}:
 *
 * <pre>{@code
 * @AmpResponder(Sum.class)
 * Sum.Result sum(Sum.Args args) { return new Sum.Result(args.a() + args.b()); }
 * }</pre>
 *
 * The method takes the command's argument value and returns its response value or a
 * {@code Deferred} of it. The command class needs a no-argument constructor.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AmpResponder {
    /** The command this method answers. */
    Class<? extends Command<?, ?>> value();
}
