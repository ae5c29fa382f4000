package io.twisted.spread.jelly;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.spread.banana.BananaTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Jelly s-expressions as Python Twisted 22.4's {@code jelly.jelly} prints them. */
class JellyTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Object jelly(Object o) {
        return BananaTest.normal(Jelly.jelly(o, JellyExtension.NONE));
    }

    static Object unjelly(Object sexp) {
        return Jelly.unjelly(sexp, JellyExtension.NONE);
    }

    @Test
    void basicTypesAsPythonWritesThem() {
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("k", Tuple.of(1L, 2L));
        List<Object> value = new ArrayList<>(List.of(1L, "x"));
        value.add(null);
        value.add(true);
        value.add(dict);
        value.add(new LinkedHashSet<>(List.of(3L)));
        // Python: [b'list', 1, [b'unicode', b'x'], [b'None'], [b'boolean', b'true'],
        //          [b'dictionary', [[b'unicode', b'k'], [b'tuple', 1, 2]]], [b'set', 3]]
        Object expected = BananaTest.normal(List.of(b("list"), 1L, List.of(b("unicode"), b("x")), List.of(b("None")),
                List.of(b("boolean"), b("true")),
                List.of(b("dictionary"), List.of(List.of(b("unicode"), b("k")), List.of(b("tuple"), 1L, 2L))),
                List.of(b("set"), 3L)));
        assertEquals(expected, jelly(value));
        Object back = unjelly(Jelly.jelly(value, JellyExtension.NONE));
        assertEquals(value, back);
        assertInstanceOf(Tuple.class, ((Map<?, ?>) ((List<?>) back).get(4)).get("k"));
    }

    @Test
    void sharedListsBecomeReferences() {
        List<Object> a = new ArrayList<>(List.of(1L));
        List<Object> outer = new ArrayList<>(List.of(a, a));
        // Python: [b'list', [b'reference', 1, [b'list', 1]], [b'dereference', 1]]
        assertEquals(BananaTest.normal(List.of(b("list"), List.of(b("reference"), 1L, List.of(b("list"), 1L)),
                List.of(b("dereference"), 1L))), jelly(outer));
        List<?> back = (List<?>) unjelly(Jelly.jelly(outer, JellyExtension.NONE));
        assertSame(back.get(0), back.get(1));
    }

    @Test
    void cyclesSurvive() {
        List<Object> c = new ArrayList<>();
        c.add(c);
        // Python: [b'reference', 1, [b'list', [b'dereference', 1]]]
        assertEquals(BananaTest.normal(List.of(b("reference"), 1L, List.of(b("list"), List.of(b("dereference"), 1L)))), jelly(c));
        List<?> back = (List<?>) unjelly(Jelly.jelly(c, JellyExtension.NONE));
        assertSame(back, back.get(0));
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("self", m);
        Map<?, ?> mb = (Map<?, ?>) unjelly(Jelly.jelly(m, JellyExtension.NONE));
        assertSame(mb, mb.get("self"));
    }

    @Test
    void decimalsAndBigIntegers() {
        // Python: [b'decimal', 314, -2] and [b'decimal', -1, 5]
        assertEquals(BananaTest.normal(List.of(b("decimal"), 314L, -2L)), jelly(new BigDecimal("3.14")));
        assertEquals(BananaTest.normal(List.of(b("decimal"), -1L, 5L)), jelly(new BigDecimal("-1E+5")));
        assertEquals(new BigDecimal("-1E+5"), unjelly(List.of(b("decimal"), -1L, 5L)));
        BigInteger big = BigInteger.TWO.pow(70);
        assertEquals(big, unjelly(Jelly.jelly(big, JellyExtension.NONE)));
        assertArrayEquals(b("raw"), (byte[]) unjelly(b("raw")));
        assertEquals(1.5, unjelly(1.5));
    }

    @Test
    void frozensetIsUnmodifiable() {
        Set<?> s = (Set<?>) unjelly(List.of(b("frozenset"), 1L, 2L));
        assertEquals(Set.of(1L, 2L), s);
        assertThrows(UnsupportedOperationException.class, () -> s.clear());
    }

    @Test
    void refusesTypesNotOnTheAllowList() {
        InsecureJelly e = assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("os.system"), List.of(b("unicode"), b("rm")))));
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("class"), b("builtins.object"))));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("module"), b("os"))));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("function"), b("os.system"))));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("instance"), List.of(b("class"), b("x")), List.of())));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("persistent"), b("x"))));
        assertThrows(InsecureJelly.class, () -> Jelly.jelly(new Object(), JellyExtension.NONE));
        assertThrows(InsecureJelly.class, () -> Jelly.jelly(new java.io.File("x"), JellyExtension.NONE), "never Java serialization");
    }

    @Test
    void refusesMalformedExpressions() {
        assertThrows(InsecureJelly.class, () -> unjelly(List.of()));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(1L, 2L)));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("unicode"))));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("unicode"), new byte[] {(byte) 0xff})));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("boolean"), b("maybe"))));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("dictionary"), List.of(1L))));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("dereference"), 9L)));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("decimal"), 1L, b("n"))));
    }

    @Test
    void refusesUnhashableAndCyclicKeys() {
        // {[1]: 2}: Python cannot build it (TypeError: unhashable type: 'list')
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("dictionary"), List.of(List.of(b("list"), 1L), 2L))));
        // a self-containing list as a key would hash forever
        Object cyclicKey = List.of(b("reference"), 1L, List.of(b("list"), List.of(b("dereference"), 1L)));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("dictionary"), List.of(cyclicKey, 2L))));
        Object cyclicTuple = List.of(b("reference"), 1L, List.of(b("tuple"), List.of(b("dereference"), 1L)));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("set"), cyclicTuple)));
        assertThrows(InsecureJelly.class, () -> unjelly(List.of(b("set"), List.of(b("dictionary")))));
        Map<?, ?> ok = (Map<?, ?>) unjelly(List.of(b("dictionary"), List.of(List.of(b("tuple"), 1L, List.of(b("unicode"), b("a"))), 2L)));
        assertEquals(2L, ok.get(Tuple.of(1L, "a")));
        Set<?> frozenInSet = (Set<?>) unjelly(List.of(b("set"), List.of(b("frozenset"), 1L)));
        assertEquals(Set.of(Set.of(1L)), frozenInSet);
    }
}
