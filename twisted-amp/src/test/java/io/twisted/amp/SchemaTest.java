package io.twisted.amp;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.amp.wire.AmpBox;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTest {

    record Args(long a, String opt) {}

    static final Schema<Args> ARGS = Schema.of(Args.class, Field.of("a", Arguments.INTEGER), Field.optional("opt", Arguments.UNICODE));

    @Test
    void optionalFieldsAreLeftOutAndReadAsNull() {
        AmpBox box = ARGS.toBox(new Args(5, null), new AmpBox());
        assertEquals(new AmpBox().putAscii("a", "5"), box);
        assertEquals(new Args(5, null), ARGS.fromBox(box));
        assertEquals(new Args(5, "x"), ARGS.fromBox(ARGS.toBox(new Args(5, "x"), new AmpBox())));
    }

    @Test
    void missingRequiredFieldsAreErrorsNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ARGS.fromBox(new AmpBox().putAscii("opt", "x")));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ARGS.fromBox(new AmpBox().putAscii("a", "five")));
        assertTrue(e.getMessage().contains("argument 'a' (Integer)"), e.getMessage());
    }

    @Test
    void unknownKeysAreIgnoredAsPythonDoes() {
        assertEquals(new Args(1, null), ARGS.fromBox(new AmpBox().putAscii("a", "1").putAscii("extra", "y")));
    }

    @Test
    void declarationsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Schema.of(Args.class, Field.of("b", Arguments.INTEGER)));
        assertThrows(IllegalArgumentException.class, () -> Field.of("_ask", Arguments.INTEGER));
        assertThrows(IllegalArgumentException.class, () -> Field.of("", Arguments.INTEGER));
        assertThrows(IllegalArgumentException.class, () -> Command.builder("", Schema.empty(), Schema.empty()));
    }

    @Test
    void mapsCarryPresentFieldsOnly() {
        Schema<Map<String, Object>> m = Schema.map(Field.of("a", Arguments.INTEGER), Field.optional("opt", Arguments.UNICODE));
        assertEquals(Map.of("a", 3L), m.fromBox(new AmpBox().putAscii("a", "3")));
        assertEquals(new AmpBox().putAscii("a", "3").putAscii("opt", "o"), m.toBox(Map.of("a", 3L, "opt", "o"), new AmpBox()));
        assertThrows(IllegalArgumentException.class, () -> m.toBox(Map.of("a", "not a number"), new AmpBox()));
    }

    @Test
    void declaredErrorsMapBothWays() {
        Command<Void, Void> c = Command.builder("X", Schema.empty(), Schema.empty())
                .error(IllegalArgumentException.class, "BAD").fatalError(IllegalStateException.class, "DEAD").build();
        assertEquals("BAD", c.errorCodeFor(new NumberFormatException("subclass")));
        assertEquals("DEAD", c.errorCodeFor(new IllegalStateException()));
        assertNull(c.errorCodeFor(new RuntimeException()));
        assertTrue(c.isFatal(new IllegalStateException()));
        assertFalse(c.isFatal(new IllegalArgumentException()));
        Throwable t = c.errorFor("BAD", "why");
        assertInstanceOf(IllegalArgumentException.class, t);
        assertEquals("why", t.getMessage());
        assertInstanceOf(UnhandledCommand.class, c.errorFor("UNHANDLED", "x"));
        RemoteAmpError other = assertInstanceOf(RemoteAmpError.class, c.errorFor("OTHER", "y"));
        assertEquals("OTHER", other.errorCode());
    }

    @Test
    void fatalDeclaredErrorsCloseAfterTheErrorBox() {
        var t = new io.twisted.testing.StringTransport();
        Command<Void, Void> c = Command.builder("X", Schema.empty(), Schema.empty()).fatalError(IllegalStateException.class, "DEAD").build();
        var amp = new Amp().responder(c, ignored -> {
            throw new IllegalStateException("gone");
        });
        amp.makeConnection(t);
        amp.dataReceived(java.nio.ByteBuffer.wrap(new AmpBox().putAscii("_command", "X").putAscii("_ask", "1").encode()));
        assertEquals(java.util.List.of(new AmpBox().putAscii("_error", "1").putAscii("_error_code", "DEAD").putAscii("_error_description", "gone")),
                AmpBox.decodeAll(t.value()));
        assertTrue(t.isDisconnecting());
    }
}
