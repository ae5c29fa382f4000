package io.twisted.internet.tls;

import io.twisted.internet.HalfCloseableProtocol;
import io.twisted.internet.Producer;
import io.twisted.internet.Protocol;
import io.twisted.internet.ProtocolFactory;
import io.twisted.internet.Transport;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionDone;
import io.twisted.internet.error.ConnectionLost;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;

/**
 * TLS as a protocol layer, as Twisted's {@code TLSMemoryBIOProtocol}: a {@link Protocol} on a
 * lower transport (TCP, a UNIX socket, an in-memory fake) that is itself the {@link Transport}
 * of the application protocol above it.
 *
 * <pre>
 *   lower transport --dataReceived(ciphertext)--> TlsLayer --dataReceived(plaintext)--> app
 *   lower transport <--write(ciphertext)--------- TlsLayer <--write(plaintext)--------- app
 * </pre>
 *
 * <h2>Use</h2>
 * <ul>
 *   <li>Whole connections: {@link #wrapFactory(ProtocolFactory, TlsOptions)} turns any factory into
 *       a TLS one ({@code listenSSL}, {@code connectSSL}, the {@code ssl:}/{@code tls:} endpoints).
 *       The app's {@code connectionMade} runs at once (before the handshake); what it writes is
 *       queued and sent, encrypted, when the handshake completes.</li>
 *   <li>STARTTLS on a live connection: {@link #startTls(Transport, ProtocolLayering, TlsOptions)};
 *       the app keeps running and does not see {@code connectionMade} again, only its
 *       {@code transport} changes. Bytes it already read past the STARTTLS command (often the
 *       ClientHello, in the same read) go back through {@link #unreadData}.</li>
 *   <li>The handshake's results: {@link TlsTransport} ({@link #negotiatedProtocol()},
 *       {@link #peerCertificates()}, {@link #serverName()}); an app implementing
 *       {@link HandshakeListener} hears when they are known.</li>
 * </ul>
 *
 * <h2>Closing</h2>
 * <ul>
 *   <li>{@link #loseConnection()}: after the queued plaintext (and any registered producer, once
 *       it unregisters) a close_notify alert is sent, then the lower transport is closed (which
 *       flushes it). We do not wait for the peer's close_notify (RFC 8446 section 6.1 and RFC 5246
 *       section 7.2.1 allow this). Before the handshake completed, with nothing queued, the
 *       close_notify goes out at once.</li>
 *   <li>{@link #loseWriteConnection()}: TLS half-close, sends close_notify and keeps reading; an
 *       app that is a {@link HalfCloseableProtocol} hears {@code writeConnectionLost}. The lower
 *       transport is closed once the peer's close_notify arrives.</li>
 *   <li>close_notify received: with TLS 1.3, an app that is a {@link HalfCloseableProtocol} hears
 *       {@code readConnectionLost} and may go on writing until it closes. Otherwise (TLS 1.2 or
 *       another app) the layer answers close_notify and closes the lower transport. Either way the
 *       app's {@code connectionLost} receives {@link ConnectionDone}.</li>
 *   <li>The lower connection ending without a close_notify from the peer (a truncation, RFC 8446
 *       section 6.1) reaches the app as {@link ConnectionLost}; a failed handshake or a bad record
 *       as a {@link TlsError} that names the cause; an abort as whatever the lower transport
 *       reports.</li>
 * </ul>
 *
 * <h2>Buffers and limits</h2>
 * Three buffers per connection, sized from the {@link SSLSession} (one TLS record, about
 * 16 KiB, RFC 8446 section 5.1; two records for the outgoing one, about 64 KiB in all) and reused: ciphertext of an incomplete record, decrypted
 * plaintext on its way to the app, and ciphertext on its way to the lower transport (which the
 * lower transport's {@code write} consumes). Ciphertext is normally decrypted straight from the
 * lower transport's buffer; it is copied only to hold a partial record, or when it arrives while
 * the app paused reading (then bounded by what the lower transport had already read when it was
 * paused) or re-entrantly. Plaintext the app writes before the handshake completes (or during a
 * renegotiation) is copied into a queue and sent afterwards; that queue is bounded by what the app
 * writes, exactly like a transport's write queue, and the app's producer is registered with the
 * lower transport, so its watermarks apply once data flows.
 *
 * <h2>Threads</h2>
 * Like any protocol, a TlsLayer is used on its reactor thread only. The engine's delegated tasks
 * (certificate path validation, key exchange) run inline on that thread: about a millisecond per
 * handshake for ECDHE with P-256 keys, more for large RSA keys. This keeps ordering trivial; a
 * server handshaking thousands of clients per second per core should run several reactors.
 *
 * <h2>Producers</h2>
 * {@link #registerProducer}/{@link #unregisterProducer} pass straight through to the lower
 * transport, so a slow peer pauses the app's producer end to end; {@link #pauseProducing()} /
 * {@link #resumeProducing()} (the app pausing its reading) pass through too, and while paused no
 * more plaintext is delivered. When the layer's write side closes for good while a producer is
 * still registered (the peer's close_notify was answered, or TLS failed), the producer is
 * unregistered and stopped, as a transport does when its connection is lost.
 */
