/**
 * Public test doubles for protocols, after Twisted's {@code twisted.internet.testing} and
 * {@code twisted.test.iosim}, so that a protocol is tested without sockets, sleeps or a real reactor.
 *
 * <ul>
 *   <li>{@link io.twisted.testing.StringTransport} records what a protocol writes;
 *       {@link io.twisted.testing.StringTransportWithDisconnection} also delivers
 *       {@code connectionLost}.</li>
 *   <li>{@link io.twisted.testing.LoopbackPump} connects a server protocol and a client protocol
 *       through two {@link io.twisted.testing.FakeTransport}s that behave as TCP does (close,
 *       half-close, abort, flow control, {@code unreadData}, layers such as TLS) and moves bytes
 *       when told, in chunks as small as one byte.</li>
 *   <li>{@link io.twisted.testing.MemoryReactor} is a {@link io.twisted.internet.Reactor} that
 *       records {@code listenTCP}/{@code connectTCP}, {@code listenUNIX}/{@code connectUNIX} and
 *       {@code listenUDP} calls, keeps time with a {@link io.twisted.internet.task.Clock} and runs
 *       its startup and shutdown triggers on demand; {@link io.twisted.testing.MemoryConnector},
 *       {@link io.twisted.testing.MemoryListeningPort} and
 *       {@link io.twisted.testing.MemoryDatagramTransport} let a test decide how connections end
 *       and which datagrams arrive.</li>
 *   <li>{@link io.twisted.testing.AccumulatingProtocol} and
 *       {@link io.twisted.testing.RecordingFactory} record what happens to them;
 *       {@link io.twisted.testing.Bytes} writes byte values readably ({@code ascii("HELO x\r\n")},
 *       annotated {@code hex(...)}).</li>
 *   <li>{@link io.twisted.testing.Chunkings} cuts an input into reads — whole, split in two at
 *       every point, one byte at a time — for the chunking rule every decoder and protocol test
 *       follows.</li>
 * </ul>
 *
 * <pre>{@code
 * // one protocol, by hand
 * var transport = new StringTransport();
 * var proto = new SmtpServerProtocol(delivery, clock);
 * proto.makeConnection(transport);
 * proto.dataReceived(ascii("HELO client.example\r\n"));
 * assertEquals("250 server.example\r\n", transport.valueAsString());
 *
 * // a client and a server, one byte per read
 * var pump = LoopbackPump.builder().chunkSize(1).connect(server, client);
 * client.sendHelo();
 * pump.pump();
 * }</pre>
 */
package io.twisted.testing;
