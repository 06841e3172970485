package org.jtgt.iscsi;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.LogicalUnit;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.OutboundPduPool;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.pdu.TargetPdus;

/**
 * The iSCSI protocol state of one connection: login phase, full feature phase, logout. It
 * receives framed PDUs from the transport ({@link #onPdu}), hands them to the handler of their
 * kind ({@link LoginPhase}, {@link CommandProcessor}, {@link TextExchange}) and stamps StatSN,
 * ExpCmdSN and MaxCmdSN on everything it sends. It also supplies the buffers data segments are
 * decoded into, so that write data lands in its command's buffer.
 *
 * <h2>Threading</h2>
 * Confined to the thread that owns the connection (an I/O worker); work from other threads
 * (command completions, session reinstatement) arrives through {@link ConnectionChannel#execute}.
 */
public final class IscsiConnection implements PduDecoder.DataSegmentAllocator {

    private static final Logger LOG = LogManager.getLogger(IscsiConnection.class);

    enum Phase { LOGIN, FULL_FEATURE, LOGGING_OUT, CLOSED }

    private final EngineContext context;
    private final ConnectionChannel channel;
    private final LoginPhase login;
    private final CommandProcessor commands;
    private final TextExchange text;
    /** The PDUs commands send, reused; used on the owner thread only (the transport recycles there). */
    private final OutboundPduPool pdus = new OutboundPduPool(64);
    private final long createdNanos = System.nanoTime();

    private Phase phase = Phase.LOGIN;
    private IscsiSession session;
    private CommandWindow window;
    private int statSN;
    private int cid;
    private int nextTag = 1;
    private long lastReceivedNanos = createdNanos;
    private int pingTag = Bhs.RESERVED_TAG;
    private long pingSentNanos;
    private DeferredLogout deferredLogout;

    public IscsiConnection(EngineContext context, ConnectionChannel channel) {
        this.context = context;
        this.channel = channel;
        this.login = new LoginPhase(this, context);
        this.commands = new CommandProcessor(this, context);
        this.text = new TextExchange(this, context);
    }

    // ---- accessors for the phase handlers

    EngineContext context() {
        return context;
    }

    /** The transport below this connection. */
    public ConnectionChannel channel() {
        return channel;
    }

    /** Reusable PDUs for the responses of commands (Data-In, R2T, SCSI Response). */
    OutboundPduPool pdus() {
        return pdus;
    }

    /** The session, or {@code null} during login. */
    public IscsiSession session() {
        return session;
    }

    public int cid() {
        return cid;
    }

    void setCid(int cid) {
        this.cid = cid;
    }

    CommandWindow window() {
        return window;
    }

    void setWindow(CommandWindow window) {
        this.window = window;
    }

    void setStatSN(int statSN) {
        this.statSN = statSN;
    }

    /** The StatSN the next status-bearing PDU will carry. */
    public int statSN() {
        return statSN;
    }

    public boolean fullFeature() {
        return phase == Phase.FULL_FEATURE;
    }

    /** Tasks of this connection not yet answered. */
    public int activeTasks() {
        return commands.activeTasks();
    }

    /** A fresh target transfer tag (never the reserved value). */
    int newTag() {
        int tag = nextTag++;
        if (nextTag == Bhs.RESERVED_TAG) {
            nextTag = 1;
        }
        return tag;
    }

    // ---- input

    /** Handles one framed PDU; the PDU is valid only during the call. */
    public void onPdu(Pdu pdu) {
        lastReceivedNanos = System.nanoTime();
        switch (phase) {
            case LOGIN:
                if (pdu.opcode() == Opcode.LOGIN_REQUEST) {
                    login.onLoginRequest(pdu);
                } else {
                    login.refuseNonLoginPdu(pdu);
                }
                return;
            case FULL_FEATURE:
            case LOGGING_OUT:
                onFullFeaturePdu(pdu);
                return;
            default:
                LOG.debug("{}: {} after close dropped", this, pdu);
        }
    }

    private void onFullFeaturePdu(Pdu pdu) {
        switch (pdu.opcode()) {
            case Opcode.SCSI_COMMAND:
                commands.onCommand(pdu);
                break;
            case Opcode.DATA_OUT:
                commands.onDataOut(pdu);
                break;
            case Opcode.NOP_OUT:
                onNopOut(pdu);
                break;
            case Opcode.TASK_MANAGEMENT_REQUEST:
                commands.onTaskManagement(pdu);
                break;
            case Opcode.TEXT_REQUEST:
                text.onTextRequest(pdu);
                break;
            case Opcode.LOGOUT_REQUEST:
                onLogout(pdu);
                break;
            case Opcode.LOGIN_REQUEST:
                protocolError(pdu, "Login Request in full feature phase");
                break;
            case Opcode.SNACK_REQUEST:
                // SNACK needs ErrorRecoveryLevel > 0; we negotiate 0
                reject(pdu, TargetPdus.REJECT_PROTOCOL_ERROR);
                break;
            default:
                reject(pdu, TargetPdus.REJECT_COMMAND_NOT_SUPPORTED);
                break;
        }
    }

