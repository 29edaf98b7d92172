package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated bad requests, at least twenty for every operation in the OpenAPI document: each is answered with a 4xx
 * that the document lists for that operation, with the API's JSON error. Requests go as raw bytes, so that a bad
 * Host, a bad escape or an oversized head reach the server as sent.
 */
class OpenApiBadRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_PER_OPERATION = 20;

    /** A document that applies: one backend, the defaults. */
    private static final String GOOD_DOCUMENT = "{\"format\": 1, \"settings\": {}, \"backends\": "
            + "[{\"name\": \"a\", \"url\": \"http://127.0.0.1:8\"}]}";

    private static FulcrumServer server;
    private static int port;
    private static long id;
    private static long otherId;
    private static long webhookId;

    /** One bad request: what it varies, the request line's target, extra headers, a body and its type. */
    record Bad(String what, String method, String target, List<String> headers, String body, String type,
               boolean stopsSending) {

        Bad(String what, String method, String target, List<String> headers, String body, String type) {
            this(what, method, target, headers, body, type, false);
        }

        Bad withHeader(String what, String header) {
            List<String> more = new ArrayList<>(headers);
            more.add(header);
            return new Bad(what, method, target, more, body, type, stopsSending);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.startInMemory(null, List.of());
        port = server.adminPort();
        AdminClient api = new AdminClient(port, null);
        id = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:1\", \"name\": \"taken\"}").json().get("id")
                .asLong();
        otherId = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:2\", \"name\": \"other\"}").json()
                .get("id").asLong();
        webhookId = api.post("/api/webhooks", "{\"url\": \"http://127.0.0.1:9/hook\"}").json().get("id").asLong();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @TestFactory
    Stream<DynamicContainer> everyBadRequestIsA4xxTheDocumentListsWithAJsonBody() throws Exception {
        JsonNode doc;
        try (InputStream in = AdminServer.class.getResourceAsStream("openapi.json")) {
            doc = JSON.readTree(in);
        }
        List<DynamicContainer> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                List<String> listed = new ArrayList<>();
                op.getValue().get("responses").fieldNames().forEachRemaining(listed::add);
                List<Bad> bad = badRequests(method, path.getKey());
                assertThat(bad).as("%s %s", method, path.getKey()).hasSizeGreaterThanOrEqualTo(MIN_PER_OPERATION);
                operations.add(DynamicContainer.dynamicContainer(method + " " + path.getKey(), bad.stream()
                        .map(b -> DynamicTest.dynamicTest(b.what(), () -> check(b, listed)))));
            }
        }
        return operations.stream();
    }

    private static void check(Bad bad, List<String> listed) throws Exception {
        StringBuilder head = new StringBuilder(bad.method() + " " + bad.target() + " HTTP/1.1");
        boolean hostGiven = bad.headers().stream().anyMatch(h -> h.regionMatches(true, 0, "Host:", 0, 5)
                || h.equals("NO-HOST"));
        if (!hostGiven) {
            head.append("\r\nHost: 127.0.0.1:").append(port);
        }
        for (String header : bad.headers()) {
            if (!header.equals("NO-HOST")) {
                head.append("\r\n").append(header);
            }
        }
        if (bad.body() != null) {
            if (bad.type() != null) {
                head.append("\r\nContent-Type: ").append(bad.type());
            }
            boolean framed = bad.headers().stream().anyMatch(h -> h.startsWith("Content-Length")
                    || h.startsWith("Transfer-Encoding"));
            if (!framed) {
                head.append("\r\nContent-Length: ").append(bad.body().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8).length);
            }
        }

        RawRequest.Answer answer = bad.stopsSending() ? RawRequest.sendAndStop(port, head.toString(), bad.body())
                : RawRequest.send(port, head.toString(), bad.body());

        assertThat(answer.status()).as("%s answered %s", bad.what(), answer.head()).isBetween(400, 499);
        assertThat(listed).as("%s answered %d; the document lists %s", bad.what(), answer.status(), listed)
                .contains(Integer.toString(answer.status()));
        assertThat(answer.header("Content-Type")).as(bad.what()).startsWith("application/json");
        JsonNode body = answer.json();
        assertThat(body.get("error").isTextual()).as(answer.body()).isTrue();
        assertThat(body.has("field")).as(answer.body()).isTrue();
    }

    /** The bad requests for one operation: ones every operation refuses, then its own. */
    private static List<Bad> badRequests(String method, String path) {
        String target = path.replace("{id}", Long.toString(path.startsWith("/api/webhooks/") ? webhookId : id))
                .replace("{revision}", "1");
        boolean api = path.startsWith("/api/");
        boolean unsafe = !method.equals("GET");
        String goodBody = switch (method + " " + path) {
            case "POST /api/backends" -> "{\"url\": \"http://127.0.0.1:3\"}";
            case "PATCH /api/backends/{id}" -> "{\"weight\": 2}";
            case "PATCH /api/settings" -> "{\"algorithm\": \"round-robin\"}";
            case "POST /api/webhooks" -> "{\"url\": \"http://127.0.0.1:9/other\"}";
            case "PATCH /api/webhooks/{id}" -> "{\"enabled\": true}";
            case "POST /api/config/plan", "PUT /api/config" -> GOOD_DOCUMENT;
            default -> null;
        };
        String goodType = goodBody == null ? null : "application/json";
        Bad base = new Bad("", method, target, List.of(), goodBody, goodType);
        List<Bad> bad = new ArrayList<>();

        for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.2:" + port,
                "localhost.evil.example:" + port, "[::2]:" + port, "0.0.0.0:" + port, "localhost.:" + port,
                "127.0.0.1.nip.io:" + port)) {
            bad.add(base.withHeader("Host " + host, "Host: " + host));
        }
        for (String override : List.of("DELETE", "PATCH", "GET", "POST", "PUT")) {
            bad.add(base.withHeader("X-HTTP-Method-Override " + override, "X-HTTP-Method-Override: " + override));
        }
        bad.add(new Bad("URI of 9000 characters", method, target + "?q=" + "a".repeat(9_000), List.of(), goodBody,
                goodType));
        bad.add(base.withHeader("a 17 KB header", "X-Big: " + "b".repeat(17_000)));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add("X-Many-" + i + ": " + "m".repeat(40));
        }
        bad.add(new Bad("200 headers of 50 bytes", method, target, many, goodBody, goodType));
        bad.add(base.withHeader("a control character in a header", "X-Bad: a\u0001b"));
        bad.add(base.withHeader("no Host", "NO-HOST"));
        bad.add(base.withHeader("two Hosts", "Host: 127.0.0.1:" + port).withHeader("two Hosts",
                "Host: localhost:" + port));
        bad.add(base.withHeader("whitespace before a colon", "X-Space : 1"));
        bad.add(new Bad("a bad %-escape in the path", method, target + "%zz", List.of(), goodBody, goodType));
        bad.add(new Bad("a NUL escape in the path", method, target + "%00", List.of(), goodBody, goodType));
        bad.add(new Bad("Content-Length and Transfer-Encoding", method, target,
                List.of("Content-Length: 2", "Transfer-Encoding: chunked"), "0\r\n\r\n", "application/json"));
        bad.add(new Bad("Content-Length not a number", method, target, List.of("Content-Length: 1x"), "{}",
                "application/json"));

        if (api) {
            bad.add(new Bad("a text/plain body", method, target, List.of(), "{\"weight\": 2}", "text/plain"));
            bad.add(new Bad("a form body", method, target, List.of(), "url=http://127.0.0.1:4",
                    "application/x-www-form-urlencoded"));
            bad.add(new Bad("a multipart body", method, target, List.of(), "--x--", "multipart/form-data; boundary=x"));
            bad.add(new Bad("a body without a type", method, target, List.of(), "{}", null));
        }
        if (goodBody != null) {
            bad.add(new Bad("a chunk size that is not hex", method, target, List.of("Transfer-Encoding: chunked"),
                    "zz\r\n", "application/json"));
            bad.add(new Bad("a body shorter than its Content-Length", method, target,
                    List.of("Content-Length: 10"), "{}", "application/json", true));
        }
        if (unsafe) {
            for (String header : List.of("Sec-Fetch-Site: cross-site", "Sec-Fetch-Site: same-site",
                    "Sec-Fetch-Site: nonsense", "Origin: http://evil.example", "Origin: null",
                    "Origin: http://127.0.0.1:1", "Origin: http://127.0.0.1:" + port + ".evil.example")) {
                bad.add(base.withHeader(header, header));
            }
        }
        if (path.contains("{revision}")) {
            for (String wrong : List.of("999999", "abc", "-1", "0", "1.5", "99999999999999999999", "%31%32x")) {
                bad.add(new Bad("revision " + wrong, method, path.replace("{revision}", wrong), List.of(), goodBody,
                        goodType));
            }
        }
        if (path.contains("{id}")) {
            for (String wrong : List.of("999999", "abc", "-1", "0", "1.5", "99999999999999999999", "%31%32x")) {
                bad.add(new Bad("id " + wrong, method, path.replace("{id}", wrong), List.of(), goodBody, goodType));
            }
        }
        bad.addAll(specific(method, path, target));
        return bad;
    }

    private static Bad base(String method, String target, String body) {
        return new Bad("", method, target, List.of(), body, "application/json");
    }

    private static List<Bad> specific(String method, String path, String target) {
        List<Bad> bad = new ArrayList<>();
        switch (method + " " + path) {
            case "POST /api/backends" -> {
                for (String body : List.of("{", "[1]", "", "{}", "{\"url\": 42}", "{\"url\": \"ftp://h:1\"}",
                        "{\"url\": \"http://127.0.0.1:1\"}", "{\"url\": \"http://h:1\", \"name\": \"taken\"}",
                        "{\"url\": \"http://h:1\", \"weight\": 1001}", "{\"url\": \"http://h:1\", \"colour\": 1}",
                        "{\"host\": \"" + "h".repeat(300) + "\", \"port\": 1}",
                        "{\"url\": \"http://h:1\", \"healthPath\": \"/a|b\"}",
                        "{\"url\": \"http://h" + "x".repeat(2100) + ":1\"}",
                        "{\"url\": \"http://h:1\", \"name\": \"" + "n".repeat(65) + "\"}",
                        "{\"url\": \"" + "u".repeat(70_000) + "\"}")) {
                    bad.add(new Bad("body " + (body.length() > 60 ? body.substring(0, 60) + "..." : body), method,
                            target, List.of(), body, "application/json"));
                }
            }
            case "PATCH /api/backends/{id}" -> {
                for (String body : List.of("{", "{}", "[]", "{\"weight\": -1}", "{\"name\": \"other\"}",
                        "{\"url\": \"http://127.0.0.1:2\"}", "{\"enabled\": \"yes\"}", "{\"draining\": 1}",
                        "{\"interval\": \"1ms\"}",
                        "{\"expectStatus\": \"700\"}", "{\"healthPath\": \"/a%zz\"}", "{\"host\": \"h\"}",
                        "{\"name\": \"" + "n".repeat(70_000) + "\"}")) {
                    bad.add(new Bad("body " + (body.length() > 60 ? body.substring(0, 60) + "..." : body), method,
                            target, List.of(), body, "application/json"));
                }
            }
            case "PATCH /api/settings" -> {
                for (String body : List.of("{", "{}", "[]", "{\"algorithm\": \"fastest\"}", "{\"algorithm\": null}",
                        "{\"algorithm\": \"hash\"}", "{\"hashOn\": \"header:\"}", "{\"hashOn\": 7}",
                        "{\"slowStart\": \"-5s\"}", "{\"slowStart\": \"2h\"}", "{\"stickyCookie\": \"a b\"}",
                        "{\"weight\": 2}")) {
                    bad.add(new Bad("body " + body, method, target, List.of(), body, "application/json"));
                }
            }
            case "POST /api/webhooks", "PATCH /api/webhooks/{id}" -> {
                for (String body : List.of("{", "[1]", "{\"url\": 42}", "{\"url\": \"ftp://h:1/x\"}",
                        "{\"url\": \"http://u:p@h:1/x\"}", "{\"url\": \"http://h:1/x#frag\"}",
                        "{\"url\": \"http://h:1/x\", \"events\": [\"exploded\"]}",
                        "{\"url\": \"http://h:1/x\", \"events\": []}",
                        "{\"url\": \"http://h:1/x\", \"events\": {\"down\": true}}",
                        "{\"url\": \"http://h:1/x\", \"secret\": \"fifteen chars!!\"}",
                        "{\"url\": \"http://h:1/x\", \"secret\": 12}",
                        "{\"url\": \"http://h:1/x\", \"enabled\": \"no\"}",
                        "{\"url\": \"http://h:1/x\", \"colour\": 1}",
                        "{\"url\": \"http://h" + "x".repeat(2100) + ":1/\"}",
                        "{\"url\": \"" + "u".repeat(70_000) + "\"}")) {
                    bad.add(new Bad("body " + (body.length() > 60 ? body.substring(0, 60) + "..." : body), method,
                            target, List.of(), body, "application/json"));
                }
                // {} lacks the url a new webhook needs, and changes nothing of a stored one.
                bad.add(new Bad("body {}", method, target, List.of(), "{}", "application/json"));
                if (method.equals("PATCH")) {
                    bad.add(new Bad("body events null", method, target, List.of(), "{\"events\": null}",
                            "application/json"));
                }
            }
            case "GET /api/webhooks/{id}/deliveries" -> {
                for (String query : List.of("limit=0", "limit=10001", "limit=x", "before=-1", "before=%zz")) {
                    bad.add(new Bad("query " + query, method, target + "?" + query, List.of(), null, null));
                }
            }
            case "POST /api/config/plan", "PUT /api/config" -> {
                for (String body : List.of("{", "[]", "{}", "{\"format\": 2, \"settings\": {}, \"backends\": []}",
                        "{\"format\": 1, \"settings\": {}}", "{\"format\": 1, \"backends\": []}",
                        "{\"format\": 1, \"settings\": {\"algorithm\": \"hash\"}, \"backends\": []}",
                        "{\"format\": 1, \"settings\": {}, \"backends\": [{\"url\": \"http://h:1\"}]}",
                        "{\"format\": 1, \"settings\": {}, \"backends\": [{\"name\": \"a\", \"url\": \"ftp://h:1\"}]}",
                        "{\"format\": 1, \"settings\": {}, \"backends\": [7]}", GOOD_DOCUMENT.replace("}]}",
                                "}, {\"name\": \"a\", \"url\": \"http://127.0.0.1:9\"}]}"),
                        "{\"format\": 1, \"settings\": {}, \"backends\": [], \"colour\": 1}",
                        "{\"format\": 1, \"settings\": {}, \"backends\": [], \"revision\": -1}")) {
                    bad.add(new Bad("body " + (body.length() > 60 ? body.substring(0, 60) + "..." : body), method,
                            target, List.of(), body, "application/json"));
                }
                bad.add(new Bad("a document over 4 MB", method, target, List.of(), "{\"x\": \""
                        + "x".repeat(4 * 1024 * 1024) + "\"}", "application/json"));
                if (method.equals("PUT")) {
                    for (String tag : List.of("\"999\"", "0", "W/\"5000\"", "soon", "\"1", "1, 2")) {
                        bad.add(base(method, target, GOOD_DOCUMENT).withHeader("If-Match " + tag, "If-Match: " + tag));
                    }
                }
            }
            case "POST /api/revisions/{revision}/revert" -> {
                for (String query : List.of("force=yes", "force=1", "force=", "force=%zz")) {
                    bad.add(new Bad("query " + query, method, target + "?" + query, List.of(), null, null));
                }
            }
            case "GET /api/revisions" -> {
                for (String query : List.of("backend=x", "backend=0", "before=-3", "limit=0", "limit=10001",
                        "before=%zz")) {
                    bad.add(new Bad("query " + query, method, target + "?" + query, List.of(), null, null));
                }
            }
            case "GET /api/backends/{id}/health" -> {
                for (String query : List.of("from=yesterday", "to=-1000000000-01-01T00:00:00Z",
                        "from=%2B1000000000-01-01T00:00:00Z", "limit=0", "limit=10001", "limit=x",
                        "from=2030-01-01T00:00:00Z&to=2029-01-01T00:00:00Z", "to=%zz", "instance=a%20b",
                        "instance=")) {
                    bad.add(new Bad("query " + query, method, target + "?" + query, List.of(), null, null));
                }
            }
            case "GET /api/backends/{id}/summary" -> {
                for (String query : List.of("window=2h", "window=", "window=%zz", "window=1H")) {
                    bad.add(new Bad("query " + query, method, target + "?" + query, List.of(), null, null));
                }
            }
            case "GET /api/events" -> {
                for (String query : List.of("backend=x", "backend=0", "before=-3", "limit=0", "limit=10001",
                        "backend=99999999999999999999", "before=%zz")) {
                    bad.add(new Bad("query " + query, method, target + "?" + query, List.of(), null, null));
                }
            }
            default -> {
                // the requests every operation refuses are enough
            }
        }
        return bad;
    }
}
