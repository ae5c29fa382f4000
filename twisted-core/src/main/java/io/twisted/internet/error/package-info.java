/**
 * The errors a reactor reports, named as Twisted's {@code twisted.internet.error} so its
 * documentation still maps: a protocol's {@code connectionLost} gets {@link
 * io.twisted.internet.error.ConnectionDone} for a clean close and {@link
 * io.twisted.internet.error.ConnectionLost} otherwise; connection attempts fail with a {@link
 * io.twisted.internet.error.ConnectError}. They are unchecked: they travel inside a {@link
 * io.twisted.internet.defer.Failure} rather than being thrown.
 */
package io.twisted.internet.error;