    /**
     * Applies the CmdSN rules to a non-SCSI request: immediate ones pass, others must be in the
     * window and take a credit that {@link #requestAnswered} returns.
     *
     * @return false if the request must be silently ignored
     */
    boolean admit(Pdu pdu) {
        return window.arrive(pdu.cmdSN(), pdu.immediate()) == CommandWindow.Verdict.ACCEPT;
    }

    /** A non-SCSI request admitted by {@link #admit} has been answered. */
    void requestAnswered(Pdu pdu) {
        if (!pdu.immediate()) {
            window.finished();
        }
    }

    private void onNopOut(Pdu pdu) {
        int itt = pdu.initiatorTaskTag();
        if (itt == Bhs.RESERVED_TAG) {
            // the answer to our ping, or a ping that wants no answer
            if (pdu.u32(Bhs.TARGET_TRANSFER_TAG) == pingTag) {
                pingTag = Bhs.RESERVED_TAG;
            }
            return;
        }
        if (!admit(pdu)) {
            return;
        }
        int length = Math.min(pdu.data().remaining(), session.parameters().initiatorMaxRecvDataSegmentLength());
        ByteBuffer echo = ByteBuffer.allocate(length);
        echo.put(0, pdu.data(), pdu.data().position(), length);
        send(TargetPdus.nopIn(itt, Bhs.RESERVED_TAG, pdu.lunField()).data(echo));
        requestAnswered(pdu);
    }

    private void onLogout(Pdu pdu) {
        if (!admit(pdu)) {
            return;
        }
        int reason = pdu.flags() & 0x7F;
        int logoutCid = pdu.u16(20);
        int response;
        if (reason == 2) {
            response = TargetPdus.LOGOUT_RECOVERY_NOT_SUPPORTED;
        } else if (reason == 1 && logoutCid != cid) {
            response = TargetPdus.LOGOUT_CID_NOT_FOUND;
        } else if (reason > 2) {
            reject(pdu, TargetPdus.REJECT_INVALID_PDU_FIELD);
            requestAnswered(pdu);
            return;
        } else {
            response = TargetPdus.LOGOUT_SUCCESS;
        }
        DeferredLogout logout = new DeferredLogout(pdu.initiatorTaskTag(), pdu.immediate(), response);
        if (response == TargetPdus.LOGOUT_SUCCESS) {
            phase = Phase.LOGGING_OUT;
            LOG.debug("{}: logout requested (reason {})", this, reason);
            if (commands.activeTasks() > 0) {
                // answer once the commands before the logout are done (RFC 7143 §11.14)
                deferredLogout = logout;
                return;
            }
        }
        answerLogout(logout);
    }

    /** Called by the command processor when its last active task finished. */
    void tasksDrained() {
        DeferredLogout logout = deferredLogout;
        if (logout != null) {
            deferredLogout = null;
            answerLogout(logout);
        }
    }

    private void answerLogout(DeferredLogout logout) {
        send(TargetPdus.logoutResponse(logout.response, logout.itt, 0, 0));
        if (!logout.immediate) {
            window.finished();
        }
        if (logout.response == TargetPdus.LOGOUT_SUCCESS) {
            channel.closeAfterFlush("logout");
        }
    }

    private record DeferredLogout(int itt, boolean immediate, int response) {
    }

    // ---- output

    /** Stamps StatSN, ExpCmdSN and MaxCmdSN and hands the PDU to the transport. */
    void send(OutboundPdu pdu) {
        ByteBuffer h = pdu.header();
        switch (pdu.statSn()) {
            case ADVANCE:
                h.putInt(Bhs.STAT_SN, statSN++);
                break;
            case CURRENT:
                h.putInt(Bhs.STAT_SN, statSN);
                break;
            default:
                break;
        }
        if (window != null) {
            h.putInt(Bhs.EXP_CMD_SN, window.expCmdSN());
            h.putInt(Bhs.MAX_CMD_SN, window.maxCmdSN());
        }
        channel.send(pdu);
    }

    /** Sends a Reject for {@code pdu}. */
    void reject(Pdu pdu, int reason) {
        LOG.debug("{}: rejecting {} (reason {})", this, pdu, reason);
        send(TargetPdus.reject(reason, pdu.header()));
    }

    /** A protocol error that ends the connection (ErrorRecoveryLevel 0). */
    void protocolError(Pdu pdu, String what) {
        LOG.warn("{}: protocol error, closing: {}", this, what);
        send(TargetPdus.reject(TargetPdus.REJECT_PROTOCOL_ERROR, pdu.header()));
        channel.closeAfterFlush(what);
    }

    // ---- data segment buffers

