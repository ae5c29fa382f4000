/**
 * Perspective Broker examples matching Twisted's documentation ({@code pbechoserver.py},
 * {@code pbechoclient.py}), so Python's versions talk to ours: {@link io.twisted.examples.pb.EchoServer}
 * and {@link io.twisted.examples.pb.EchoClient}; and a {@link io.twisted.examples.pb.Pond} sent by copy
 * with a {@link io.twisted.examples.pb.Scoreboard} kept in cache ({@link io.twisted.examples.pb.PondServer},
 * {@link io.twisted.examples.pb.PondClient}).
 */
package io.twisted.examples.pb;