public final class TlsLayer extends Protocol implements TlsTransport, ProtocolLayering {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Engine steps without a byte consumed or produced before we call the engine stuck. */
    private static final int MAX_IDLE_STEPS = 64;

    private Protocol app;
    private final TlsOptions options;
    /** The app is already connected (STARTTLS): do not call its makeConnection. */
    private final boolean appAlreadyConnected;

    private SSLEngine engine;
    /** Ciphertext of a partial record, in write mode between calls. */
    private ByteBuffer netIn;
    /** Ciphertext for the lower transport, in write mode between calls. */
    private ByteBuffer netOut;
    /** Plaintext for the app, in write mode between calls. */
    private ByteBuffer appIn;
    private int appBufferSize;

    /** Ciphertext received while paused or re-entrantly, in order (copies). */
    private final ArrayDeque<ByteBuffer> pendingInput = new ArrayDeque<>();
    /** Plaintext written before the handshake completed or while a renegotiation runs (copies). */
    private final ArrayDeque<ByteBuffer> pendingOutput = new ArrayDeque<>();
    /** Plaintext the app handed back with unreadData while we were delivering to it. */
    private final ArrayDeque<ByteBuffer> unreadPlaintext = new ArrayDeque<>();

    private boolean processing;
    private boolean delivering;
    private boolean readPaused;
    private boolean handshakeDone;
    private boolean disconnecting;
    private boolean writeShutdownRequested;
    private boolean closeNotifySent;
    private boolean closeNotifyReceived;
    private boolean lowerClosed;
    private boolean lowerLost;
    private boolean appLost;
    private boolean aborted;
    private Failure tlsFailure;
    private boolean producerRegistered;
    private Producer producer;
    private String sniName;

    /**
     * A layer that will run {@code app} over TLS as described by {@code options}; connect it with
     * {@link #makeConnection(Transport)} on the lower transport.
     */
    public TlsLayer(Protocol app, TlsOptions options) {
        this(app, options, false);
    }

    private TlsLayer(Protocol app, TlsOptions options, boolean appAlreadyConnected) {
        this.app = Objects.requireNonNull(app, "app");
        this.options = Objects.requireNonNull(options, "options");
        this.appAlreadyConnected = appAlreadyConnected;
    }

    // ================================================================== installing

    /**
     * Starts TLS on a running connection (STARTTLS): puts a new TlsLayer between {@code lower} and
     * its current protocol, which keeps running with the layer as its {@code transport} (its
     * {@code connectionMade} is not called again). A client layer sends its ClientHello at once.
     *
     * <p>A transport's {@code startTLS} is one line:
     * {@code public void startTLS(TlsOptions o) { TlsLayer.startTls(this, this, o); }}
     *
     * @param lower the connection (TCP, in-memory, or a TlsLayer for TLS inside TLS)
     * @param layering the same connection's protocol switch (usually {@code lower} itself)
     * @return the layer, which is now the protocol's transport
     */
    public static TlsLayer startTls(Transport lower, ProtocolLayering layering, TlsOptions options) {
        return startTls(lower, layering.protocol(), layering::setProtocol, options);
    }

