package io.twisted.spread.pb;

import java.util.List;
import java.util.Map;

/**
 * What a PB login yields (Twisted's {@code pb.Avatar}, the {@code IPerspective} interface): the
 * client's {@code callRemote("NAME", ...)} on the avatar reference runs {@code perspective_NAME}.
 * A {@link io.twisted.cred.Realm} serving PB returns one for the interface {@code Avatar.class}.
 */
public abstract class Avatar extends Referenceable {

    @Override
    public Object remoteMessageReceived(Broker broker, String message, List<Object> args, Map<Object, Object> kw) throws Exception {
        return invokeByName(this, "perspective_" + message, args, kw);
    }
}
