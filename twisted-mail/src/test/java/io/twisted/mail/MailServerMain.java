package io.twisted.mail;

import io.twisted.application.Service;
import io.twisted.application.StreamServerEndpointService;
import io.twisted.internet.Reactor;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Runs {@code twist mail} with the given arguments in a process of its own, for
 * {@link MailServerProcessKillTest}; prints {@code PORT n} for each listening port once they
 * all listen.
 */
public final class MailServerMain {

    private MailServerMain() {
    }

    public static void main(String[] args) {
        Reactor reactor = Reactor.create();
        MailServiceMaker maker = new MailServiceMaker();
        Service service = maker.makeService(reactor, maker.options().parse(List.of(args)));
        reactor.callWhenRunning(() -> {
            service.privilegedStartService();
            service.startService();
            for (Service child : (Iterable<Service>) service) {
                System.out.println("PORT " + ((InetSocketAddress) ((StreamServerEndpointService) child).port().getHost()).getPort());
            }
            System.out.flush();
        });
        reactor.run();
    }
}
