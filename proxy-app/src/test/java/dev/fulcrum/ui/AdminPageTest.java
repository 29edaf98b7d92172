package dev.fulcrum.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.admin.AdminClient;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.db.testing.TestDatabase;
import dev.fulcrum.demo.DemoBackend;
import dev.fulcrum.health.HealthCheckSettings;
import dev.fulcrum.server.TrafficSettings;
import dev.fulcrum.testing.GatedBackend;
import dev.fulcrum.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/** The admin page in a real headless Chromium against the real server, API and database. */
class AdminPageTest {

    private static final String XSS = "<img src=x onerror=\"window.__xss=1\">";

    /**
     * Probes as often as the fast checks, but with time to answer while the browser, the server starting and the
     * other builds share the machine: the events shown here are those of a backend whose checks pass.
     */
    private static final TrafficSettings PATIENT_CHECKS = TestServers.settings(
            new HealthCheckSettings("/health", Duration.ofMillis(100), Duration.ofSeconds(5), 2, 3),
            Duration.ofSeconds(5));

    @TempDir
    static Path profile;

    private static ChromeDriver browser;

    private DemoBackend backend;
    private Server htmlBackend;
    private FulcrumServer server;
    private DatabaseSettings database;
    private AdminClient api;

    @BeforeAll
    static void startBrowser() {
        Chromium.requireInstalled();
        browser = Chromium.start(profile);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void start() throws Exception {
        backend = new DemoBackend("127.0.0.1", 0, "one");
        backend.start();
        database = new DatabaseSettings(TestServers.inMemoryDatabase(), "sa", "");
        server = TestServers.start(PATIENT_CHECKS, database, "page:1", null,
                List.of(URI.create("http://127.0.0.1:" + backend.port())));
        api = new AdminClient(server.adminPort(), null);
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get("http://127.0.0.1:" + server.adminPort() + "/");
        await().until(() -> rowNames().contains("127.0.0.1-" + backend.port()));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        backend.close();
        if (htmlBackend != null) {
            htmlBackend.stop();
        }
    }

    private List<String> rowNames() {
        return browser.findElements(By.cssSelector("#backends tbody a.name")).stream().map(WebElement::getText).toList();
    }

    private WebElement row(String name) {
        return browser.findElement(By.xpath("//table[@id='backends']//tr[.//a[@class='name' and text()='" + name + "']]"));
    }

    private JsonNode stored(String name) {
        for (JsonNode b : api.get("/api/backends").json()) {
            if (b.get("name").asText().equals(name)) {
                return b;
            }
        }
        return null;
    }

    private void fill(String id, String value) {
        replaceText(browser.findElement(By.id(id)), value);
    }

    /** Selects what the field holds and types over it, as a user does. */
    private static void replaceText(WebElement input, String value) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
    }

    @Test
    void addingABackendThroughTheFormShowsItInTheTableAndStoresIt() {
        fill("add-url", "http://127.0.0.1:5999");
        fill("add-name", "added");
        fill("add-weight", "3");
        browser.findElement(By.id("add-submit")).click();

        await().until(() -> rowNames().contains("added"));
        assertThat(row("added").findElement(By.cssSelector("td.url")).getText()).isEqualTo("http://127.0.0.1:5999");
        assertThat(stored("added").get("weight").asInt()).isEqualTo(3);
        assertThat(browser.findElement(By.id("add-url")).getAttribute("value")).isEmpty();
    }

