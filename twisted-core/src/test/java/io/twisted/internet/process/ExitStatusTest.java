package io.twisted.internet.process;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.internet.error.ProcessDone;
import io.twisted.internet.error.ProcessTerminated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExitStatusTest {

    @Test
    void zeroIsProcessDone() {
        assertInstanceOf(ProcessDone.class, ExitStatus.reason(0, true).value());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 127, 128, 193, 255})
    void valuesOutsideTheSignalRangeAreExitCodes(int value) {
        var e = (ProcessTerminated) ExitStatus.reason(value, true).value();
        assertEquals(value, e.exitCode());
        assertNull(e.signal());
        assertEquals(value, e.status());
        assertTrue(e.getMessage().endsWith("with exit code " + value + "."), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"129,1", "130,2", "137,9", "143,15", "192,64"})
    void valuesAbove128AreSignalsOnUnix(int value, int signal) {
        var e = (ProcessTerminated) ExitStatus.reason(value, true).value();
        assertNull(e.exitCode());
        assertEquals(signal, e.signal());
        assertEquals(value, e.status());
        assertTrue(e.getMessage().endsWith("by signal " + signal + "."), e.getMessage());
    }

    @Test
    void withoutUnixSignalsEveryValueIsAnExitCode() {
        var e = (ProcessTerminated) ExitStatus.reason(143, false).value();
        assertEquals(143, e.exitCode());
        assertNull(e.signal());
    }

    @ParameterizedTest
    @CsvSource({"TERM,TERM", "sigterm,TERM", "SIGKILL,KILL", " int ,INT", "9,9", "09,9", "64,64", "USR1,USR1", "RTMIN1,RTMIN1"})
    void normalizesSignalNames(String in, String expected) {
        assertEquals(expected, ExitStatus.normalizeSignal(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SIG", "0", "65", "-9", "TERM; rm", "1TERM", "T-E", "99999999999"})
    void rejectsMalformedSignals(String in) {
        assertThrows(IllegalArgumentException.class, () -> ExitStatus.normalizeSignal(in));
    }

    @Test
    void termAndKillAreRecognisedByNameAndNumber() {
        assertTrue(ExitStatus.isTerm("TERM"));
        assertTrue(ExitStatus.isTerm("15"));
        assertTrue(ExitStatus.isKill("KILL"));
        assertTrue(ExitStatus.isKill("9"));
        assertFalse(ExitStatus.isTerm("INT"));
    }
}
