package io.twisted.cred.credentials;

/**
 * A user who gives no identity (Twisted's {@code IAnonymous} and {@code Anonymous}), such as
 * anonymous FTP. Only a checker that allows anonymous access, such as
 * {@link io.twisted.cred.checkers.AllowAnonymousAccess}, accepts it.
 */
public final class Anonymous implements Credentials {

    /** The one instance; anonymous credentials carry nothing. */
    public static final Anonymous INSTANCE = new Anonymous();

    private Anonymous() {
    }

    @Override
    public String toString() {
        return "Anonymous";
    }
}
