package io.twisted.amp;

import io.twisted.amp.wire.AmpBox;
import io.twisted.internet.defer.Deferred;
import io.twisted.internet.defer.Failure;
import io.twisted.internet.error.ConnectionLost;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request/answer machinery of AMP (Twisted's {@code BoxDispatcher}): tags outgoing requests with
 * {@code _ask}, matches {@code _answer}/{@code _error} boxes to them, and answers incoming
 * {@code _command} boxes with the responders a {@link CommandLocator} finds.
 *
 * <p>Tags are hexadecimal counters starting at 1, as Python's. A lost connection fails every
 * outstanding request with its reason, and later requests fail at once with the same reason.
 * An {@code _answer} or {@code _error} for a tag that is not outstanding, or a box that is neither a
 * command nor an answer, is a protocol error: the connection ends (logged).
 */
public class BoxDispatcher implements BoxReceiver {

    private static final System.Logger LOG = System.getLogger(BoxDispatcher.class.getName());

    /** The request key naming the command. */
    public static final String COMMAND = "_command";
    /** The request key carrying the tag. */
    public static final String ASK = "_ask";
    /** The answer key carrying the tag. */
    public static final String ANSWER = "_answer";
    /** The error key carrying the tag. */
    public static final String ERROR = "_error";
    /** The error code key. */
    public static final String ERROR_CODE = "_error_code";
    /** The error description key. */
    public static final String ERROR_DESCRIPTION = "_error_description";

    private final CommandLocator locator;
    private final Map<String, Deferred<AmpBox>> outstanding = new LinkedHashMap<>();
    private BoxSender sender;
    private Failure failAllReason;
    private long counter;

    /** A dispatcher answering with {@code locator}'s responders. */
    public BoxDispatcher(CommandLocator locator) {
        this.locator = locator;
    }

    @Override
    public void startReceivingBoxes(BoxSender sender) {
        this.sender = sender;
    }

    /** The number of requests waiting for an answer. */
    public int outstandingCount() {
        return outstanding.size();
    }

    /**
     * Sends command {@code name} with {@code arguments} (Twisted's {@code callRemoteString}); the
     * Deferred fires with the answer box, or fails with a {@link RemoteAmpError} for an error box.
     * Without {@code requiresAnswer} it fires with {@code null} once the box is written.
     */
    public Deferred<AmpBox> callRemoteBox(String name, AmpBox arguments, boolean requiresAnswer) {
        if (failAllReason != null) {
            return Deferred.fail(failAllReason);
        }
        if (sender == null) {
            return Deferred.fail(new IllegalStateException("not connected yet"));
        }
        AmpBox box = new AmpBox(arguments);
        box.put(COMMAND, name.getBytes(StandardCharsets.UTF_8));
        String tag = null;
        if (requiresAnswer) {
            tag = Long.toHexString(++counter);
            box.putAscii(ASK, tag);
        }
        try {
            sender.sendBox(box);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        if (!requiresAnswer) {
            return Deferred.succeed(null);
        }
        Deferred<AmpBox> d = new Deferred<>();
        outstanding.put(tag, d);
        return d;
    }

    @Override
    public void ampBoxReceived(AmpBox box) {
        if (box.containsKey(ANSWER)) {
            answerReceived(box);
        } else if (box.containsKey(ERROR)) {
            errorReceived(box);
        } else if (box.containsKey(COMMAND)) {
            commandReceived(box);
        } else {
            throw new IllegalArgumentException("box is neither a command nor an answer: " + box);
        }
    }

    private Deferred<AmpBox> takeOutstanding(String key, AmpBox box) {
        String tag = box.getAscii(key);
        Deferred<AmpBox> d = outstanding.remove(tag);
        if (d == null) {
            throw new IllegalArgumentException("no request is waiting for tag '" + tag + "': " + box);
        }
        return d;
    }

    private void answerReceived(AmpBox box) {
        Deferred<AmpBox> d = takeOutstanding(ANSWER, box);
        AmpBox answer = new AmpBox(box);
        answer.remove(ANSWER);
        d.callback(answer);
    }

    private void errorReceived(AmpBox box) {
        Deferred<AmpBox> d = takeOutstanding(ERROR, box);
        String code = box.getAscii(ERROR_CODE);
        byte[] desc = box.get(ERROR_DESCRIPTION);
        String description = desc == null ? "" : new String(desc, StandardCharsets.UTF_8);
        if (code == null) {
            code = Command.UNKNOWN_ERROR_CODE;
        }
        RemoteAmpError error = switch (code) {
            case Command.UNHANDLED_ERROR_CODE -> new UnhandledCommand(description);
            case Command.UNKNOWN_ERROR_CODE -> new UnknownRemoteError(description);
            default -> new RemoteAmpError(code, description);
        };
        d.errback(error);
    }

    private void commandReceived(AmpBox box) {
        String name = new String(box.get(COMMAND), StandardCharsets.UTF_8);
        String tag = box.getAscii(ASK);
        BoxResponder responder = locator.locateResponder(name);
        Deferred<BoxResponder.Reply> reply;
        if (responder == null) {
            reply = Deferred.fail(new RemoteAmpError(Command.UNHANDLED_ERROR_CODE, "Unhandled Command: '" + name + "'"));
        } else {
            try {
                reply = responder.respond(box);
            } catch (RuntimeException e) {
                reply = Deferred.fail(e);
            }
        }
        if (tag == null) {
            reply.addErrback(f -> {
                LOG.log(System.Logger.Level.WARNING, "AMP command " + name + " (no answer wanted) failed: " + f.getErrorMessage(), f.value());
                return null;
            });
            return;
        }
        reply.addCallbacks(r -> sendAnswer(tag, r), f -> sendError(tag, name, f));
    }

    private Void sendAnswer(String tag, BoxResponder.Reply reply) {
        if (failAllReason != null) {
            return null; // the connection is gone; nobody to answer
        }
        AmpBox answer = new AmpBox(reply.box());
        answer.putAscii(ANSWER, tag);
        sender.sendBox(answer);
        if (reply.afterSent() != null) {
            try {
                reply.afterSent().run();
            } catch (RuntimeException e) {
                // e.g. StartTLS on a transport without TLS: the peer is about to speak TLS, so stop here
                LOG.log(System.Logger.Level.ERROR, "AMP: after answering tag " + tag + ": " + e + "; closing", e);
                sender.transport().abortConnection();
            }
        }
        return null;
    }

    private Void sendError(String tag, String name, Failure f) {
        if (failAllReason != null) {
            return null;
        }
        AmpBox error = new AmpBox();
        error.putAscii(ERROR, tag);
        boolean close;
        if (f.value() instanceof RemoteAmpError r) {
            error.put(ERROR_CODE, r.errorCode().getBytes(StandardCharsets.UTF_8));
            error.put(ERROR_DESCRIPTION, truncate(r.description()));
            close = r.isFatal();
        } else {
            LOG.log(System.Logger.Level.ERROR, "AMP responder for " + name + " failed; answering UNKNOWN and closing", f.value());
            error.putAscii(ERROR_CODE, Command.UNKNOWN_ERROR_CODE);
            error.putAscii(ERROR_DESCRIPTION, "Unknown Error");
            close = true;
        }
        sender.sendBox(error);
        if (close) {
            sender.transport().loseConnection();
        }
        return null;
    }

    private static byte[] truncate(String description) {
        byte[] b = (description == null ? "" : description).getBytes(StandardCharsets.UTF_8);
        return b.length > AmpBox.MAX_VALUE_LENGTH ? java.util.Arrays.copyOf(b, AmpBox.MAX_VALUE_LENGTH) : b;
    }

    @Override
    public void stopReceivingBoxes(Failure reason) {
        failAll(reason);
    }

    /** Fails every outstanding request with {@code reason}, and every later one (Twisted's {@code failAllOutgoing}). */
    public void failAll(Failure reason) {
        if (failAllReason == null) {
            failAllReason = reason != null ? reason : new Failure(new ConnectionLost("AMP connection lost"));
        }
        List<Deferred<AmpBox>> pending = new ArrayList<>(outstanding.values());
        outstanding.clear();
        for (Deferred<AmpBox> d : pending) {
            d.errback(failAllReason);
        }
    }
}