    /**
     * As {@link #startTls(Transport, ProtocolLayering, TlsOptions)} for a transport that does not
     * implement {@link ProtocolLayering}.
     *
     * @param lower the connection
     * @param app the protocol running on it, which becomes the layer's application
     * @param deliverTo makes {@code lower} deliver its data and connection loss to the given
     *     protocol (the layer) from now on
     */
    public static TlsLayer startTls(Transport lower, Protocol app, java.util.function.Consumer<Protocol> deliverTo, TlsOptions options) {
        TlsLayer tls = new TlsLayer(app, options, true);
        deliverTo.accept(tls);
        tls.makeConnection(lower);
        return tls;
    }

    /**
     * A factory whose protocols are those of {@code factory} running over TLS (Twisted's
     * {@code TLSMemoryBIOFactory}). Client callbacks ({@code clientConnectionFailed} ...) reach
     * {@code factory} when it is a {@link io.twisted.internet.ClientFactory}.
     */
    public static TlsFactory wrapFactory(ProtocolFactory factory, TlsOptions options) {
        return new TlsFactory(factory, options);
    }

    /** The options this layer was made with. */
    public TlsOptions options() {
        return options;
    }

    /** The engine, or {@code null} before {@link #makeConnection}. */
    public SSLEngine engine() {
        return engine;
    }

    // ================================================================== ProtocolLayering

    /** The application protocol above this layer. */
    @Override
    public Protocol protocol() {
        return app;
    }

    /** Makes this layer deliver plaintext to {@code protocol} from now on. */
    @Override
    public void setProtocol(Protocol protocol) {
        this.app = Objects.requireNonNull(protocol, "protocol");
    }

    /** STARTTLS inside TLS: another layer above this one. */
    @Override
    public void startTLS(TlsOptions tlsOptions) {
        startTls(this, this, tlsOptions);
    }

    // ================================================================== Protocol (from below)

    @Override
    public void connectionMade() {
        SSLException startFailure = null;
        try {
            engine = options.createEngine(transport.getPeer());
            SSLSession s = engine.getSession();
            netIn = ByteBuffer.allocate(s.getPacketBufferSize());
            // twice a record: the engine wants a whole record's room per wrap, and a handshake
            // flight of several small records should leave in one lower write
            netOut = ByteBuffer.allocate(2 * s.getPacketBufferSize());
            appBufferSize = s.getApplicationBufferSize();
            appIn = ByteBuffer.allocate(appBufferSize);
            engine.beginHandshake();
        } catch (SSLException e) {
            startFailure = e;
        } catch (RuntimeException e) {
            startFailure = new SSLException("cannot start TLS with " + options + ": " + e, e);
        }
        if (appAlreadyConnected) {
            app.setTransport(this);
        } else {
            app.makeConnection(this);
        }
        if (startFailure != null) {
            tlsFailure = new Failure(TlsError.from(startFailure, false));
            engine = null;
            transport.abortConnection();
            return;
        }
        if (!dead()) {
            receive(EMPTY);
        }
    }

