package org.jtgt.examples.jolokia;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Example 5: managing a running jtgt daemon over Jolokia with nothing but HTTP and JSON text,
 * as a shell script with curl would. Every call POSTs one Jolokia request; the answer is the raw
 * JSON response, whose {@code value} holds the result. Jolokia answers HTTP 200 even for a
 * failed request and puts the real status in the body, so {@link #call} checks that.
 *
 * <pre>{@code
 * JolokiaClient jolokia = new JolokiaClient("http://127.0.0.1:8778/jolokia/");
 * jolokia.read("org.jtgt:type=WorkerPool,server=jtgt", "ThreadCount");        // {"value":2,...}
 * jolokia.write("org.jtgt:type=WorkerPool,server=jtgt", "ThreadCount", "4");  // resize live
 * jolokia.exec("org.jtgt:type=Server,name=jtgt", "addLun", "\"iqn.2026-11.org.jtgt:disk0\"", "1", "\"memory:1G\"");
 * }</pre>
 *
 * Thread-safe ({@link HttpClient} is).
 */
public final class JolokiaClient {

    private static final Pattern STATUS = Pattern.compile("\"status\":(\\d+)");
    private static final Pattern ERROR = Pattern.compile("\"error\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base the agent URL the daemon prints, e.g. {@code http://127.0.0.1:8778/jolokia/} */
    public JolokiaClient(String base) {
        this.base = URI.create(base.endsWith("/") ? base : base + "/");
    }

    /** Reads an attribute; a pattern MBean ({@code org.jtgt:type=Session,*}) reads it from each match. */
    public String read(String mbean, String attribute) throws IOException {
        return call("{\"type\":\"read\",\"mbean\":" + quote(mbean) + ",\"attribute\":" + quote(attribute) + "}");
    }

    /** The names of the MBeans that match a pattern such as {@code org.jtgt:type=Worker,*}. */
    public String search(String pattern) throws IOException {
        return call("{\"type\":\"search\",\"mbean\":" + quote(pattern) + "}");
    }

    /** Writes an attribute; {@code jsonValue} is JSON text: {@code 4}, {@code "text"}, {@code ["a","b"]}. */
    public String write(String mbean, String attribute, String jsonValue) throws IOException {
        return call("{\"type\":\"write\",\"mbean\":" + quote(mbean) + ",\"attribute\":" + quote(attribute) + ",\"value\":" + jsonValue + "}");
    }

    /** Runs an operation; each argument is JSON text. */
    public String exec(String mbean, String operation, String... jsonArguments) throws IOException {
        return call("{\"type\":\"exec\",\"mbean\":" + quote(mbean) + ",\"operation\":" + quote(operation)
                + ",\"arguments\":[" + String.join(",", jsonArguments) + "]}");
    }

    /**
     * POSTs one JSON request and returns the response body.
     *
     * @throws JolokiaException if Jolokia reports a status other than 200 (403 for a request its
     *         policy forbids, 404 for an unknown bean, 500 for an operation that threw)
     */
    public String call(String jsonRequest) throws IOException {
        return send(HttpRequest.newBuilder(base).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonRequest)).build());
    }

    private String send(HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String body = response.body();
        Matcher status = STATUS.matcher(body);
        int code = status.find() ? Integer.parseInt(status.group(1)) : response.statusCode();
        if (code != 200) {
            Matcher error = ERROR.matcher(body);
            throw new JolokiaException(code, error.find() ? error.group(1) : body);
        }
        return body;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A request Jolokia answered with an error status. */
    public static final class JolokiaException extends IOException {
        private final int status;

        JolokiaException(int status, String message) {
            super("Jolokia status " + status + ": " + message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
