package io.twisted.examples.web;

import io.twisted.internet.Reactor;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import io.twisted.web.server.Site;

/**
 * A page that counts the requests it has answered: "I am request #N".
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.web.Counter [ENDPOINT]   (default tcp:8080)
 * </pre>
 */
public final class Counter extends Resource {

    private int numberRequests;

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public Object renderGET(Request request) {
        numberRequests++;
        request.setHeader("Content-Type", "text/plain; charset=utf-8");
        return "I am request #" + numberRequests + "\n";
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "tcp:8080";
        Reactor reactor = Reactor.create();
        Endpoints.serverFromString(reactor, endpoint).listen(new Site(new Counter(), reactor))
                .addCallbacks(port -> {
                    System.out.println("Counter listening on " + port.getHost());
                    return null;
                }, failure -> {
                    System.err.println("Cannot listen on " + endpoint + ": " + failure.getErrorMessage());
                    System.exit(1);
                    return null;
                });
        reactor.run();
    }
}
