package io.twisted.examples.web;

import io.twisted.internet.Reactor;
import io.twisted.internet.endpoints.Endpoints;
import io.twisted.web.resource.Html;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import io.twisted.web.server.Site;

/**
 * A form at {@code /form}: GET shows it, POST echoes the submitted {@code the-field}, HTML-escaped.
 * <pre>
 *   java -cp dist/target/twist.jar io.twisted.examples.web.FormPage [ENDPOINT]   (default tcp:8880)
 * </pre>
 */
public final class FormPage extends Resource {

    @Override
    public Object renderGET(Request request) {
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return "<!DOCTYPE html>\n<html><head><title>Form</title></head><body>\n"
                + "<form method=\"POST\"><input name=\"the-field\" type=\"text\" /><input type=\"submit\" /></form>\n"
                + "</body></html>\n";
    }

    @Override
    public Object renderPOST(Request request) {
        String text = request.getArg("the-field");
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return "<!DOCTYPE html>\n<html><head><title>Thanks</title></head><body>You submitted: "
                + Html.escape(text == null ? "" : text) + "</body></html>\n";
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "tcp:8880";
        Resource root = new Resource();
        root.putChild("form", new FormPage());
        Reactor reactor = Reactor.create();
        Endpoints.serverFromString(reactor, endpoint).listen(new Site(root, reactor))
                .addCallbacks(port -> {
                    System.out.println("FormPage listening on " + port.getHost() + "; the form is at /form");
                    return null;
                }, failure -> {
                    System.err.println("Cannot listen on " + endpoint + ": " + failure.getErrorMessage());
                    System.exit(1);
                    return null;
                });
        reactor.run();
    }
}
