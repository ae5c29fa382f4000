package io.twisted.web.resource;

import io.twisted.web.http.HttpStatus;
import io.twisted.web.server.Request;

/**
 * A resource that renders an error page for every method and every child path (Twisted's
 * {@code ErrorPage}, {@code NoResource}, {@code ForbiddenResource}). The brief and detail are
 * HTML-escaped: an error page never echoes markup from a request.
 */
public class ErrorPage extends Resource {

    private final int status;
    private final String brief;
    private final String detail;

    /** A page with {@code status}, a title ({@code brief}) and a sentence ({@code detail}), both escaped. */
    public ErrorPage(int status, String brief, String detail) {
        this.status = status;
        this.brief = brief;
        this.detail = detail;
    }

    /** 404 Not Found, "No such child resource." */
    public static ErrorPage noResource() {
        return new ErrorPage(HttpStatus.NOT_FOUND, "No Such Resource", "No such child resource.");
    }

    /** 403 Forbidden. */
    public static ErrorPage forbidden() {
        return new ErrorPage(HttpStatus.FORBIDDEN, "Forbidden", "Sorry, resource is forbidden.");
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public Resource getChild(String path, Request request) {
        return this;
    }

    @Override
    public Object render(Request request) {
        request.setResponseCode(status);
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return page(status, brief, detail);
    }

    /** The HTML of an error page, with {@code brief} and {@code detail} escaped. */
    public static String page(int status, String brief, String detail) {
        String title = status + " " + Html.escape(brief);
        return "<!DOCTYPE html>\n<html>\n  <head><title>" + title + "</title></head>\n  <body>\n    <h1>"
                + Html.escape(brief) + "</h1>\n    <p>" + Html.escape(detail) + "</p>\n  </body>\n</html>\n";
    }
}
