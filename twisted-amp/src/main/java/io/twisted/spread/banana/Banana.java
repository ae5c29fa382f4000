package io.twisted.spread.banana;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Banana's type bytes, limits and the {@code pb} dialect's vocabulary (Twisted 22.4's table). */
public final class Banana {

    /** List: the prefix is the element count. */
    public static final int LIST = 0x80;
    /** Non-negative integer. */
    public static final int INT = 0x81;
    /** Byte string: the prefix is the length. */
    public static final int STRING = 0x82;
    /** Negative integer (the prefix is its magnitude). */
    public static final int NEG = 0x83;
    /** Float: 8 bytes follow. */
    public static final int FLOAT = 0x84;
    /** Integer above 2**31-1. */
    public static final int LONGINT = 0x85;
    /** Integer below -2**31. */
    public static final int LONGNEG = 0x86;
    /** A vocabulary symbol (pb dialect only). */
    public static final int VOCAB = 0x87;

    /** Most bytes of prefix accepted (Twisted's {@code _PREFIX_LIMIT}); integers are thus below 2**448. */
    public static final int PREFIX_LIMIT = 64;
    /** Longest list or string (Twisted's {@code SIZE_LIMIT}, 640 KiB). */
    public static final int SIZE_LIMIT = 640 * 1024;

    /** Symbol ids of the pb dialect, as Twisted's {@code Banana.outgoingVocabulary}. */
    public static final Map<String, Integer> VOCABULARY;
    /** The reverse of {@link #VOCABULARY}. */
    public static final Map<Integer, String> INCOMING_VOCABULARY;

    static {
        String[] words = {
            "None", "class", "dereference", "reference", "dictionary", "function", "instance", "list", "module",
            "persistent", "tuple", "unpersistable", "copy", "cache", "cached", "remote", "local", "lcache",
            "version", "login", "password", "challenge", "logged_in", "not_logged_in", "cachemessage", "message",
            "answer", "error", "decref", "decache", "uncache",
        };
        Map<String, Integer> out = new HashMap<>();
        Map<Integer, String> in = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            out.put(words[i], i + 1);
            in.put(i + 1, words[i]);
        }
        VOCABULARY = Collections.unmodifiableMap(out);
        INCOMING_VOCABULARY = Collections.unmodifiableMap(in);
    }

    private Banana() {
    }
}
