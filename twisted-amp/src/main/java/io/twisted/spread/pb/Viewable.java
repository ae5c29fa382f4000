package io.twisted.spread.pb;

/**
 * An object that knows who calls it (Twisted's {@code pb.Viewable}): sent to the peer from an
 * {@link Avatar}'s method, it arrives as a reference whose calls run {@code view_NAME(avatar, args...)}
 * here, the first argument being the avatar (the "perspective") through which the object was handed
 * out. Sent from elsewhere, the perspective is {@code null}.
 */
public abstract class Viewable {

    /** The reference the peer calls: this object seen through {@code perspective} (Twisted's {@code ViewPoint}). */
    static final class ViewPoint extends Referenceable {
        final Avatar perspective;
        final Viewable object;

        ViewPoint(Avatar perspective, Viewable object) {
            this.perspective = perspective;
            this.object = object;
        }

        @Override
        public Object remoteMessageReceived(Broker broker, String message, java.util.List<Object> args,
                                            java.util.Map<Object, Object> kw) throws Exception {
            java.util.List<Object> withPerspective = new java.util.ArrayList<>(args.size() + 1);
            withPerspective.add(perspective);
            withPerspective.addAll(args);
            return invokeByName(object, "view_" + message, withPerspective, kw);
        }
    }
}
