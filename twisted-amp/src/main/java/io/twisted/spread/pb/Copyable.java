package io.twisted.spread.pb;

/**
 * A value sent by copy (Twisted's {@code pb.Copyable}): it travels as its type name and its state, and
 * the receiver builds its own copy from the state with the factory registered for the name (Python:
 * {@code setUnjellyableForClass}; Java: {@link Unjellyables#register}).
 */
public interface Copyable {

    /** The type name on the wire; Python peers register their copy class under it. Default: the class name. */
    default String getTypeToCopy() {
        return getClass().getName();
    }

    /** The state to send: usually a {@code Map<String, Object>} (a Python object's {@code __dict__}). */
    Object getStateToCopy();
}
