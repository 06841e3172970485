package org.jtgt.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.jtgt.pdu.OutboundPdu.StatSn;
import org.junit.jupiter.api.Test;

class OutboundPduPoolTest {

    @Test
    void aRecycledPduComesBackAsNewAsACreatedOne() {
        OutboundPduPool pool = new OutboundPduPool(2);
        PduEncoder encoder = new PduEncoder();
        encoder.setHeaderDigest(true);
        encoder.setDataDigest(true);
        OutboundPdu first = TargetPdus.dataIn(pool, 5, 77, 3, 8192, true, 0, Bhs.FLAG_UNDERFLOW, 100).data(ByteBuffer.allocate(5));
        first.whenDone(() -> { });
        first.corruptHeaderDigest().corruptDataDigest();       // a fault rule's marks must not outlive the PDU's use
        encoder.seal(first);
        first.recycle();
        assertEquals(1, pool.idle());

        OutboundPdu again = TargetPdus.scsiResponse(pool, 9, 0, 0, 0, 0, 1, null);
        assertSame(first, again);
        OutboundPdu fresh = TargetPdus.scsiResponse(9, 0, 0, 0, 0, 1, null);
        encoder.seal(again);
        encoder.seal(fresh);
        assertEquals(fresh.header(), again.header(), "no field, flag or digest of the Data-In is left");
        assertEquals(fresh.trailer(), again.trailer());
        assertEquals(0, again.headerDigestXor());
        assertEquals(0, again.dataDigestXor());
        assertEquals(0, again.data().remaining());
        assertNull(again.whenDone());
        assertEquals(StatSn.ADVANCE, again.statSn());
    }

    @Test
    void aSecondRecycleIsRefusedAndUnpooledPdusAreLeftAlone() {
        OutboundPduPool pool = new OutboundPduPool(1);
        OutboundPdu a = pool.take(Opcode.R2T, Bhs.FLAG_FINAL, StatSn.CURRENT);
        a.recycle();
        assertThrows(IllegalStateException.class, a::recycle);
        assertSame(a, pool.take(Opcode.R2T, 0, StatSn.CURRENT));
        assertNotSame(a, pool.take(Opcode.R2T, 0, StatSn.CURRENT), "the pool makes another while the first is out");
        OutboundPdu unpooled = OutboundPdu.create(Opcode.NOP_IN, Bhs.FLAG_FINAL, StatSn.CURRENT);
        unpooled.recycle();
        assertEquals(0, pool.idle());
    }

    @Test
    void keepsNoMoreThanItsCapacity() {
        OutboundPduPool pool = new OutboundPduPool(1);
        OutboundPdu a = pool.take(Opcode.DATA_IN, 0, StatSn.NONE);
        OutboundPdu b = pool.take(Opcode.DATA_IN, 0, StatSn.NONE);
        a.recycle();
        b.recycle();
        assertEquals(1, pool.idle());
    }
}