    /** Ciphertext from the lower transport. */
    @Override
    public void dataReceived(ByteBuffer data) {
        receive(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        lowerLost = true;
        if (appLost) {
            return;
        }
        appLost = true;
        Failure appReason;
        if (tlsFailure != null) {
            appReason = tlsFailure;
        } else if (aborted) {
            appReason = reason;
        } else if (closeNotifyReceived || (closeNotifySent && reason.value() instanceof ConnectionDone)) {
            appReason = reason.value() instanceof ConnectionDone ? reason : new Failure(new ConnectionDone());
        } else if (reason.value() instanceof ConnectionDone) {
            appReason = new Failure(new ConnectionLost(
                    "Connection lost without a TLS close_notify from the peer (the data may be truncated)", reason.value()));
        } else {
            appReason = reason;
        }
        if (engine != null) {
            engine.closeOutbound();
            try {
                engine.closeInbound();
            } catch (SSLException expectedWithoutCloseNotify) {
                // the truncation is reported above
            }
        }
        pendingOutput.clear();
        pendingInput.clear();
        app.disconnect(appReason);
    }

    // ================================================================== Transport (from above)

    @Override
    public void write(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        if (outputClosed()) {
            data.position(data.limit());
            return;
        }
        if (!canWriteNow()) {
            pendingOutput.addLast(copyOf(data));
            return;
        }
        wrapAndSend(new ByteBuffer[] {data});
    }

    @Override
    public void writeSequence(List<ByteBuffer> data) {
        if (outputClosed()) {
            for (ByteBuffer b : data) {
                b.position(b.limit());
            }
            return;
        }
        if (!canWriteNow()) {
            for (ByteBuffer b : data) {
                if (b.hasRemaining()) {
                    pendingOutput.addLast(copyOf(b));
                }
            }
            return;
        }
        wrapAndSend(data.toArray(new ByteBuffer[0]));
    }

    @Override
    public void loseConnection() {
        if (disconnecting || dead()) {
            return;
        }
        disconnecting = true;
        maybeShutdownOutput();
    }

    @Override
    public void abortConnection() {
        if (aborted || lowerLost) {
            return;
        }
        aborted = true;
        disconnecting = true;
        pendingOutput.clear();
        if (engine != null) {
            engine.closeOutbound();
        }
        transport.abortConnection();
    }

    /**
     * TLS half-close: sends close_notify once queued data is out, keeps reading. See the class
     * comment.
     */
    @Override
    public void loseWriteConnection() {
        if (writeShutdownRequested || disconnecting || dead()) {
            return;
        }
        writeShutdownRequested = true;
        maybeShutdownOutput();
    }

    @Override
    public SocketAddress getPeer() {
        return transport.getPeer();
    }

    @Override
    public SocketAddress getHost() {
        return transport.getHost();
    }

    /**
     * Bytes the app read but did not process. Handed back from inside the app's
     * {@code dataReceived} they are plaintext (a protocol switch inside TLS) and go to the (possibly
     * new) app once that call returns; otherwise they are ciphertext, as with STARTTLS where the
     * plain protocol read the start of the handshake behind its STARTTLS command.
     */
    @Override
    public void unreadData(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        if (delivering) {
            unreadPlaintext.addLast(copyOf(data));
        } else {
            receive(data);
        }
    }

    @Override
    public boolean isDisconnecting() {
        return disconnecting || tlsFailure != null || lowerLost || (transport != null && transport.isDisconnecting());
    }

    /** Passes through to the lower transport, so its watermarks pause {@code producer}. */
    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        transport.registerProducer(producer, streaming);
        producerRegistered = true;
        this.producer = producer;
    }

    @Override
    public void unregisterProducer() {
        producerRegistered = false;
        producer = null;
        transport.unregisterProducer();
        if (disconnecting || writeShutdownRequested) {
            maybeShutdownOutput();
        }
    }

    /** The app stops reading: the lower transport stops too, and no more plaintext is delivered. */
    @Override
    public void pauseProducing() {
        readPaused = true;
        transport.pauseProducing();
    }

    @Override
    public void resumeProducing() {
        readPaused = false;
        transport.resumeProducing();
        if (!processing && !dead() && engine != null && (netIn.position() > 0 || !pendingInput.isEmpty())) {
            receive(EMPTY);
        }
    }

    @Override
    public void stopProducing() {
        transport.stopProducing();
    }

    // ================================================================== TlsTransport

    @Override
    public boolean isHandshakeDone() {
        return handshakeDone;
    }