    @Test
    void anInvalidUrlShowsTheApiErrorNextToTheFieldAndStoresNothing() {
        fill("add-url", "ftp://127.0.0.1:5999");
        browser.findElement(By.id("add-submit")).click();

        await().until(() -> !browser.findElement(By.id("add-url-error")).getText().isEmpty());
        assertThat(browser.findElement(By.id("add-url-error")).getText())
                .contains("'ftp://127.0.0.1:5999' is not an absolute http:// or https:// URL");
        assertThat(browser.findElement(By.id("add-url")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(api.get("/api/backends").json()).hasSize(1);
    }

    @Test
    void togglingEnabledAndEditingWeightInPlaceReachTheApi() {
        String name = "127.0.0.1-" + backend.port();
        row(name).findElement(By.cssSelector("input[type=checkbox]")).click();
        await().until(() -> !stored(name).get("enabled").asBoolean());
        await().until(() -> row(name).findElement(By.cssSelector(".badge")).getText().equals("disabled"));

        WebElement weight = row(name).findElement(By.cssSelector("input.weight"));
        replaceText(weight, "7\n");
        await().until(() -> stored(name).get("weight").asInt() == 7);

        replaceText(row(name).findElement(By.cssSelector("input.weight")), "5000\n");
        await().until(() -> row(name).findElement(By.cssSelector("p.field-error")).getText()
                .contains("weight 5000 is outside 0-1000"));
        assertThat(stored(name).get("weight").asInt()).isEqualTo(7);
    }

    @Test
    void theAlgorithmSelectorStoresTheChosenAlgorithmAndARefusalShowsNextToItsField() {
        new Select(browser.findElement(By.id("algorithm"))).selectByValue("least-requests");
        browser.findElement(By.id("settings-submit")).click();
        await().until(() -> api.get("/api/settings").json().get("algorithm").asText().equals("least-requests"));

        new Select(browser.findElement(By.id("algorithm"))).selectByValue("hash");
        browser.findElement(By.id("settings-submit")).click();
        await().until(() -> !browser.findElement(By.id("hash-on-error")).getText().isEmpty());
        assertThat(browser.findElement(By.id("hash-on-error")).getText()).contains("algorithm hash needs hashOn");
        assertThat(browser.findElement(By.id("hash-on")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(api.get("/api/settings").json().get("algorithm").asText()).isEqualTo("least-requests");

        fill("hash-on", "header:X-User");
        browser.findElement(By.id("settings-submit")).click();
        await().until(() -> api.get("/api/settings").json().get("algorithm").asText().equals("hash"));
        assertThat(api.get("/api/settings").json().get("hashOn").asText()).isEqualTo("header:X-User");
        assertThat(browser.findElement(By.id("hash-on-error")).getText()).isEmpty();
    }

    @Test
    void aSettingChangedElsewhereShowsAtTheNextRefresh() {
        api.patch("/api/settings", "{\"algorithm\": \"least-requests\", \"slowStart\": \"30s\"}");
        await().until(() -> new Select(browser.findElement(By.id("algorithm"))).getFirstSelectedOption()
                .getAttribute("value").equals("least-requests"));
        assertThat(browser.findElement(By.id("slow-start")).getAttribute("value")).isEqualTo("30s");
    }

    @Test
    void theDrainButtonDrainsShowsTheCountFallingAndUndrains() throws Exception {
        GatedBackend gated = new GatedBackend("gated");
        try {
            api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + gated.port() + "\", \"name\": \"gated\"}");
            await().until(() -> rowNames().contains("gated"));
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<Void>>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.proxyPort()
                        + "/")).build(), HttpResponse.BodyHandlers.discarding()));
            }
            await().until(() -> gated.held() == 2);
            await().until(() -> row("gated").findElement(By.cssSelector("td.in-flight")).getText().equals("2"));
            assertThat(row("gated").findElement(By.cssSelector("td.share")).getText()).isEqualTo("50 %");

            WebElement drain = row("gated").findElement(By.cssSelector("button.drain"));
            assertThat(drain.getText()).isEqualTo("Drain");
            drain.click();
            await().until(() -> stored("gated").get("draining").asBoolean());
            await().until(() -> row("gated").findElement(By.cssSelector(".badge")).getText().equals("draining"));
            assertThat(row("gated").findElement(By.cssSelector("button.drain")).getText()).isEqualTo("Undrain");

            gated.release();
            for (CompletableFuture<HttpResponse<Void>> response : sent) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
            await().until(() -> row("gated").findElement(By.cssSelector("td.in-flight")).getText().equals("0"));
            await().until(() -> row("gated").findElement(By.cssSelector(".badge")).getText().equals("drained"));

