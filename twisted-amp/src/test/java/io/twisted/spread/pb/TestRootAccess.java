package io.twisted.spread.pb;

/** Lets tests in other packages build the test root. */
public final class TestRootAccess {

    private TestRootAccess() {
    }

    /** A fresh test root. */
    public static Root root() {
        return new TestRoot();
    }
}
