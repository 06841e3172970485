package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for Jolokia, as curl would talk to it: JSON in, JSON out. */
final class JolokiaHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    JolokiaHttp(String url) {
        this.url = url;
    }

    /** GET {url}{path}, e.g. {@code read/org.jtgt:type=Server,name=x}; the raw JSON. */
    String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** POSTs a JSON request; the raw JSON answer. */
    String post(String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** POSTs and checks the answer says status 200. */
    String postOk(String json) throws IOException, InterruptedException {
        String answer = post(json);
        assertTrue(answer.contains("\"status\":200"), answer);
        return answer;
    }
}
