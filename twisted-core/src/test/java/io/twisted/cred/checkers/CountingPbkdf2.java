package io.twisted.cred.checkers;

import java.util.ArrayList;
import java.util.List;

/** The JDK's PBKDF2, recording the iteration count of every derivation. */
final class CountingPbkdf2 implements Pbkdf2 {

    private final Pbkdf2 real = Pbkdf2.hmacSha256();
    private final List<Integer> calls = new ArrayList<>();

    @Override
    public synchronized byte[] deriveKey(char[] password, byte[] salt, int iterations, int keyLength) {
        calls.add(iterations);
        return real.deriveKey(password, salt, iterations, keyLength);
    }

    /** The iteration counts of the derivations so far, in order. */
    synchronized List<Integer> calls() {
        return List.copyOf(calls);
    }

    synchronized void reset() {
        calls.clear();
    }
}
