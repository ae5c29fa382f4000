package io.twisted.testing;

import static io.twisted.testing.Bytes.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.internet.Factory;
import io.twisted.internet.Protocol;
import io.twisted.internet.PullProducer;
import io.twisted.internet.PushProducer;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionAborted;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import io.twisted.internet.task.Clock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackPumpTest {

    /** Echoes what it receives and records it. */
    static class Echo extends AccumulatingProtocol {
        @Override
        public void dataReceived(ByteBuffer data) {
            ByteBuffer copy = data.duplicate();
            super.dataReceived(data);
            transport.write(copy);
        }
    }

    static class HalfCloseableEcho extends AccumulatingProtocol.HalfCloseable {
        @Override
        public void dataReceived(ByteBuffer data) {
            ByteBuffer copy = data.duplicate();
            super.dataReceived(data);
            transport.write(copy);
        }
    }

    private static void assertReason(Class<?> expected, Failure reason) {
        assertSame(expected, reason.value().getClass(), () -> "reason was " + reason);
    }

    // ------------------------------------------------------------------ data

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, Integer.MAX_VALUE})
    void echoesInChunksOfAtMostChunkSize(int chunkSize) {
        var server = new Echo();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.builder().chunkSize(chunkSize).connect(server, client);
        String message = "hello, world: the quick brown fox";
        client.transport().write(ascii(message));
        pump.pump();
        assertEquals(message, server.valueAsString());
        assertEquals(message, client.valueAsString());
        int expectedReads = (message.length() + Math.min(chunkSize, message.length()) - 1) / Math.min(chunkSize, message.length());
        assertEquals(expectedReads, server.dataReceivedCount());
    }

    @Test
    void nothingMovesUntilPumpedAndConsecutiveWritesArriveCoalesced() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        client.transport().write(ascii("ab"));
        client.transport().write("cd".getBytes(StandardCharsets.US_ASCII));
        client.transport().writeSequence(List.of(ascii("e"), ascii("f")));
        assertEquals(6, pump.clientTransport().queuedBytes());
        assertEquals("", server.valueAsString());
        assertTrue(pump.flush());
        assertEquals("abcdef", server.valueAsString());
        assertEquals(1, server.dataReceivedCount());
        assertFalse(pump.flush());
    }

    @Test
    void connectsServerFirstAndBothProtocolsSeeTheirTransports() {
        List<String> order = new ArrayList<>();
        var server = new AccumulatingProtocol() {
            @Override
            public void connectionMade() {
                order.add("server");
                super.connectionMade();
            }
        };
        var client = new AccumulatingProtocol() {
            @Override
            public void connectionMade() {
                order.add("client");
                super.connectionMade();
            }
        };
        var pump = LoopbackPump.connect(server, client);
        assertEquals(List.of("server", "client"), order);
        assertSame(pump.serverTransport(), server.transport());
        assertSame(pump.clientTransport(), client.transport());
        assertSame(pump.clientTransport(), pump.serverTransport().peer());
        assertSame(server, pump.serverProtocol());
        assertTrue(server.isConnected());
    }

    @Test
    void writeConsumesTheBufferSoTheCallerMayReuseIt() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        ByteBuffer buf = ByteBuffer.allocate(8);
        buf.put(ascii("one")).flip();
        client.transport().write(buf);
        assertEquals(buf.limit(), buf.position());
        buf.clear();
        buf.put(ascii("two")).flip();
        client.transport().write(buf);
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put(ascii("three")).flip();
        client.transport().write(direct.asReadOnlyBuffer());
        pump.pump();
        assertEquals("onetwothree", server.valueAsString());
    }

    @Test
    void addressesMatchAcrossTheConnection() {
        var pump = LoopbackPump.connect(new AccumulatingProtocol(), new AccumulatingProtocol());
        assertEquals(LoopbackPump.DEFAULT_SERVER_ADDRESS, pump.serverTransport().getHost());
        assertEquals(LoopbackPump.DEFAULT_CLIENT_ADDRESS, pump.serverTransport().getPeer());
        assertEquals(pump.serverTransport().getHost(), pump.clientTransport().getPeer());
        assertEquals(pump.serverTransport().getPeer(), pump.clientTransport().getHost());
        var other = StringTransport.address(127, 0, 0, 1, 25);
        var pump2 = LoopbackPump.builder().serverAddress(other).connect(new AccumulatingProtocol(), new AccumulatingProtocol());
        assertEquals(other, pump2.clientTransport().getPeer());
    }

    @Test
    void connectsProtocolsBuiltByFactories() {
        var serverFactory = new RecordingFactory<>(Echo::new);
        var pump = LoopbackPump.connect(serverFactory, Factory.forProtocol(AccumulatingProtocol::new));
        assertEquals(List.of(LoopbackPump.DEFAULT_CLIENT_ADDRESS), serverFactory.addresses());
        assertSame(serverFactory.lastProtocol(), pump.serverProtocol());
        assertSame(serverFactory, pump.serverProtocol().factory());
        pump.clientProtocol().transport().write(ascii("x"));
        pump.pump();
        assertEquals("x", ((AccumulatingProtocol) pump.clientProtocol()).valueAsString());
        assertThrows(IllegalStateException.class, () -> LoopbackPump.connect(new RecordingFactory<>(() -> null),
                Factory.forProtocol(AccumulatingProtocol::new)));
    }

    @Test
    void deliveredBufferHasNonZeroPositionAndIsOverwrittenAfterTheCall() {
        List<ByteBuffer> kept = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        var server = new Protocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                positions.add(data.position());
                kept.add(data); // wrong on purpose: the buffer is valid only during the call
            }
        };
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        client.transport().write(ascii("secret"));
        pump.pump();
        assertNotEquals(0, positions.get(0));
        assertNotEquals("secret", Bytes.latin1String(kept.get(0)));

        kept.clear();
        var server2 = new Protocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                kept.add(data);
            }
        };
        var pump2 = LoopbackPump.builder().poisonDeliveredBuffers(false).connect(server2, new AccumulatingProtocol());
        pump2.clientTransport().write(ascii("secret"));
        pump2.pump();
        assertEquals("secret", Bytes.latin1String(kept.get(0)));
    }

    @Test
    void pumpThrowsWhenTheProtocolsNeverStopTalking() {
        var server = new Echo();
        var client = new Echo();
        var pump = LoopbackPump.builder().maxSteps(50).connect(server, client);
        client.transport().write(ascii("ping"));
        var e = assertThrows(IllegalStateException.class, pump::pump);
        assertTrue(e.getMessage().contains("50 steps"), e.getMessage());
    }

    @Test
    void flushFromInsideAStepIsRefused() {
        LoopbackPump[] pump = new LoopbackPump[1];
        List<Throwable> errors = new ArrayList<>();
        var server = new Protocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                try {
                    pump[0].flush();
                } catch (IllegalStateException e) {
                    errors.add(e);
                }
            }
        };
        pump[0] = LoopbackPump.connect(server, new AccumulatingProtocol());
        pump[0].clientTransport().write(ascii("x"));
        pump[0].pump();
        assertEquals(1, errors.size());
    }

    @Test
    void eachStepTicksTheClockSoCallLaterZeroRuns() {
        var clock = new Clock();
        var server = new AccumulatingProtocol() {
            @Override
            public void connectionMade() {
                super.connectionMade();
                clock.callLater(0, () -> transport.write(ascii("banner")));
            }
        };
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.builder().clock(clock).connect(server, client);
        pump.pump();
        assertEquals("banner", client.valueAsString());
    }

    // ------------------------------------------------------------------ closing

    @Test
    void loseConnectionDeliversPendingDataThenConnectionDoneToBothOnce() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.builder().chunkSize(2).connect(server, client);
        client.transport().write(ascii("QUIT\r\n"));
        client.transport().loseConnection();
        client.transport().loseConnection();
        assertTrue(client.transport().isDisconnecting());
        assertFalse(client.isLost());
        pump.pump();
        assertEquals("QUIT\r\n", server.valueAsString());
        assertReason(ConnectionDone.class, client.lostReason());
        assertReason(ConnectionDone.class, server.lostReason());
        assertEquals(1, client.lostCount());
        assertEquals(1, server.lostCount());
        assertTrue(pump.isClosed());
        assertTrue(pump.clientTransport().disconnected());
        assertTrue(pump.serverTransport().isDisconnecting());
        client.transport().loseConnection();
        client.transport().abortConnection();
        pump.pump();
        assertEquals(1, client.lostCount());
        assertFalse(client.isConnected());
    }

    @Test
    void connectionLostIsNotDeliveredFromInsideTheClosingCall() {
        List<String> events = new ArrayList<>();
        var server = new AccumulatingProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                events.add("data");
                transport.write(ascii("bye"));
                transport.loseConnection();
                events.add("closed");
            }

            @Override
            public void connectionLost(Failure reason) {
                events.add("lost");
                super.connectionLost(reason);
            }
        };
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        client.transport().write(ascii("x"));
        pump.pump();
        assertEquals(List.of("data", "closed", "lost"), events);
        assertEquals("bye", client.valueAsString());
        assertReason(ConnectionDone.class, client.lostReason());
    }

    @Test
    void aSideThatLosesItsConnectionStopsReading() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        server.transport().write(ascii("late reply"));
        client.transport().loseConnection();
        pump.pump();
        assertEquals("", client.valueAsString());
        assertReason(ConnectionDone.class, client.lostReason());
        assertReason(ConnectionDone.class, server.lostReason());
    }

    @Test
    void closingWaitsForAPausedReceiver() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        server.transport().pauseProducing();
        client.transport().write(ascii("data"));
        client.transport().loseConnection();
        pump.pump();
        assertFalse(client.isLost());
        assertEquals(4, pump.clientTransport().queuedBytes());
        server.transport().resumeProducing();
        pump.pump();
        assertEquals("data", server.valueAsString());
        assertTrue(client.isLost());
        assertTrue(server.isLost());
    }

    @Test
    void abortDropsQueuedDataAndGivesConnectionAbortedLocallyAndConnectionLostToThePeer() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        client.transport().write(ascii("never sent"));
        server.transport().write(ascii("never received"));
        client.transport().abortConnection();
        assertTrue(client.transport().isDisconnecting());
        assertTrue(server.transport().isDisconnecting());
        assertFalse(client.isLost());
        client.transport().write(ascii("dropped"));
        pump.pump();
        assertEquals("", server.valueAsString());
        assertEquals("", client.valueAsString());
        assertReason(ConnectionAborted.class, client.lostReason());
        assertReason(ConnectionLost.class, server.lostReason());
        assertTrue(pump.clientTransport().isAborted());
        assertEquals(1, client.lostCount());
        assertEquals(1, server.lostCount());
    }

    @Test
    void whenBothSidesAbortEachHearsItsOwnAbort() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        client.transport().abortConnection();
        server.transport().abortConnection();
        pump.pump();
        assertReason(ConnectionAborted.class, client.lostReason());
        assertReason(ConnectionAborted.class, server.lostReason());
    }

    @Test
    void writesAfterLoseConnectionButBeforeTheCloseAreStillSent() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        client.transport().loseConnection();
        client.transport().write(ascii("last words"));
        pump.pump();
        assertEquals("last words", server.valueAsString());
        assertTrue(pump.isClosed());
        assertEquals(10, pump.clientTransport().bytesWritten());
        assertEquals(10, pump.serverTransport().bytesDelivered());
    }

    @Test
    void lossListenersRunAfterConnectionLost() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        List<String> heard = new ArrayList<>();
        pump.serverTransport().onConnectionLost(f -> heard.add("server lost=" + server.isLost() + " " + f.type().getSimpleName()));
        client.transport().loseConnection();
        pump.pump();
        assertEquals(List.of("server lost=true ConnectionDone"), heard);
        assertSame(server.lostReason(), pump.serverTransport().lostReason());
    }

    @Test
    void aMemoryReactorDrivesCallFromThreadAndTimersDuringThePump() {
        var reactor = new MemoryReactor();
        var server = new AccumulatingProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                super.dataReceived(data);
                reactor.callFromThread(() -> transport.write(ascii("from thread;")));
                reactor.callLater(0, () -> transport.write(ascii("later;")));
            }
        };
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.builder().reactor(reactor).connect(server, client);
        client.transport().write(ascii("go"));
        pump.pump();
        assertEquals("from thread;later;", client.valueAsString());
    }

    @Test
    void abortAfterLoseConnectionStillAborts() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        server.transport().pauseProducing();
        client.transport().write(ascii("stuck"));
        client.transport().loseConnection();
        pump.pump();
        client.transport().abortConnection();
        pump.pump();
        assertReason(ConnectionAborted.class, client.lostReason());
        assertReason(ConnectionLost.class, server.lostReason());
    }

    @Test
    void breakConnectionGivesConnectionLostToBothAtOnce() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        client.transport().write(ascii("lost in transit"));
        pump.breakConnection();
        assertReason(ConnectionLost.class, server.lostReason());
        assertReason(ConnectionLost.class, client.lostReason());
        pump.pump();
        assertEquals("", server.valueAsString());
        assertEquals(1, server.lostCount());
    }

    // ------------------------------------------------------------------ half-close

    @Test
    void halfCloseLetsThePeerAnswerThenCloseCleanly() {
        var server = new HalfCloseableEcho();
        var client = new AccumulatingProtocol.HalfCloseable();
        var pump = LoopbackPump.builder().chunkSize(1).connect(server, client);
        client.transport().write(ascii("request"));
        client.transport().loseWriteConnection();
        pump.pump();
        assertEquals("request", server.valueAsString());
        assertEquals(1, server.readLostCount());
        assertEquals(0, server.writeLostCount());
        assertEquals(1, client.writeLostCount());
        assertEquals(0, client.readLostCount());
        assertEquals("request", client.valueAsString(), "the half-closed side still reads");
        assertTrue(pump.clientTransport().isWriteClosed());
        assertTrue(pump.serverTransport().isReadClosed());
        assertFalse(server.isLost());
        assertFalse(client.isLost());

        client.transport().write(ascii("ignored"));
        server.transport().write(ascii(" done"));
        server.transport().loseConnection();
        pump.pump();
        assertEquals("request", server.valueAsString(), "writes after the write side closed are dropped");
        assertEquals("request done", client.valueAsString());
        assertReason(ConnectionDone.class, server.lostReason());
        assertEquals(0, client.readLostCount(), "both directions closed: the whole connection is lost");
        assertReason(ConnectionDone.class, client.lostReason());
        assertEquals(1, client.lostCount());
        assertEquals(1, server.lostCount());
    }

    @Test
    void halfCloseToAPeerThatIsNotHalfCloseableLosesTheWholeConnection() {
        var server = new Echo();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        client.transport().write(ascii("hi"));
        client.transport().loseWriteConnection();
        pump.pump();
        assertEquals("hi", server.valueAsString());
        assertReason(ConnectionDone.class, server.lostReason());
        assertReason(ConnectionDone.class, client.lostReason());
        assertEquals("hi", client.valueAsString(), "the echo was written before the end-of-stream reached the server");
    }

    @Test
    void aHalfCloseableSideThatSawEndOfStreamIsLostWhenItClosesItsWriteSide() {
        var server = new AccumulatingProtocol.HalfCloseable();
        var client = new AccumulatingProtocol.HalfCloseable();
        var pump = LoopbackPump.connect(server, client);
        client.transport().loseWriteConnection();
        pump.pump();
        assertEquals(1, server.readLostCount());
        assertFalse(server.isLost());
        server.transport().write(ascii("answer"));
        server.transport().loseWriteConnection();
        pump.pump();
        assertEquals("answer", client.valueAsString());
        assertEquals(1, server.writeLostCount());
        assertReason(ConnectionDone.class, server.lostReason());
        assertReason(ConnectionDone.class, client.lostReason());
        assertEquals(0, client.readLostCount());
    }

    @Test
    void closingWaitsForAPushProducerToUnregister() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        var producer = new BurstProducer(server.transport(), 1, 1000);
        server.transport().registerProducer(producer, true);
        server.transport().loseConnection();
        pump.pump();
        assertFalse(server.isLost());
        server.transport().unregisterProducer();
        pump.pump();
        assertTrue(server.isLost());
        assertFalse(producer.stopped, "an unregistered producer is not told to stop");
    }

    @Test
    void writingToAPeerThatClosedResetsTheConnection() {
        var server = new AccumulatingProtocol.HalfCloseable();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        client.transport().loseConnection();
        pump.pump();
        assertEquals(1, server.readLostCount());
        assertFalse(server.isLost());
        server.transport().write(ascii("anyone?"));
        pump.pump();
        assertReason(ConnectionLost.class, server.lostReason());
    }

    // ------------------------------------------------------------------ reading paused

    @Test
    void aPausedSideReceivesNothingNotEvenEndOfStreamUntilResumed() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        server.transport().pauseProducing();
        assertTrue(pump.serverTransport().isReadingPaused());
        client.transport().write(ascii("held"));
        client.transport().loseWriteConnection();
        assertFalse(pump.flush());
        assertEquals("", server.valueAsString());
        server.transport().resumeProducing();
        pump.pump();
        assertEquals("held", server.valueAsString());
        assertTrue(server.isLost());
    }

    @Test
    void pausingInsideDataReceivedStopsTheRestOfTheStep() {
        var server = new AccumulatingProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                super.dataReceived(data);
                transport.pauseProducing();
            }
        };
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.builder().chunkSize(3).connect(server, client);
        client.transport().write(ascii("abcdefgh"));
        pump.pump();
        assertEquals("abc", server.valueAsString());
        server.transport().resumeProducing();
        pump.flush();
        assertEquals("abcdef", server.valueAsString());
    }

    @Test
    void stopProducingLosesTheConnection() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        server.transport().stopProducing();
        pump.pump();
        assertReason(ConnectionDone.class, server.lostReason());
        assertReason(ConnectionDone.class, client.lostReason());
    }

    // ------------------------------------------------------------------ producers

    /** Writes {@code chunk} bytes at a time while not paused, {@code total} bytes in all. */
    static final class BurstProducer implements PushProducer {
        final io.twisted.internet.Transport transport;
        final int chunk;
        int remaining;
        boolean paused;
        int pauses;
        int resumes;
        boolean stopped;
        long maxQueued;
        FakeTransport watched;

        BurstProducer(io.twisted.internet.Transport transport, int chunk, int total) {
            this.transport = transport;
            this.chunk = chunk;
            this.remaining = total;
        }

        void produce() {
            while (!paused && !stopped && remaining > 0) {
                int n = Math.min(chunk, remaining);
                byte[] b = new byte[n];
                java.util.Arrays.fill(b, (byte) 'x');
                remaining -= n;
                transport.write(b);
                if (watched != null) {
                    maxQueued = Math.max(maxQueued, watched.queuedBytes());
                }
            }
            if (remaining == 0 && !stopped) {
                stopped = true;
                transport.unregisterProducer();
                transport.loseConnection();
            }
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            resumes++;
            paused = false;
            produce();
        }

        @Override
        public void stopProducing() {
            stopped = true;
        }
    }

    @Test
    void pushProducerIsPausedAboveTheHighWatermarkAndResumedAtTheLowWatermark() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.builder().watermarks(100, 20).chunkSize(30).connect(server, client);
        var producer = new BurstProducer(server.transport(), 25, 1000);
        producer.watched = pump.serverTransport();
        server.transport().registerProducer(producer, true);
        producer.produce();
        assertTrue(producer.paused, "paused once more than 100 bytes were queued");
        assertEquals(1, producer.pauses);
        assertEquals(125, pump.serverTransport().queuedBytes());
        assertTrue(pump.serverTransport().isProducerPaused());

        pump.flush();
        // 125 queued: delivered in 30-byte reads; resumed when <= 20 were left (after 4 reads, 5 left)
        assertEquals(1, producer.resumes);
        pump.pump();
        assertTrue(server.isLost(), "the producer closed the connection after its last write");
        assertEquals(1000, client.value().length);
        assertTrue(producer.pauses > 1);
        assertEquals(producer.pauses, producer.resumes);
        assertTrue(producer.maxQueued <= 100 + 25, "queue never grew past the high watermark plus one write: " + producer.maxQueued);
        assertReason(ConnectionDone.class, client.lostReason());
    }

    @Test
    void pushProducerIsPausedAtRegistrationIfTheQueueIsAlreadyFull() {
        var server = new AccumulatingProtocol();
        var pump = LoopbackPump.builder().watermarks(4, 0).connect(server, new AccumulatingProtocol());
        server.transport().write(ascii("12345"));
        var producer = new BurstProducer(server.transport(), 1, 1);
        server.transport().registerProducer(producer, true);
        assertEquals(1, producer.pauses);
        pump.flush();
        assertEquals(1, producer.resumes);
    }

    @Test
    void pullProducerIsResumedWhenRegisteredAndWhenTheQueueDrains() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        int[] resumes = {0};
        var producer = new PullProducer() {
            @Override
            public void resumeProducing() {
                resumes[0]++;
                server.transport().write(ascii("chunk" + resumes[0] + ";"));
                if (resumes[0] == 3) {
                    server.transport().unregisterProducer();
                }
            }

            @Override
            public void stopProducing() {
            }
        };
        server.transport().registerProducer(producer, false);
        assertEquals(1, resumes[0]);
        server.transport().loseConnection(); // waits for the pull producer to unregister
        pump.pump();
        assertEquals(3, resumes[0]);
        assertEquals("chunk1;chunk2;chunk3;", client.valueAsString());
        assertReason(ConnectionDone.class, client.lostReason());
    }

    @Test
    void aRegisteredProducerIsStoppedWhenTheConnectionIsLost() {
        var server = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, new AccumulatingProtocol());
        var producer = new BurstProducer(server.transport(), 1, 1000);
        server.transport().registerProducer(producer, true);
        pump.breakConnection();
        assertTrue(producer.stopped);
        assertNull(pump.serverTransport().producer());
        var late = new BurstProducer(server.transport(), 1, 10);
        server.transport().registerProducer(late, true);
        assertTrue(late.stopped, "registering on a dead transport stops the producer");
    }

    @Test
    void registeringTwoProducersOrANonPushStreamingOneIsRefused() {
        var server = new AccumulatingProtocol();
        LoopbackPump.connect(server, new AccumulatingProtocol());
        var p = new BurstProducer(server.transport(), 1, 1);
        server.transport().registerProducer(p, true);
        assertThrows(IllegalStateException.class, () -> server.transport().registerProducer(p, true));
        server.transport().unregisterProducer();
        PullProducer pull = new PullProducer() {
            @Override
            public void resumeProducing() {
            }

            @Override
            public void stopProducing() {
            }
        };
        assertThrows(IllegalArgumentException.class, () -> server.transport().registerProducer(pull, true));
    }

    // ------------------------------------------------------------------ unreadData and layers

    @Test
    void unreadDataIsDeliveredToTheProtocolThatNowReads() {
        var second = new AccumulatingProtocol();
        var first = new AccumulatingProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                // consume up to and including '\n', then hand the connection over
                while (data.hasRemaining()) {
                    byte b = data.get();
                    if (b == '\n') {
                        FakeTransport t = (FakeTransport) transport;
                        t.replaceProtocol(second);
                        second.makeConnection(t);
                        t.unreadData(data);
                        return;
                    }
                    super.dataReceived(ByteBuffer.wrap(new byte[] {b}));
                }
            }
        };
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(first, client);
        client.transport().write(ascii("SWITCH\nrest of it"));
        pump.flush();
        assertEquals("SWITCH", first.valueAsString());
        assertEquals("", second.valueAsString(), "unread bytes wait for the next step");
        client.transport().write(ascii(" and more"));
        pump.pump();
        assertEquals("rest of it and more", second.valueAsString());
    }

    /**
     * A layer that XORs every byte with 0x5A on the wire: a stand-in for a TLS layer, built the
     * way one plugs into {@link FakeTransport#insertLayer}.
     */
    static final class XorLayer extends Protocol implements io.twisted.internet.Transport {
        private final Protocol upper;
        final java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();

        XorLayer(Protocol upper) {
            this.upper = upper;
        }

        private static ByteBuffer xor(ByteBuffer in) {
            ByteBuffer out = ByteBuffer.allocate(in.remaining());
            while (in.hasRemaining()) {
                out.put((byte) (in.get() ^ 0x5A));
            }
            return out.flip();
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            wire.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            upper.dataReceived(xor(data));
        }

        @Override
        public void connectionLost(Failure reason) {
            upper.disconnect(reason);
        }

        @Override
        public void write(ByteBuffer data) {
            transport.write(xor(data));
        }

        @Override
        public void loseConnection() {
            transport.loseConnection();
        }

        @Override
        public void abortConnection() {
            transport.abortConnection();
        }

        @Override
        public void loseWriteConnection() {
            transport.loseWriteConnection();
        }

        @Override
        public java.net.SocketAddress getPeer() {
            return transport.getPeer();
        }

        @Override
        public java.net.SocketAddress getHost() {
            return transport.getHost();
        }

        @Override
        public void unreadData(ByteBuffer data) {
            transport.unreadData(data);
        }

        @Override
        public boolean isDisconnecting() {
            return transport.isDisconnecting();
        }

        @Override
        public void registerProducer(io.twisted.internet.Producer producer, boolean streaming) {
            transport.registerProducer(producer, streaming);
        }

        @Override
        public void unregisterProducer() {
            transport.unregisterProducer();
        }

        @Override
        public void pauseProducing() {
            transport.pauseProducing();
        }

        @Override
        public void resumeProducing() {
            transport.resumeProducing();
        }

        @Override
        public void stopProducing() {
            transport.stopProducing();
        }
    }

    @Test
    void startTlsInsertsTheConfiguredLayerUnderTheProtocolOnBothSides() {
        var server = new Echo();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.builder()
                .tls((transport, options) -> transport.insertLayer(new XorLayer(transport.protocol())))
                .chunkSize(2)
                .connect(server, client);
        client.transport().write(ascii("plain;"));
        pump.pump();
        assertEquals("plain;", client.valueAsString());

        server.transport().startTLS(null);
        client.transport().startTLS(null);
        assertInstanceOf(XorLayer.class, server.transport());
        assertInstanceOf(XorLayer.class, pump.serverTransport().protocol());
        assertSame(server, pump.serverProtocol());

        client.transport().write(ascii("secret"));
        pump.pump();
        byte[] onTheWire = ((XorLayer) server.transport()).wire.toByteArray();
        assertEquals(Bytes.toHex(Bytes.hex("29 3f 39 28 3f 2e  # 'secret' XOR 0x5A")), Bytes.toHex(onTheWire));
        assertEquals("plain;secret", server.valueAsString());
        assertEquals("plain;secret", client.valueAsString());
        client.transport().loseConnection();
        pump.pump();
        assertReason(ConnectionDone.class, server.lostReason());
        assertReason(ConnectionDone.class, client.lostReason());
    }

    @Test
    void startTlsSwitchesBothSidesMidStreamWithTheDefaultTlsLayer() {
        var cert = io.twisted.internet.tls.SelfSigned.create("localhost");
        var serverOptions = io.twisted.internet.tls.ServerTlsOptions.of(cert);
        var clientOptions = io.twisted.internet.tls.TlsOptions.forClient("localhost").withTrustRoots(cert.certificateChain());
        var server = new AccumulatingProtocol() {
            boolean switched;
            int plain;

            @Override
            public void dataReceived(java.nio.ByteBuffer data) {
                if (!switched) {
                    // "STARTTLS\n" in plaintext (in pieces): answer in plaintext, then switch.
                    plain += data.remaining();
                    data.position(data.limit());
                    if (plain == "STARTTLS\n".length()) {
                        transport.write(Bytes.ascii("GO\n"));
                        transport.startTLS(serverOptions);
                        switched = true;
                    }
                } else {
                    transport.write(data); // echo, encrypted
                }
            }
        };
        var client = new AccumulatingProtocol() {
            boolean switched;

            @Override
            public void connectionMade() {
                super.connectionMade();
                transport.write(Bytes.ascii("STARTTLS\n"));
            }

            @Override
            public void dataReceived(java.nio.ByteBuffer data) {
                if (!switched) {
                    switched = true;
                    data.position(data.limit());
                    transport.startTLS(clientOptions);
                    transport.write(Bytes.ascii("secret"));
                } else {
                    super.dataReceived(data);
                }
            }
        };
        LoopbackPump pump = LoopbackPump.builder().chunkSize(7).connect(server, client);
        pump.pump();
        assertEquals("secret", client.valueAsString());
        assertTrue(client.transport() instanceof io.twisted.internet.tls.TlsTransport);
    }

    @Test
    void setProtocolSwapsTheReceiverWithoutConnectingIt() {
        var server = new AccumulatingProtocol();
        var client = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, client);
        var next = new AccumulatingProtocol();
        pump.serverTransport().setProtocol(next);
        assertSame(next, pump.serverTransport().protocol());
        assertFalse(next.isMade());
        client.transport().write(ascii("to next"));
        client.transport().loseConnection();
        pump.pump();
        assertEquals("to next", next.valueAsString());
        assertEquals("", server.valueAsString());
        assertTrue(next.isLost());
        assertFalse(server.isLost());
    }

    @Test
    void insertLayerMakesTheLayerTheUpperProtocolsTransportAndConnectsIt() {
        var server = new AccumulatingProtocol();
        var pump = LoopbackPump.connect(server, new AccumulatingProtocol());
        var layer = new XorLayer(server);
        Protocol upper = pump.serverTransport().insertLayer(layer);
        assertSame(server, upper);
        assertSame(layer, server.transport());
        assertSame(pump.serverTransport(), layer.transport());
        assertTrue(layer.isConnected());
        assertEquals(1, server.madeCount(), "the upper protocol is not connected again");
        assertArrayEquals(new byte[0], server.value());
    }
}
