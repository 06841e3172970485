package org.jtgt.iscsi;

/**
 * Session lifecycle events, for management. Called on the session's I/O worker; implementations
 * must be thread-safe, quick, and must not throw.
 */
public interface SessionEvents {

    /** A login completed: the session and its connection serve commands from now on. */
    default void sessionStarted(IscsiSession session) {
    }

    /** The session ended (logout, lost connection, reinstatement, shutdown). */
    default void sessionEnded(IscsiSession session) {
    }

    /** Events that go nowhere. */
    SessionEvents NONE = new SessionEvents() {
    };
}
