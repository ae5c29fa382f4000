package io.twisted.spread.pb;

/** The object a {@link PbServerFactory} publishes as "root" on each connection (Twisted's {@code pb.Root}). */
public class Root extends Referenceable {

    /** The object to publish on {@code broker}'s connection; this one by default. */
    public Referenceable rootObject(Broker broker) {
        return this;
    }
}