    @Override
    public String negotiatedProtocol() {
        if (engine == null || !handshakeDone) {
            return null;
        }
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        if (engine == null || !handshakeDone) {
            return List.of();
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : engine.getSession().getPeerCertificates()) {
                out.add((X509Certificate) c);
            }
            return List.copyOf(out);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    @Override
    public String serverName() {
        return sniName;
    }

    @Override
    public SSLSession session() {
        return engine == null ? null : engine.getSession();
    }

    /**
     * Starts a new handshake on an established connection: a renegotiation with TLS 1.2 (RFC 5746
     * secure renegotiation; the JDK refuses insecure ones), a key update with TLS 1.3 (RFC 8446
     * section 4.6.3). Data keeps flowing; writes made meanwhile are queued and sent after.
     */
    public void renegotiate() {
        if (engine == null || !handshakeDone || dead() || closeNotifySent) {
            throw new IllegalStateException("renegotiate needs an established, open TLS connection");
        }
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        receive(EMPTY);
    }

    // ================================================================== input

    /** Decrypts {@code data} (consuming it), delivering plaintext; input arriving meanwhile queues. */
    private void receive(ByteBuffer data) {
        if (engine == null || dead() || closeNotifyReceived) {
            data.position(data.limit());
            return;
        }
        if (processing || readPaused) {
            if (data.hasRemaining()) {
                pendingInput.addLast(copyOf(data));
            }
            return;
        }
        processing = true;
        try {
            if (netIn.position() > 0) {
                feedNetIn(EMPTY);
            }
            feed(data);
            flushNetOut();
            while (!pendingInput.isEmpty() && !readPaused && !dead() && !closeNotifyReceived) {
                feed(pendingInput.pollFirst());
                flushNetOut();                       // may bring more re-entrant input: loop
            }
            if (handshakeDone && !pendingOutput.isEmpty() && !dead() && !closeNotifySent
                    && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                // writes held back during a post-handshake exchange that reported no FINISHED
                ByteBuffer[] queued = pendingOutput.toArray(new ByteBuffer[0]);
                pendingOutput.clear();
                wrapAndSend(queued);
                maybeShutdownOutput();
            }
        } catch (SSLException e) {
            fail(e);
        } finally {
            processing = false;
        }
        if (closeNotifyReceived || dead()) {
            pendingInput.clear();
        }
        drainPendingInputIfIdle();
    }

    /** Processes ciphertext that arrived re-entrantly (during one of our lower writes), once we are idle. */
    private void drainPendingInputIfIdle() {
        if (!processing && !readPaused && !pendingInput.isEmpty() && engine != null && !dead() && !closeNotifyReceived) {
            receive(EMPTY);
        }
    }

    /** Processes {@code data}; what cannot be processed now (partial record, paused) is kept. */
    private void feed(ByteBuffer data) throws SSLException {
        do {
            if (netIn.position() == 0) {
                process(data);                       // straight from the caller's buffer
                if (readPaused && data.hasRemaining() && !dead() && !closeNotifyReceived) {
                    pendingInput.addFirst(copyOf(data));
                    return;
                }
                if (data.hasRemaining() && !inputStopped()) {
                    ensureNetInCapacity(data.remaining());
                    netIn.put(data);                 // a partial record: keep it
                }
            } else {
                feedNetIn(data);
                if (readPaused && data.hasRemaining() && !dead() && !closeNotifyReceived) {
                    pendingInput.addFirst(copyOf(data));
                    return;
                }
            }
        } while (data.hasRemaining() && !inputStopped());
        data.position(data.limit());
    }

    /** Appends what fits of {@code data} to the partial record in netIn and processes it. */
    private void feedNetIn(ByteBuffer data) throws SSLException {
        if (data.hasRemaining() && !netIn.hasRemaining()) {
            ensureNetInCapacity(netIn.capacity() + 1);
        }
        int n = Math.min(netIn.remaining(), data.remaining());
        ByteBuffer slice = data.slice();
        slice.limit(n);
        netIn.put(slice);
        data.position(data.position() + n);
        netIn.flip();
        try {
            process(netIn);
        } finally {
            netIn.compact();
        }
    }

    private void ensureNetInCapacity(int needed) throws SSLException {
        if (netIn.capacity() - netIn.position() >= needed && needed <= netIn.capacity()) {
            return;
        }
        int packet = engine.getSession().getPacketBufferSize();
        int want = Math.max(netIn.position() + needed, packet);
        if (netIn.position() + needed > packet && netIn.capacity() >= packet) {
            // a partial record is never larger than the session's packet size
            throw new SSLException("TLS record larger than the session's packet size " + packet);
        }
        ByteBuffer bigger = ByteBuffer.allocate(want);
        netIn.flip();
        bigger.put(netIn);
        netIn = bigger;
    }

    /**
     * Runs the engine over {@code src}: handshake steps (wraps, delegated tasks) and unwraps,
     * delivering plaintext, until the input is used up (or holds only part of a record), the app
     * pauses, or the connection ends.
     */
    private void process(ByteBuffer src) throws SSLException {
        int idle = 0;
        while (!dead()) {
            if (++idle > MAX_IDLE_STEPS) {
                // a safety net: every step above consumes or produces bytes, or changes state
                throw new SSLException("SSLEngine made no progress in " + MAX_IDLE_STEPS + " steps (status "
                        + engine.getHandshakeStatus() + ")");
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = wrap(new ByteBuffer[] {EMPTY});
                checkHandshakeFinished(r);
                if (r.bytesProduced() > 0) {
                    idle = 0;
                }
                if (r.bytesProduced() == 0 && (r.getStatus() == SSLEngineResult.Status.CLOSED
                        || r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP)) {
                    break;                            // nothing more to send (closed)
                }
                continue;
            }
            if (!handshakeDone && hs == HandshakeStatus.NOT_HANDSHAKING && engine.getSession().isValid()) {
                handshakeFinished();                  // some JDK paths report no FINISHED result
                continue;
            }
            if (!src.hasRemaining() || readPaused || engine.isInboundDone() || closeNotifyReceived) {
                break;
            }
            SSLEngineResult r = engine.unwrap(src, appIn);
            if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                idle = 0;
            }
            switch (r.getStatus()) {
                case OK:
                    if (appIn.remaining() < appBufferSize) {
                        deliver();
                    }
                    checkHandshakeFinished(r);
                    break;
                case BUFFER_OVERFLOW:
                    if (appIn.position() > 0) {
                        deliver();
                    } else {
                        appBufferSize = Math.max(appBufferSize, engine.getSession().getApplicationBufferSize());
                        appIn = ByteBuffer.allocate(Math.max(appBufferSize, appIn.capacity() * 2));
                    }
                    break;
                case BUFFER_UNDERFLOW:
                    deliver();
                    return;                           // the rest is part of a record
                case CLOSED:
                    deliver();
                    checkHandshakeFinished(r);
                    closeNotifyArrived();
                    break;
                default:
                    throw new SSLException("unexpected SSLEngine status " + r.getStatus());
            }
        }
        deliver();
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void checkHandshakeFinished(SSLEngineResult r) {
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeFinished();
        }
    }

