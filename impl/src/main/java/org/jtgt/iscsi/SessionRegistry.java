package org.jtgt.iscsi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jtgt.login.SessionParameters;

/**
 * The live sessions of a server, by TSIH and by I_T nexus. Creating a session for a nexus that
 * already has one replaces it (session reinstatement, RFC 7143 §6.3.5): the caller closes the
 * old one. Thread-safe.
 */
public final class SessionRegistry {

    private final ConcurrentMap<Integer, IscsiSession> byTsih = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, IscsiSession> byNexus = new ConcurrentHashMap<>();
    private int nextTsih = 1;

    /** The result of {@link #create}: the new session and the one it replaces, if any. */
    public record Created(IscsiSession session, IscsiSession replaced) {
    }

    /** Creates and registers a session with a fresh TSIH. */
    public synchronized Created create(long isid, SessionParameters parameters, ServedTarget target, int portalGroupTag,
            CommandWindow window) {
        int tsih = allocateTsih();
        IscsiSession session = new IscsiSession(isid, tsih, parameters, target, portalGroupTag, window);
        byTsih.put(tsih, session);
        IscsiSession replaced = byNexus.put(session.nexusKey(), session);
        return new Created(session, replaced);
    }

    /** Removes a session that has ended; does nothing if it was already replaced. */
    public synchronized void remove(IscsiSession session) {
        byTsih.remove(session.tsih(), session);
        byNexus.remove(session.nexusKey(), session);
    }

    /** The session with this TSIH, or {@code null}. */
    public IscsiSession find(int tsih) {
        return byTsih.get(tsih);
    }

    public List<IscsiSession> all() {
        return new ArrayList<>(byTsih.values());
    }

    public int size() {
        return byTsih.size();
    }

    private int allocateTsih() {
        for (int i = 0; i < 0xFFFF; i++) {
            int candidate = nextTsih;
            nextTsih = nextTsih == 0xFFFF ? 1 : nextTsih + 1;
            if (!byTsih.containsKey(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("all 65535 TSIHs are in use");
    }
}
