/**
 * Web examples, the seed programs of Twisted's web documentation: {@link io.twisted.examples.web.FormPage}
 * (a form that echoes what was submitted, escaped) and {@link io.twisted.examples.web.Counter}
 * (a page counting its requests).
 */
package io.twisted.examples.web;
