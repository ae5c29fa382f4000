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
 *   ssl:443:privateKey=key.pem:certKey=crt.pem ssl:host=example.com:port=443:caCertsDir=/etc/ssl/certs
 *   unix:/var/run/web.sock:mode=660           unix:path=/var/run/web.sock:timeout=5
 *   tls:example.com:443                       tls:example.com:443:trustRoots=ca.pem
 * </pre>
 * {@link io.twisted.internet.endpoints.HostnameEndpoint} connects by name with RFC 8305
 * "Happy Eyeballs" (it also carries the {@code tls:} type); {@link io.twisted.internet.endpoints.SslEndpointParsers},
 * {@link io.twisted.internet.endpoints.UnixEndpointParsers} and
 * {@link io.twisted.internet.endpoints.TlsClientEndpointParser} document each type's parameters
 * and where they deviate from Twisted.
 * Endpoint types are plugins ({@link io.twisted.internet.endpoints.ServerEndpointParser},
 * {@link io.twisted.internet.endpoints.ClientEndpointParser}) found with
 * {@link java.util.ServiceLoader}, so any module can add its own prefix.
 */
package io.twisted.internet.endpoints;
