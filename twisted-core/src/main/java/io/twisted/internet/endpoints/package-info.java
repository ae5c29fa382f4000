/**
 * Endpoints: where to listen and where to connect, as values (Twisted's
 * {@code twisted.internet.endpoints}).
 *
 * <p>A {@link io.twisted.internet.endpoints.ServerEndpoint} listens with a protocol factory and
 * yields a {@link io.twisted.internet.ListeningPort}; a
 * {@link io.twisted.internet.endpoints.ClientEndpoint} connects with one and yields the connected
 * protocol. Both are usually made from a string with
 * {@link io.twisted.internet.endpoints.Endpoints#serverFromString} and
 * {@link io.twisted.internet.endpoints.Endpoints#clientFromString}, in Twisted's description
 * syntax, so that users choose the transport in configuration:
 * <pre>
 *   tcp:8080                                  tcp:port=8080:interface=127.0.0.1:backlog=50
 *   tcp6:8080:interface=\:\:1                 tcp:host=example.com:port=80:timeout=10
 * </pre>
 * Endpoint types are plugins ({@link io.twisted.internet.endpoints.ServerEndpointParser},
 * {@link io.twisted.internet.endpoints.ClientEndpointParser}) found with
 * {@link java.util.ServiceLoader}, so any module can add its own prefix.
 */
package io.twisted.internet.endpoints;
