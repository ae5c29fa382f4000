/**
 * Services: long-running parts of an application that start and stop with it (Twisted's
 * {@code twisted.application.service} and {@code internet}), and the plugin SPI of the {@code twist}
 * runner.
 *
 * <p>A {@link io.twisted.application.Service} is started once the reactor runs and stopped when it
 * shuts down; a {@link io.twisted.application.MultiService} groups services, starting them in the
 * order added and stopping them in reverse, waiting for the Deferreds their
 * {@link io.twisted.application.Service#stopService()} returns.
 * {@link io.twisted.application.StreamServerEndpointService} listens on an endpoint while running;
 * {@link io.twisted.application.TimerService} calls something periodically.
 *
 * <p>{@code twist PLUGIN [options]} finds {@link io.twisted.application.ServiceMaker}s with
 * {@link java.util.ServiceLoader}; each declares its command-line {@link io.twisted.application.Options}
 * and makes the service to run from the parsed values.
 */
package io.twisted.application;