    @Override
    public ByteBuffer allocate(Pdu pdu, int length) {
        if (phase != Phase.LOGIN) {
            if (pdu.opcode() == Opcode.DATA_OUT) {
                return commands.dataOutDestination(pdu, length);
            }
            if (pdu.opcode() == Opcode.SCSI_COMMAND) {
                return commands.immediateDataDestination(pdu, length);
            }
        }
        return ByteBuffer.allocate(length);
    }

    // ---- phase changes

    /** Login succeeded: the connection serves {@code s} from the next PDU on. */
    void enterFullFeature(IscsiSession s) {
        this.session = s;
        this.window = s.window();
        s.attach(this);
        phase = Phase.FULL_FEATURE;
        var p = s.parameters();
        channel.configure(p.headerDigest(), p.dataDigest(), p.targetMaxRecvDataSegmentLength());
        LOG.info("{}: login complete: {}", this, p);
        context.events().sessionStarted(s);
    }

    /**
     * The transport closed the connection (for any reason). Ends its tasks and, with its only
     * connection gone, the session.
     */
    public void onClosed(String reason) {
        if (phase == Phase.CLOSED) {
            return;
        }
        Phase was = phase;
        phase = Phase.CLOSED;
        commands.abortAll();
        IscsiSession s = session;
        if (s != null) {
            s.detach(this);
            context.sessions().remove(s);
            if (s.target() != null) {
                for (LogicalUnit unit : s.target().logicalUnits().values()) {
                    try {
                        unit.nexusLost(s.nexus());
                    } catch (RuntimeException e) {
                        LOG.error("{}: {} failed to release {}", this, unit, s.nexus(), e);
                    }
                }
            }
            LOG.info("{}: {} ended: {}", this, s, reason);
            context.events().sessionEnded(s);
        } else if (was == Phase.LOGIN) {
            LOG.debug("{}: closed during login: {}", this, reason);
        }
    }

    /**
     * Asks the initiator to log out within {@code seconds} (an Asynchronous Message, event 1),
     * from any thread; used when the server shuts down. Does nothing outside full feature phase.
     */
    public void requestLogout(int seconds) {
        channel.execute(() -> {
            if (phase == Phase.FULL_FEATURE) {
                send(TargetPdus.asyncMessage(TargetPdus.ASYNC_LOGOUT_REQUEST, 0, 0, 0, seconds));
            }
        });
    }

    /**
     * Task management of another session aborted tasks on {@code lun} (-1: every LUN); from
     * any thread. Tasks of this connection end with TASK ABORTED.
     */
    void abortForOtherNexus(int lun) {
        channel.execute(() -> {
            if (phase == Phase.FULL_FEATURE || phase == Phase.LOGGING_OUT) {
                commands.abortForOtherNexus(lun);
            }
        });
    }

    /**
     * Aborts this connection's tasks on {@code lun} at a logical unit's request (PREEMPT AND
     * ABORT); from any thread. They end with TASK ABORTED.
     */
    public void abortTasksOn(int lun) {
        abortForOtherNexus(lun);
    }

    /** Closes the connection from any thread, on its owner. */
    void closeFromAnyThread(String reason) {
        channel.execute(() -> channel.close(reason));
    }

    // ---- housekeeping

    /**
     * Periodic check on the owner thread: closes a connection whose login takes too long or
     * whose peer does not answer pings, and pings an idle peer.
     */
    public void tick(long nowNanos) {
        EngineContext.ConnectionTimers timers = context.timers();
        if (phase == Phase.LOGIN) {
            if (timers.loginTimeoutMillis() > 0
                    && nowNanos - createdNanos > TimeUnit.MILLISECONDS.toNanos(timers.loginTimeoutMillis())) {
                LOG.info("{}: login not complete after {} ms, closing", this, timers.loginTimeoutMillis());
                channel.close("login timeout");
            }
            return;
        }
        if (phase != Phase.FULL_FEATURE || timers.nopInMillis() <= 0) {
            return;
        }
        if (pingTag != Bhs.RESERVED_TAG) {
            if (nowNanos - pingSentNanos > TimeUnit.MILLISECONDS.toNanos(timers.nopTimeoutMillis())
                    && nowNanos - lastReceivedNanos > TimeUnit.MILLISECONDS.toNanos(timers.nopTimeoutMillis())) {
                LOG.warn("{}: no answer to NOP-In for {} ms, closing", this, timers.nopTimeoutMillis());
                channel.close("NOP-In timeout");
            }
        } else if (nowNanos - lastReceivedNanos > TimeUnit.MILLISECONDS.toNanos(timers.nopInMillis())) {
            pingTag = newTag();
            pingSentNanos = nowNanos;
            send(TargetPdus.nopIn(Bhs.RESERVED_TAG, pingTag, 0));
        }
    }

    @Override
    public String toString() {
        return "connection " + channel.remoteAddress() + " cid " + cid;
    }
}
