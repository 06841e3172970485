package org.jtgt.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The negotiation table of RFC 7143 §13: for each key an offer, the target's answer and the
 * negotiated value. The target's side is {@link NegotiationSettings#defaults()}.
 */
class OperationalNegotiatorTest {

    private final SessionParameters params = new SessionParameters();
    private final OperationalNegotiator negotiator = new OperationalNegotiator(NegotiationSettings.defaults(), params);

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "HeaderDigest|None,CRC32C|None",
        "HeaderDigest|CRC32C,None|CRC32C",
        "HeaderDigest|CRC32C|CRC32C",
        "HeaderDigest|SHA1|Reject",
        "DataDigest|CRC32C,None|CRC32C",
        "MaxConnections|8|1",
        "MaxConnections|0|Reject",
        "InitialR2T|No|No",
        "InitialR2T|Yes|Yes",
        "InitialR2T|Maybe|Reject",
        "ImmediateData|Yes|Yes",
        "ImmediateData|No|No",
        "MaxBurstLength|262144|262144",
        "MaxBurstLength|16777215|16776192",
        "MaxBurstLength|511|Reject",
        "MaxBurstLength|16777216|Reject",
        "MaxBurstLength|0x40000|262144",
        "FirstBurstLength|65536|65536",
        "FirstBurstLength|abc|Reject",
        "DefaultTime2Wait|0|2",
        "DefaultTime2Wait|5|5",
        "DefaultTime2Wait|3601|Reject",
        "DefaultTime2Retain|0|0",
        "DefaultTime2Retain|60|20",
        "MaxOutstandingR2T|1|1",
        "MaxOutstandingR2T|64|16",
        "MaxOutstandingR2T|0|Reject",
        "DataPDUInOrder|No|Yes",
        "DataPDUInOrder|Yes|Yes",
        "DataSequenceInOrder|No|Yes",
        "ErrorRecoveryLevel|2|0",
        "ErrorRecoveryLevel|0|0",
        "ErrorRecoveryLevel|3|Reject",
        "IFMarker|Yes|No",
        "OFMarker|No|No",
        "OFMarkInt|2048~2048|Irrelevant",
        "iSCSIProtocolLevel|2|1",
        "X-com.example.Vendor|1|NotUnderstood",
        "UnknownKey|value|NotUnderstood",
    })
    void answers(String key, String offer, String answer) {
        assertEquals(answer, negotiator.negotiate(key, offer));
    }

    @Test
    void recordsTheResults() {
        negotiator.negotiate("HeaderDigest", "CRC32C,None");
        negotiator.negotiate("DataDigest", "None");
        negotiator.negotiate("InitialR2T", "No");
        negotiator.negotiate("ImmediateData", "Yes");
        negotiator.negotiate("MaxBurstLength", "131072");
        negotiator.negotiate("FirstBurstLength", "262144");
        negotiator.negotiate("MaxOutstandingR2T", "4");
        negotiator.finish();
        assertEquals(true, params.headerDigest());
        assertEquals(false, params.dataDigest());
        assertEquals(false, params.initialR2T());
        assertEquals(131072, params.maxBurstLength());
        assertEquals(131072, params.firstBurstLength(), "FirstBurstLength never exceeds MaxBurstLength");
        assertEquals(4, params.maxOutstandingR2T());
    }

    @Test
    void maxRecvDataSegmentLengthIsDeclarative() {
        assertNull(negotiator.negotiate("MaxRecvDataSegmentLength", "65536"));
        assertEquals(65536, params.initiatorMaxRecvDataSegmentLength());
        assertEquals(262144, params.targetMaxRecvDataSegmentLength());
        assertEquals("Reject", negotiator.negotiate("MaxRecvDataSegmentLength", "100"));
    }

    @Test
    void digestsOffWhenTheTargetDisallowsThem() {
        NegotiationSettings noCrc = new NegotiationSettings(262144, 262144, 65536, 1, true, false, false, false, 2, 20, 32);
        OperationalNegotiator strict = new OperationalNegotiator(noCrc, new SessionParameters());
        assertEquals("None", strict.negotiate("HeaderDigest", "CRC32C,None"));
        assertEquals("Reject", strict.negotiate("DataDigest", "CRC32C"));
    }

    @Test
    void rfcDefaultsWhenNothingIsNegotiated() {
        SessionParameters p = new SessionParameters();
        assertEquals(true, p.initialR2T());
        assertEquals(true, p.immediateData());
        assertEquals(262144, p.maxBurstLength());
        assertEquals(65536, p.firstBurstLength());
        assertEquals(1, p.maxOutstandingR2T());
        assertEquals(8192, p.initiatorMaxRecvDataSegmentLength());
        assertEquals(0, p.errorRecoveryLevel());
    }
}
