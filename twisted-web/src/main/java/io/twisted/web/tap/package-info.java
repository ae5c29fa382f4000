/**
 * {@code twist web}: the plugin that serves a static directory or a resource class on any
 * endpoints ({@link io.twisted.web.tap.WebServiceMaker}).
 */
package io.twisted.web.tap;
