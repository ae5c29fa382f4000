package io.twisted.spread.jelly;

/**
 * A value that may not be jellied or unjellied: a type not on the allow-list, or a malformed
 * s-expression (Twisted's {@code InsecureJelly}).
 */
public class InsecureJelly extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error saying what was refused. */
    public InsecureJelly(String message) {
        super(message);
    }
}
