/**
 * Public test doubles for protocols, after Twisted's {@code twisted.internet.testing} and {@code iosim}: {@link io.twisted.testing.StringTransport} records writes, and time is driven by {@link io.twisted.internet.task.Clock}. Tests built on them need no sockets, no sleeps and no real reactor.
 */
package io.twisted.testing;
