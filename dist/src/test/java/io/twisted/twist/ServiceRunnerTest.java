package io.twisted.twist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.application.AbstractService;
import io.twisted.application.Options;
import io.twisted.application.ParsedOptions;
import io.twisted.application.Service;
import io.twisted.application.ServiceMaker;
import io.twisted.application.UsageError;
import io.twisted.internet.Reactor;
import io.twisted.internet.defer.Deferred;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ServiceRunner on the real reactor: start, stop waiting for the service's Deferred, and exit statuses. */
@Timeout(60)
class ServiceRunnerTest {

    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(BiFunction<Reactor, ParsedOptions, Service> make) {
        ServiceMaker maker = new ServiceMaker() {
            @Override
            public String tapname() {
                return "test";
            }

            @Override
            public String description() {
                return "A test plugin.";
            }

            @Override
            public Options options() {
                return new Options();
            }

            @Override
            public Service makeService(Reactor reactor, ParsedOptions options) {
                return make.apply(reactor, options);
            }
        };
        return new ServiceRunner(maker, maker.options().parse(List.of()), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
    }

    /** Stops the reactor once started; its stop takes a while (a Deferred fired later). */
    final class SelfStopping extends AbstractService {
        final Reactor reactor;

        SelfStopping(Reactor reactor) {
            this.reactor = reactor;
        }

        @Override
        public void startService() {
            super.startService();
            events.add("start");
            reactor.callLater(0, reactor::stop);
        }

        @Override
        public Deferred<Void> stopService() {
            super.stopService();
            events.add("stopping");
            Deferred<Void> d = new Deferred<>();
            reactor.callLater(0.05, () -> {
                events.add("stopped");
                d.callback(null);
            });
            return d;
        }
    }

    @Test
    void startsTheServiceAndWaitsForItsStop() {
        assertEquals(0, run((reactor, options) -> new SelfStopping(reactor)));
        assertEquals(List.of("start", "stopping", "stopped"), events);
    }

    @Test
    void startFailureExitsWithStatusOneAndStillStops() {
        int status = run((reactor, options) -> new AbstractService() {
            @Override
            public void startService() {
                throw new IllegalStateException("port in use");
            }

            @Override
            public Deferred<Void> stopService() {
                events.add("stopService");
                return super.stopService();
            }
        });
        assertEquals(1, status);
        assertEquals(List.of("stopService"), events);
    }

    @Test
    void badOptionValueExitsWithStatusTwo() {
        int status = run((reactor, options) -> {
            throw new UsageError("option --x: 'y' is not a number");
        });
        assertEquals(2, status);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("twist test: error: option --x: 'y' is not a number"), text);
    }
}