            row("gated").findElement(By.cssSelector("button.drain")).click();
            await().until(() -> !stored("gated").get("draining").asBoolean());
            await().until(() -> row("gated").findElement(By.cssSelector("button.drain")).getText().equals("Drain"));
        } finally {
            gated.close();
        }
    }

    private boolean revisionShown(long number) {
        return !browser.findElements(By.cssSelector("#revisions li[data-revision='" + number + "']")).isEmpty();
    }

    private WebElement revision(long number) {
        return browser.findElement(By.cssSelector("#revisions li[data-revision='" + number + "']"));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    @Test
    void theChangesListShowsEachDiffAndRevertAndRestoreAskFirst() {
        String name = "127.0.0.1-" + backend.port();
        long id = stored(name).get("id").asLong();
        api.patch("/api/backends/" + id, "{\"weight\": 7}");
        await().until(() -> revisionShown(2));

        WebElement changed = revision(2);
        assertThat(changed.findElement(By.cssSelector(".summary")).getText())
                .isEqualTo("changed backend " + name + ": weight 1 -> 7");
        assertThat(changed.findElement(By.cssSelector(".author")).getText()).isEqualTo("local · 127.0.0.1");
        assertThat(cells(changed.findElement(By.cssSelector("table.diff tbody tr"))))
                .containsExactly("backend " + name + " (changed)", "weight", "1", "7");
        assertThat(revision(1).findElements(By.cssSelector("table.diff tbody tr")).stream().map(r -> cells(r).get(1))
                .toList()).as("an added backend shows each field it has").contains("name", "url", "weight");

        changed.findElement(By.cssSelector("button.revert")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Revert revision 2?");
        browser.switchTo().alert().dismiss();
        assertThat(stored(name).get("weight").asInt()).isEqualTo(7);

        revision(2).findElement(By.cssSelector("button.revert")).click();
        browser.switchTo().alert().accept();
        await().until(() -> stored(name).get("weight").asInt() == 1);
        await().until(() -> revisionShown(3));
        assertThat(revision(3).findElement(By.cssSelector(".summary")).getText())
                .isEqualTo("reverted revision 2: changed backend " + name + ": weight 7 -> 1");
        await().until(() -> row(name).findElement(By.cssSelector("input.weight")).getAttribute("value").equals("1"));

        revision(2).findElement(By.cssSelector("button.restore")).click();
        assertThat(browser.switchTo().alert().getText())
                .startsWith("Restore the whole configuration to how it was right after revision 2?");
        browser.switchTo().alert().accept();
        await().until(() -> stored(name).get("weight").asInt() == 7);
        await().until(() -> revisionShown(4));
        assertThat(revision(4).findElement(By.cssSelector(".summary")).getText()).startsWith("restored revision 2: ");
    }

    @Test
    void aConflictingRevertSaysWhyAndForcesOnlyWhenConfirmed() {
        String name = "127.0.0.1-" + backend.port();
        long id = stored(name).get("id").asLong();
        api.patch("/api/backends/" + id, "{\"weight\": 7}");
        api.patch("/api/backends/" + id, "{\"weight\": 9}");
        await().until(() -> revisionShown(3));

        revision(2).findElement(By.cssSelector("button.revert")).click();
        browser.switchTo().alert().accept();
        await().ignoreExceptions().until(() -> browser.switchTo().alert().getText().contains("Revert anyway"));
        assertThat(browser.switchTo().alert().getText()).startsWith("revision 2 cannot be reverted alone: later "
                + "revisions changed the same things (backend " + name + " in revision 3)");
        browser.switchTo().alert().dismiss();
        await().until(() -> browser.findElement(By.id("alert")).isDisplayed());
        assertThat(browser.findElement(By.id("alert-text")).getText()).startsWith("Revision 2 was not reverted: ");
        assertThat(stored(name).get("weight").asInt()).isEqualTo(9);

        revision(2).findElement(By.cssSelector("button.revert")).click();
        browser.switchTo().alert().accept();
        await().ignoreExceptions().until(() -> browser.switchTo().alert().getText().contains("Revert anyway"));
        browser.switchTo().alert().accept();
        await().until(() -> stored(name).get("weight").asInt() == 1);
        await().until(() -> !browser.findElement(By.id("alert")).isDisplayed());
    }

    @Test
    void aWebhooksChangeShowsItsDiffAndARevertThatCannotBringBackItsSecretAsksBeforeForcing() {
        long id = api.post("/api/webhooks", "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"removed\"], "
                + "\"secret\": \"a secret of 16 characters or more\"}").json().get("id").asLong();
        api.patch("/api/webhooks/" + id, "{\"enabled\": false, \"secret\": \"another secret, also long enough\"}");
        await().until(() -> revisionShown(3));

        List<WebElement> rows = revision(3).findElements(By.cssSelector("table.diff tbody tr"));
        assertThat(rows).extracting(AdminPageTest::cells).containsExactly(
                List.of("webhook " + id + " (changed)", "enabled", "true", "false"),
                List.of("", "secret", "set", "replaced"));

        revision(3).findElement(By.cssSelector("button.revert")).click();
        browser.switchTo().alert().accept();
        await().ignoreExceptions().until(() -> browser.switchTo().alert().getText().contains("Revert anyway"));
        assertThat(browser.switchTo().alert().getText()).startsWith("revision 3 replaced the secret of webhook "
                + "http://127.0.0.1:9/hook (" + id + ")");
        browser.switchTo().alert().accept();
        await().until(() -> api.get("/api/webhooks/" + id).json().get("enabled").asBoolean());
        await().until(() -> revisionShown(4));
        assertThat(api.get("/api/webhooks/" + id).json().get("secretSet").asBoolean()).isTrue();
    }

    private List<Long> revisionsShown() {
        return browser.findElements(By.cssSelector("#revisions li")).stream()
                .map(li -> Long.parseLong(li.getAttribute("data-revision"))).toList();
    }

    private static List<Long> newestFirst(long from, long to) {
        List<Long> numbers = new ArrayList<>();
        for (long n = to; n >= from; n--) {
            numbers.add(n);
        }
        return numbers;
    }

    @Test
    void moreChangesThanAPageBetweenRefreshesAreAllShownAndOlderOnesLoadOnAsk() {
        long id = stored("127.0.0.1-" + backend.port()).get("id").asLong();
        await().until(() -> revisionShown(1));
        for (int weight = 2; weight <= 46; weight++) {
            api.patch("/api/backends/" + id, "{\"weight\": " + weight + "}");
        }
        await().until(() -> revisionShown(46));
        assertThat(revisionsShown()).as("no gap after a burst of more than one page").isEqualTo(newestFirst(1, 46));
        assertThat(browser.findElement(By.id("revisions-more")).isDisplayed()).isFalse();

        browser.navigate().refresh();
        await().until(() -> revisionShown(46));
        assertThat(revisionsShown()).isEqualTo(newestFirst(27, 46));
        browser.findElement(By.id("revisions-more")).click();
        await().until(() -> revisionShown(7));
        assertThat(revisionsShown()).isEqualTo(newestFirst(7, 46));
        browser.findElement(By.id("revisions-more")).click();
        await().until(() -> revisionShown(1));
        assertThat(revisionsShown()).isEqualTo(newestFirst(1, 46));
        assertThat(browser.findElement(By.id("revisions-more")).isDisplayed()).isFalse();
    }

    @Test
    void removingAsksForConfirmationThenRemoves() {
        api.post("/api/backends", "{\"url\": \"http://127.0.0.1:5998\", \"name\": \"doomed\"}");
        await().until(() -> rowNames().contains("doomed"));

        row("doomed").findElement(By.cssSelector("button.danger")).click();
        browser.switchTo().alert().dismiss();
        assertThat(stored("doomed")).isNotNull();

        row("doomed").findElement(By.cssSelector("button.danger")).click();
        assertThat(browser.switchTo().alert().getText()).startsWith("Remove backend doomed?");
        browser.switchTo().alert().accept();
        await().until(() -> !rowNames().contains("doomed"));
        assertThat(stored("doomed")).isNull();
    }

    @Test
    void whatTheUserTypesSurvivesTheRefresh() throws Exception {
        fill("add-url", "http://127.0.0.1:59");
        String name = "127.0.0.1-" + backend.port();
        WebElement weight = row(name).findElement(By.cssSelector("input.weight"));
        replaceText(weight, "42");
        String updated = browser.findElement(By.id("status")).getText();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String now = browser.findElement(By.id("status")).getText();
            return !now.equals(updated) && now.startsWith("Updated");
        });

        assertThat(weight.getAttribute("value")).isEqualTo("42");
        assertThat(browser.findElement(By.id("add-url")).getAttribute("value")).isEqualTo("http://127.0.0.1:59");
    }

    @Test
    void theHistoryViewDrawsStoredChecksAndShowsEventsAndProbes() {
        String name = "127.0.0.1-" + backend.port();
        long id = stored(name).get("id").asLong();
        await().until(() -> api.get("/api/backends/" + id + "/health").json().get("items").size() >= 5);

        row(name).findElement(By.cssSelector("a.name")).click();

        await().until(() -> points("history-chart") >= 5);
        assertThat(browser.findElements(By.cssSelector("#history-chart canvas"))).isNotEmpty();
        assertThat(browser.findElement(By.id("history-name")).getText()).isEqualTo(name);
        assertThat(browser.findElement(By.id("events")).getText()).contains("active: first check passed", "added");
        assertThat(browser.findElement(By.id("history-summary")).getText()).contains("Uptime 100.00 %");
        await().untilAsserted(() -> assertThat(browser.findElement(By.id("seen-by")).getText())
                .startsWith(server.instanceId() + ": up since ").contains("passed", "uptime 100.00 %"));

        browser.findElement(By.cssSelector("button.window[data-window='7d']")).click();
        await().until(() -> "true".equals(browser.findElement(By.cssSelector("button.window[data-window='7d']"))
                .getAttribute("aria-pressed")));
        await().until(() -> points("history-chart") >= 1);

        browser.findElement(By.id("probe-now")).click();
        await().until(() -> browser.findElement(By.id("probe-body")).getText().equals("ok"));
        assertThat(browser.findElement(By.id("probe-line")).getText()).startsWith("passed · status 200");
    }

    @Test
    void theInstancesSectionListsEachInstanceWithTheRevisionItAppliedAndFlagsOneBehind() {
        long applied = api.get("/api/instances").json().get(0).get("revisionApplied").asLong();
        assertThat(applied).as("the seed's import").isPositive();
        await().untilAsserted(() -> assertThat(browser.findElement(By.cssSelector("#instance-table tbody")).getText())
                .startsWith("page:1 (this one) development").contains("s ago")
                .endsWith(" " + applied).doesNotContain("behind"));

        // Another instance, still at revision 0 a minute after the seed's import was committed.
        TestDatabase.execute(database, "UPDATE config_revision SET made_at = DATEADD('MINUTE', -1, made_at)");
        TestDatabase.execute(database, "INSERT INTO instance (id, version, started_at, heartbeat_at, revision_applied)"
                + " VALUES ('stale:1', 'development', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0)");
        assertThat(api.get("/api/instances").json()).extracting(i -> i.get("id").asText() + " "
                + i.get("behind").asBoolean()).containsExactly("page:1 false", "stale:1 true");
        browser.navigate().refresh();
        await().untilAsserted(() -> assertThat(browser.findElements(By.cssSelector(
                "#instance-table tr[data-id='stale:1'] td.behind"))).extracting(WebElement::getText)
                .containsExactly("0 (behind)"));
        assertThat(browser.findElement(By.cssSelector("#instance-table tr[data-id='page:1']")).getText())
                .doesNotContain("behind");
    }

    @Test
    void trafficFiguresFollowRequestsThroughTheProxy() throws Exception {
        sendThroughProxy(50);
        await().until(() -> Double.parseDouble(browser.findElement(By.id("rps")).getText()) > 0);
        assertThat(browser.findElement(By.id("error-rate")).getText()).isEqualTo("0.0 %");
        assertThat(points("traffic-chart"))
                .isEqualTo(300);
    }

    @Test
    void valuesFromTheApiAreShownAsTextAndRunNothing() throws Exception {
        htmlBackend = new Server();
        ServerConnector connector = new ServerConnector(htmlBackend);
        connector.setHost("127.0.0.1");
        htmlBackend.addConnector(connector);
        htmlBackend.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                  org.eclipse.jetty.util.Callback callback) {
                response.getHeaders().put("Content-Type", "text/html");
                response.write(true, java.nio.ByteBuffer.wrap(XSS.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        htmlBackend.start();
        long id = api.post("/api/backends", "{\"url\": \"http://127.0.0.1:" + connector.getLocalPort()
                + "\", \"name\": \"html\"}").json().get("id").asLong();

        // A rejected input echoed in the field error.
        fill("add-url", "http://" + XSS);
        browser.findElement(By.id("add-submit")).click();
        await().until(() -> browser.findElement(By.id("add-url-error")).getText().contains(XSS));

        // The body a backend returns to "probe now".
        browser.get("http://127.0.0.1:" + server.adminPort() + "/#backend/" + id);
        await().until(() -> browser.findElement(By.id("history-name")).getText().equals("html"));
        browser.findElement(By.id("probe-now")).click();
        await().until(() -> browser.findElement(By.id("probe-body")).getText().equals(XSS));

        // A URL path the page reports back.
        browser.get("http://127.0.0.1:" + server.adminPort() + "/#" + XSS);
        await().until(() -> browser.findElement(By.id("alert-text")).getText().contains(XSS));

        assertThat(browser.executeScript("return window.__xss === undefined")).isEqualTo(true);
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
    }

    @Test
    void aFragmentThatIsNotValidPercentEncodingStillLoadsTheTable() {
        String name = "127.0.0.1-" + backend.port();
        browser.get("about:blank");
        browser.get("http://127.0.0.1:" + server.adminPort() + "/#%");

        await().until(() -> rowNames().contains(name));
        await().until(() -> browser.findElement(By.id("alert-text")).getText().equals("Nothing to show for #%"));
        await().until(() -> browser.findElement(By.id("status")).getText().startsWith("Updated"));
    }

    @Test
    void anErrorStaysVisibleUntilDismissedOrTheNextActionSucceeds() {
        String name = "127.0.0.1-" + backend.port();
        long id = stored(name).get("id").asLong();
        row(name).findElement(By.cssSelector("a.name")).click();
        await().until(() -> browser.findElement(By.id("history-name")).getText().equals(name));
        assertThat(api.delete("/api/backends/" + id).status()).isEqualTo(204);

        browser.findElement(By.id("probe-now")).click();
        await().until(() -> browser.findElement(By.id("alert")).isDisplayed());
        String error = browser.findElement(By.id("alert-text")).getText();
        assertThat(error).startsWith("Probe failed: ").contains("no backend with id " + id);
        for (int refreshes = 0; refreshes < 2; refreshes++) {
            String before = browser.findElement(By.id("status")).getText();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String now = browser.findElement(By.id("status")).getText();
                return !now.equals(before) && now.startsWith("Updated");
            });
        }
        assertThat(browser.findElement(By.id("alert")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("alert-text")).getText()).isEqualTo(error);

        browser.findElement(By.id("alert-dismiss")).click();
        assertThat(browser.findElement(By.id("alert")).isDisplayed()).isFalse();

        browser.findElement(By.id("probe-now")).click();
        await().until(() -> browser.findElement(By.id("alert")).isDisplayed());
        fill("add-url", "http://127.0.0.1:5996");
        browser.findElement(By.id("add-submit")).click();
        await().until(() -> rowNames().contains("127.0.0.1-5996"));
        assertThat(browser.findElement(By.id("alert")).isDisplayed()).isFalse();
    }

    @Test
    void securityHeadersAreSentWithThePage() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.adminPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Fulcrum</title>").doesNotContain("<script>", "style=");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(api.get("/api/backends").raw().headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void readableAtPhoneWidth() {
        browser.manage().window().setSize(new Dimension(390, 844));
        long width = (Long) browser.executeScript("return document.documentElement.scrollWidth");
        assertThat(width).isLessThanOrEqualTo(390);
        assertThat(browser.findElement(By.id("add-url")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("add-submit")).isDisplayed()).isTrue();
    }

    /** Sends requests through the proxy, one after another. */
    private void sendThroughProxy(int requests) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < requests; i++) {
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.proxyPort() + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    /** How many points a chart was last drawn with: 0 before it is first drawn. */
    private int points(String chart) {
        String points = browser.findElement(By.id(chart)).getAttribute("data-points");
        return points == null ? 0 : Integer.parseInt(points);
    }

    /** A chart's attribute once it is set: the axes' ticks are recorded when uPlot draws, just after the data. */
    private String drawn(String chart, String attribute) {
        return await().until(() -> browser.findElement(By.id(chart)).getAttribute(attribute),
                value -> value != null);
    }

    /** The legend values of a chart, as its uPlot legend shows them, by series label. */
    private Map<String, String> legend(String chart) {
        Map<String, String> values = new LinkedHashMap<>();
        for (WebElement series : browser.findElements(By.cssSelector("#" + chart + " .u-legend .u-series"))) {
            values.put(series.findElement(By.cssSelector(".u-label")).getText(),
                    series.findElement(By.cssSelector(".u-value")).getText());
        }
        return values;
    }

    /** Moves the pointer over a chart's plot area, {@code fraction} of its width from the left. */
    private void hover(String chart, double fraction) {
        WebElement over = browser.findElement(By.cssSelector("#" + chart + " .u-over"));
        int x = (int) (over.getSize().getWidth() * (fraction - 0.5));
        new Actions(browser).moveToElement(over, x, 0).perform();
    }

    @Test
    void bothChartsOfABackendHaveTimeAndValueAxesWithUnitsAndShowValuesOnHover() throws Exception {
        String name = "127.0.0.1-" + backend.port();
        long id = stored(name).get("id").asLong();
        sendThroughProxy(20);
        await().until(() -> api.get("/api/backends/" + id + "/health").json().get("items").size() >= 5);
        row(name).findElement(By.cssSelector("a.name")).click();
        await().until(() -> points("history-chart") >= 5);
        await().until(() -> points("backend-traffic-chart") >= 1);

        // Each chart's legend shows the values under the pointer, with their units, while the pointer is over it.
        Map<String, List<String>> hovered = Map.of("history-chart", List.of("probe latency", "[0-9.]+ ms"),
                "backend-traffic-chart", List.of("requests", "[0-9.]+ /s"));
        for (String chart : List.of("history-chart", "backend-traffic-chart")) {
            assertThat(drawn(chart, "data-x-ticks")).as(chart).matches(".*\\d{2}:\\d{2}.*");
            assertThat(drawn(chart, "data-ms-ticks")).as(chart).contains(" ms");
            hover(chart, 0.98);
            await().until(() -> legend(chart).get(hovered.get(chart).get(0)).matches(hovered.get(chart).get(1)));
            assertThat(legend(chart).get("time")).as(chart).matches(".*\\d{1,2}:\\d{2}:\\d{2}.*");
        }
        assertThat(drawn("backend-traffic-chart", "data-y-ticks")).contains("/s");
        assertThat(legend("backend-traffic-chart")).containsKeys("requests", "5xx", "p95 latency");
        assertThat(legend("history-chart")).containsKeys("probe latency", "failed check");
        // The state change to up is marked on the probe chart's time axis.
        assertThat(Integer.parseInt(browser.findElement(By.id("history-chart")).getAttribute("data-marks")))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void theTrafficChartHasAxesAndShowsValuesOnHover() throws Exception {
        sendThroughProxy(10);
        await().until(() -> Double.parseDouble(browser.findElement(By.id("rps")).getText()) > 0);
        assertThat(drawn("traffic-chart", "data-y-ticks")).contains("/s");
        assertThat(drawn("traffic-chart", "data-x-ticks")).matches(".*\\d{2}:\\d{2}.*");

        hover("traffic-chart", 0.995);

        await().until(() -> legend("traffic-chart").get("requests").matches("[0-9.]+ /s"));
        assertThat(legend("traffic-chart").get("time")).matches(".*\\d{1,2}:\\d{2}:\\d{2}.*");
    }

    @Test
    void theBackendsTableShowsTheLastMinutesTraffic() throws Exception {
        String name = "127.0.0.1-" + backend.port();
        sendThroughProxy(12);

        await().until(() -> row(name).findElement(By.cssSelector("td.codes")).getText().equals("12 / 0 / 0 / 0"));
        assertThat(Double.parseDouble(row(name).findElement(By.cssSelector("td.rps")).getText())).isPositive();
        assertThat(row(name).findElement(By.cssSelector("td.latency")).getText()).matches("[0-9.]+ / [0-9.]+ / [0-9.]+");
        assertThat(row(name).findElement(By.cssSelector("td.retries")).getText()).isEqualTo("0");
        List<String> headers = browser.findElements(By.cssSelector("#backends thead th")).stream()
                .map(WebElement::getText).toList();
        assertThat(headers).containsSubsequence("Last minute", "Share", "Req/s", "2xx / 3xx / 4xx / 5xx",
                "p50 / p95 / p99 ms", "Retries");
    }

    @Test
    void aWebhookAddedOnThePageGetsATestEventAndShowsItsDelivery() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            fill("webhook-url", receiver.url());
            fill("webhook-events", "down, up");
            fill("webhook-secret", "short");
            browser.findElement(By.id("webhook-submit")).click();
            await().until(() -> browser.findElement(By.id("webhook-secret-error")).getText()
                    .contains("at least 16 characters"));
            assertThat(api.get("/api/webhooks").json()).isEmpty();

            fill("webhook-secret", "sixteen characters or more");
            browser.findElement(By.id("webhook-submit")).click();
            await().until(() -> browser.findElements(By.cssSelector("#webhook-table tbody tr")).size() == 1);
            WebElement row = browser.findElement(By.cssSelector("#webhook-table tbody tr"));
            assertThat(row.findElement(By.cssSelector("td.url")).getText()).isEqualTo(receiver.url());
            assertThat(row.getText()).contains("down, up");

            row.findElement(By.cssSelector("button.test")).click();

            await().until(() -> receiver.received().size() == 1);
            await().until(() -> browser.findElement(By.id("delivery-list")).getText().contains("test · delivered"));
            assertThat(browser.findElement(By.id("delivery-list")).getText()).contains("204");
            await().until(() -> browser.findElement(By.cssSelector("#webhook-table td.delivery")).getText()
                    .startsWith("test · delivered"));
        }
    }

    @Test
    void chartsKeepTheirLookAtPhoneWidth() {
        browser.manage().window().setSize(new Dimension(390, 844));
        await().until(() -> {
            WebElement chart = browser.findElement(By.cssSelector("#traffic-chart .uplot"));
            return chart.getSize().getWidth() <= 390 && chart.getSize().getWidth() > 200;
        });
        long width = (Long) browser.executeScript("return document.documentElement.scrollWidth");
        assertThat(width).isLessThanOrEqualTo(390);
        assertThat(browser.findElement(By.cssSelector("#traffic-chart .u-legend")).isDisplayed()).isTrue();
    }

    @Test
    void screenshotForTheReadme() throws Exception {
        browser.manage().window().setSize(new Dimension(1680, 2300));
        api.post("/api/backends", "{\"url\": \"http://127.0.0.1:5997\", \"name\": \"stopped\"}");
        String name = "127.0.0.1-" + backend.port();
        sendThroughProxy(40);
        await().until(() -> api.get("/api/backends/" + stored(name).get("id").asLong() + "/health")
                .json().get("items").size() >= 10);
        browser.navigate().refresh();
        await().until(() -> rowNames().contains("stopped"));
        row(name).findElement(By.cssSelector("a.name")).click();
        await().until(() -> points("history-chart") >= 10);
        browser.executeScript("window.scrollTo(0, 0)");
        Path shot = Path.of("target", "admin.png");
        Files.createDirectories(shot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        String docs = System.getProperty("fulcrum.screenshot");
        if (docs != null) {
            Files.copy(shot, Path.of(docs), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
