package io.twisted.spread.pb;

/**
 * An error the peer's method raised, as a copied failure (Twisted's {@code CopiedFailure} /
 * {@code RemoteError}): the remote exception type's name, its message, and the remote traceback
 * (usually "Traceback unavailable").
 */
public class RemoteError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remoteType;
    private final String value;
    private final String remoteTraceback;

    /** An error of {@code remoteType} with message {@code value}. */
    public RemoteError(String remoteType, String value, String remoteTraceback) {
        super(remoteType + ": " + value);
        this.remoteType = remoteType;
        this.value = value;
        this.remoteTraceback = remoteTraceback;
    }

    /** The remote exception's type, e.g. {@code twisted.spread.pb.Error}. */
    public String remoteType() {
        return remoteType;
    }

    /** The remote exception's message. */
    public String value() {
        return value;
    }

    /** The remote traceback text. */
    public String remoteTraceback() {
        return remoteTraceback;
    }
}
