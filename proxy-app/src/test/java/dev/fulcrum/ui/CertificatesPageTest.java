package dev.fulcrum.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import dev.fulcrum.server.TlsSettings;
import dev.fulcrum.testing.TestCertificates;
import dev.fulcrum.testing.TestCertificates.KeyForm;
import dev.fulcrum.time.TimeSource;
import dev.fulcrum.tls.BackendTls;
import dev.fulcrum.tls.CertificateFiles;
import dev.fulcrum.tls.ServerCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The page lists the certificates served, with a warning on one that expires within 14 days. */
class CertificatesPageTest {

    @TempDir
    Path profile;

    @TempDir
    Path files;

    private ChromeDriver browser;
    private FulcrumServer server;

    @BeforeEach
    void startBrowser() {
        Chromium.requireInstalled();
        browser = Chromium.start(profile);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private CertificateFiles pair(String name, Instant notAfter) {
        CertificateFiles pair = new CertificateFiles(files.resolve(name + ".pem"), files.resolve(name + ".key"));
        TestCertificates.leaf(name).validUntil(notAfter).write(pair.certificate(), pair.key(), KeyForm.PKCS8);
        return pair;
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#certificate-table tbody tr"));
    }

    @Test
    void aCertificateCloseToExpiryIsShownWithAWarning() throws Exception {
        Instant now = Instant.now();
        List<CertificateFiles> pairs = List.of(
                pair("soon.test", now.plus(Duration.ofDays(10)).plus(Duration.ofHours(1))),
                pair("later.test", now.plus(Duration.ofDays(60)).plus(Duration.ofHours(1))));
        server = TestServers.start(TestServers.fastChecks(new TlsSettings(ServerCertificates.load(pairs,
                TimeSource.SYSTEM), 0, true, false, false), BackendTls.VERIFIED), null, List.of());

        browser.get("http://127.0.0.1:" + server.adminPort() + "/");

        await().until(() -> rows().size() == 2);
        assertThat(browser.findElement(By.id("certificates")).isDisplayed()).isTrue();
        WebElement soon = rows().get(0);
        assertThat(soon.findElement(By.cssSelector("td")).getText()).isEqualTo("soon.test");
        WebElement badge = soon.findElement(By.cssSelector(".badge"));
        assertThat(badge.getText()).isEqualTo("expires in 10 days");
        assertThat(badge.getAttribute("class")).contains("expiring");
        assertThat(badge.getCssValue("background-color")).isNotEqualTo(rows().get(1)
                .findElement(By.cssSelector(".badge")).getCssValue("background-color"));
        assertThat(rows().get(1).findElement(By.cssSelector(".badge")).getText()).isEqualTo("60 days left");
        assertThat(rows().get(1).getText()).contains(files.resolve("later.test.pem").toString());
    }

    @Test
    void withoutTlsThereIsNoCertificateSection() throws Exception {
        server = TestServers.startInMemory(null, List.of());

        browser.get("http://127.0.0.1:" + server.adminPort() + "/");

        await().until(() -> browser.findElement(By.id("status")).getText().startsWith("Updated"));
        assertThat(browser.findElement(By.id("certificates")).isDisplayed()).isFalse();
    }
}
