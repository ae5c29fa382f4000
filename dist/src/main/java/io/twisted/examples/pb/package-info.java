/**
 * Perspective Broker examples matching Twisted's documentation, so Python's versions talk to ours:
 * {@link io.twisted.examples.pb.EchoServer} and {@link io.twisted.examples.pb.EchoClient}
 * ({@code pbsimple.py}, {@code pbsimpleclient.py}); {@link io.twisted.examples.pb.LoginEchoServer}
 * ({@code pbechoserver.py}, for {@code pbechoclient.py}, with a cred login); and a {@link io.twisted.examples.pb.Pond} sent by copy
 * with a {@link io.twisted.examples.pb.Scoreboard} kept in cache ({@link io.twisted.examples.pb.PondServer},
 * {@link io.twisted.examples.pb.PondClient}).
 */
package io.twisted.examples.pb;
