package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's own protections: basic authentication and the remote-host policy. */
class JolokiaAgentTest {

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void basicAuthenticationWhenAUserIsConfigured() throws Exception {
        try (JolokiaAgent agent = JolokiaAgent.start(new InetSocketAddress("127.0.0.1", 0), List.of(), "admin", "s3cret-pass")) {
            assertEquals(401, get(agent.url() + "version", null).statusCode());
            String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:nope".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, get(agent.url() + "version", wrong).statusCode());
            String right = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret-pass".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> ok = get(agent.url() + "version", right);
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("\"status\":200"), ok.body());
        }
    }

    @Test
    void onlyLoopbackClientsUnlessAllowed() throws Exception {
        InetAddress external = nonLoopbackAddress();
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address to test with");
        try (JolokiaAgent agent = JolokiaAgent.start(new InetSocketAddress("0.0.0.0", 0), List.of(), null, null)) {
            int port = agent.address().getPort();
            assertTrue(get("http://127.0.0.1:" + port + "/jolokia/version", null).body().contains("\"status\":200"));
            String refused = get("http://" + external.getHostAddress() + ":" + port + "/jolokia/version", null).body();
            assertTrue(refused.contains("403") || refused.toLowerCase().contains("forbidden"), refused);
        }
        try (JolokiaAgent agent = JolokiaAgent.start(new InetSocketAddress("0.0.0.0", 0), List.of(external.getHostAddress()), null, null)) {
            int port = agent.address().getPort();
            String allowed = get("http://" + external.getHostAddress() + ":" + port + "/jolokia/version", null).body();
            assertTrue(allowed.contains("\"status\":200"), allowed);
        }
    }

    @Test
    void refusesAnAllowEntryThatIsNotAHost() {
        assertThrows(IllegalArgumentException.class,
                () -> JolokiaAgent.start(new InetSocketAddress("127.0.0.1", 0), List.of("<host>evil</host>"), null, null));
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }
}
