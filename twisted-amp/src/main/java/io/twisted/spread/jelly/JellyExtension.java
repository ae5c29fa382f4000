package io.twisted.spread.jelly;

import java.util.List;

/**
 * What {@link Jelly} does with values beyond the basic types: the PB broker implements it for
 * referenceables, remote references, copyables and failures.
 */
public interface JellyExtension {

    /** Returned by the methods below for a value or type they do not handle. */
    Object NOT_HANDLED = new Object() {
        @Override
        public String toString() {
            return "NOT_HANDLED";
        }
    };

    /** The s-expression for {@code value}, or {@link #NOT_HANDLED}; {@code jellier} jellies nested state. */
    Object jelly(Object value, Jelly.Jellier jellier);

    /** The value for {@code sexp} (whose type tag is {@code type}), or {@link #NOT_HANDLED}. */
    Object unjelly(String type, List<?> sexp, Jelly.Unjellier unjellier);

    /** An extension handling nothing: only the basic types pass. */
    JellyExtension NONE = new JellyExtension() {
        @Override
        public Object jelly(Object value, Jelly.Jellier jellier) {
            return NOT_HANDLED;
        }

        @Override
        public Object unjelly(String type, List<?> sexp, Jelly.Unjellier unjellier) {
            return NOT_HANDLED;
        }
    };
}
