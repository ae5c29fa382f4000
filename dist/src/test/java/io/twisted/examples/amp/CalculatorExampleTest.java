package io.twisted.examples.amp;

import static org.junit.jupiter.api.Assertions.*;

import io.twisted.amp.Amp;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.testing.LoopbackPump;
import org.junit.jupiter.api.Test;

/** The calculator example's server and client in memory, one byte at a time. */
class CalculatorExampleTest {

    @Test
    void clientGetsSumDivideAndZeroDivision() {
        var server = new CalculatorServer.Math();
        var client = new Amp();
        LoopbackPump pump = LoopbackPump.builder().chunkSize(1).connect(server, client);
        Deferred<Void> done = CalculatorClient.run(client);
        pump.pump();
        assertTrue(done.isCalled());
        assertFalse(done.currentResult() instanceof Failure, () -> ((Failure) done.currentResult()).getTraceback());
        assertTrue(pump.isClosed(), "the client hangs up at the end");
    }

    @Test
    void divideByZeroIsTheDeclaredError() {
        var server = new CalculatorServer.Math();
        var client = new Amp();
        LoopbackPump pump = LoopbackPump.connect(server, client);
        Deferred<Divide.Result> d = client.callRemote(new Divide(), new Divide.Args(1, 0));
        pump.pump();
        Failure f = (Failure) d.currentResult();
        assertInstanceOf(ArithmeticException.class, f.value());
        d.addErrback(x -> null);
    }
}
