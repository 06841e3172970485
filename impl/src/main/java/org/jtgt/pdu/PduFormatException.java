package org.jtgt.pdu;

/**
 * A PDU that cannot be framed: a header digest that does not match, a data segment longer than
 * the negotiated limit, a malformed header. At ErrorRecoveryLevel 0 the connection is closed,
 * because the byte stream can no longer be trusted.
 */
public class PduFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public PduFormatException(String message) {
        super(message);
    }
}
