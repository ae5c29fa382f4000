/**
 * Perspective Broker examples matching Twisted's documentation ({@code pbechoserver.py},
 * {@code pbechoclient.py}), so Python's versions talk to ours: {@link io.twisted.examples.pb.EchoServer}
 * and {@link io.twisted.examples.pb.EchoClient}.
 */
package io.twisted.examples.pb;