    /** The first handshake, a renegotiation or a key update finished: send what waited. */
    private void handshakeFinished() {
        boolean first = !handshakeDone;
        handshakeDone = true;
        if (first) {
            SSLSession s = engine.getSession();
            if (2 * s.getPacketBufferSize() > netOut.capacity()) {
                netOut = grow(netOut, 2 * s.getPacketBufferSize());
            }
            appBufferSize = Math.max(appBufferSize, s.getApplicationBufferSize());
            sniName = findServerName(s);
            if (app instanceof HandshakeListener) {
                ((HandshakeListener) app).handshakeCompleted();
            }
        }
        if (dead()) {
            return;
        }
        if (!pendingOutput.isEmpty() && !closeNotifySent) {
            ByteBuffer[] queued = pendingOutput.toArray(new ByteBuffer[0]);
            pendingOutput.clear();
            wrapAndSend(queued);
        }
        maybeShutdownOutput();
    }

    private String findServerName(SSLSession s) {
        if (engine.getUseClientMode()) {
            List<SNIServerName> names = engine.getSSLParameters().getServerNames();
            return names == null ? null : hostName(names);
        }
        return s instanceof ExtendedSSLSession ? hostName(((ExtendedSSLSession) s).getRequestedServerNames()) : null;
    }

    private static String hostName(List<SNIServerName> names) {
        for (SNIServerName n : names) {
            if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                return n instanceof SNIHostName ? ((SNIHostName) n).getAsciiName() : new SNIHostName(n.getEncoded()).getAsciiName();
            }
        }
        return null;
    }

    /** Hands the plaintext in appIn to the app, then anything it gave back with unreadData. */
    private void deliver() {
        if (appIn.position() == 0 && unreadPlaintext.isEmpty()) {
            return;
        }
        appIn.flip();
        try {
            if (appIn.hasRemaining() && !appLost) {
                delivering = true;
                app.dataReceived(appIn);
            }
        } finally {
            delivering = false;
            appIn.clear();
        }
        while (!unreadPlaintext.isEmpty() && !appLost) {
            ByteBuffer b = unreadPlaintext.pollFirst();
            delivering = true;
            try {
                app.dataReceived(b);
            } finally {
                delivering = false;
            }
        }
    }

    /** The peer sent close_notify: half-close for a TLS 1.3 half-closeable app, else close. */
    private void closeNotifyArrived() throws SSLException {
        if (closeNotifyReceived) {
            return;
        }
        closeNotifyReceived = true;
        boolean tls13 = "TLSv1.3".equals(engine.getSession().getProtocol());
        if (closeNotifySent) {
            closeLower();                                  // both directions are done
        } else if (tls13 && app instanceof HalfCloseableProtocol && !disconnecting && !engine.isOutboundDone()) {
            ((HalfCloseableProtocol) app).readConnectionLost();
        } else {
            pendingOutput.clear();
            sendCloseNotify();
            stopProducer();
            closeLower();
        }
    }

    /**
     * Our write side is closed for good (close_notify sent in answer, or a TLS failure): a
     * producer still registered can never write again, so it is stopped and unregistered, and
     * the lower transport need not wait for it to close.
     */
    private void stopProducer() {
        if (!producerRegistered) {
            return;
        }
        Producer p = producer;
        producerRegistered = false;
        producer = null;
        transport.unregisterProducer();
        p.stopProducing();
    }

    // ================================================================== output

    private boolean canWriteNow() {
        return engine != null && handshakeDone && pendingOutput.isEmpty()
                && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    private boolean outputClosed() {
        return closeNotifySent || dead() || (engine != null && engine.isOutboundDone());
    }

    /** Encrypts all of {@code srcs} and sends it; queues what a running renegotiation holds back. */
    private void wrapAndSend(ByteBuffer[] srcs) {
        boolean wasProcessing = processing;
        processing = true;
        try {
            while (remaining(srcs) > 0 && !dead()) {
                SSLEngineResult r = wrap(srcs);
                checkHandshakeFinished(r);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    break;
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    HandshakeStatus hs = engine.getHandshakeStatus();
                    if (hs == HandshakeStatus.NEED_TASK) {
                        runDelegatedTasks();
                        continue;
                    }
                    // a renegotiation waits for the peer: keep the rest for later
                    for (ByteBuffer b : srcs) {
                        if (b.hasRemaining()) {
                            pendingOutput.addLast(copyOf(b));
                        }
                    }
                    break;
                }
            }
            flushNetOut();
        } catch (SSLException e) {
            fail(e);
        } finally {
            for (ByteBuffer b : srcs) {
                b.position(b.limit());
            }
            processing = wasProcessing;
        }
        drainPendingInputIfIdle();                     // input that arrived while we were writing
    }

    /** One wrap into netOut, making room as needed. */
    private SSLEngineResult wrap(ByteBuffer[] srcs) throws SSLException {
        while (true) {
            SSLEngineResult r = engine.wrap(srcs, netOut);
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return r;                              // flushed on overflow and when the operation ends
            }
            if (netOut.position() > 0) {
                flushNetOut();
            } else {
                netOut = grow(netOut, Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
            }
        }
    }

    private void flushNetOut() {
        if (netOut == null || netOut.position() == 0 || lowerLost) {
            if (netOut != null) {
                netOut.clear();
            }
            return;
        }
        netOut.flip();
        try {
            transport.write(netOut);
        } finally {
            netOut.clear();
        }
    }

    /**
     * Sends close_notify when a close was asked for and nothing holds it back (queued plaintext,
     * an incomplete handshake with queued plaintext, a registered producer).
     */
    private void maybeShutdownOutput() {
        if (!(disconnecting || writeShutdownRequested) || closeNotifySent || dead() || producerRegistered) {
            return;
        }
        if (engine == null) {
            return;
        }
        if (!pendingOutput.isEmpty()) {
            return;                                    // handshakeFinished flushes, then calls again
        }
        boolean wasProcessing = processing;
        processing = true;
        try {
            sendCloseNotify();
        } catch (SSLException e) {
            fail(e);
            return;
        } finally {
            processing = wasProcessing;
        }
        if (disconnecting || closeNotifyReceived) {
            closeLower();
        } else if (app instanceof HalfCloseableProtocol) {
            ((HalfCloseableProtocol) app).writeConnectionLost();
        }
        drainPendingInputIfIdle();
    }

    private void sendCloseNotify() throws SSLException {
        if (closeNotifySent) {
            return;
        }
        closeNotifySent = true;
        engine.closeOutbound();
        for (int i = 0; i < 8 && !engine.isOutboundDone(); i++) {
            SSLEngineResult r = wrap(new ByteBuffer[] {EMPTY});
            if (r.bytesProduced() == 0) {
                break;
            }
        }
        flushNetOut();
    }

    private void closeLower() {
        if (lowerClosed || lowerLost) {
            return;
        }
        lowerClosed = true;
        flushNetOut();
        transport.loseConnection();
    }

    /** A fatal TLS error: send the engine's alert, close, and tell the app (via connectionLost) why. */
    private void fail(SSLException e) {
        if (tlsFailure != null || lowerLost) {
            return;
        }
        tlsFailure = new Failure(TlsError.from(e, handshakeDone));
        pendingOutput.clear();
        pendingInput.clear();
        try {
            engine.closeOutbound();
            for (int i = 0; i < 4; i++) {
                SSLEngineResult r = engine.wrap(EMPTY, netOut);
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException alertNotSent) {
            // the alert is a courtesy; the close below is what matters
        }
        flushNetOut();
        stopProducer();
        lowerClosed = true;
        transport.loseConnection();
    }

    // ================================================================== helpers

    private boolean dead() {
        return tlsFailure != null || lowerLost || aborted;
    }

    private boolean inputStopped() {
        return dead() || closeNotifyReceived || readPaused;
    }

    private static long remaining(ByteBuffer[] bufs) {
        long n = 0;
        for (ByteBuffer b : bufs) {
            n += b.remaining();
        }
        return n;
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        ByteBuffer c = ByteBuffer.allocate(data.remaining());
        c.put(data);
        c.flip();
        return c;
    }

    private static ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        b.flip();
        bigger.put(b);
        return bigger;
    }

    @Override
    public String toString() {
        return "TlsLayer[" + (options.isClient() ? "client" : "server") + ", app=" + app.getClass().getSimpleName()
                + (handshakeDone ? ", " + engine.getSession().getProtocol() : ", handshaking") + "]";
    }
}
