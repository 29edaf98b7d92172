package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A thin JSON client over the JDK's HttpClient for the admin API tests. */
public final class AdminClient {

    public record Reply(int status, JsonNode json, HttpResponse<String> raw) {
        public String error() {
            return json.path("error").asText(null);
        }

        public String field() {
            JsonNode field = json.path("field");
            return field.isNull() || field.isMissingNode() ? null : field.asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String token;

    public AdminClient(int port, String token) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** Over HTTPS ({@code --admin-tls}), trusting what {@code tls} trusts. */
    public AdminClient(int port, String token, SSLContext tls) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.base = "https://127.0.0.1:" + port;
        this.token = token;
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply post(String path, String body) {
        return send("POST", path, body);
    }

    public Reply patch(String path, String body) {
        return send("PATCH", path, body);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    /** A PUT on condition of {@code ifMatch} (sent as {@code If-Match} when not null). */
    public Reply put(String path, String body, String ifMatch) {
        HttpRequest.Builder request = builder("PUT", path, body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request.build());
    }

    public Reply send(String method, String path, String body) {
        return send(builder(method, path, body).build());
    }

    private HttpRequest.Builder builder(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            JsonNode json = response.body().isEmpty() || !isJson ? JSON.missingNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), json, response);
        } catch (Exception e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        }
    }

    public String base() {
        return base;
    }
}
