package dev.fulcrum.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.server.FulcrumServer;
import dev.fulcrum.server.TestServers;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** With an admin token configured the page asks for it once, keeps it for the tab, and says when it is wrong. */
class AdminTokenPageTest {

    private static final String TOKEN = "page-test-token-0123456789";

    @TempDir
    Path profile;

    private ChromeDriver browser;
    private FulcrumServer server;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void askingForTheTokenRejectingAWrongOneAndKeepingTheRightOne() throws Exception {
        Chromium.requireInstalled();
        server = TestServers.startInMemory(TOKEN, List.of(URI.create("http://127.0.0.1:5001")));
        browser = Chromium.start(profile);
        browser.get("http://127.0.0.1:" + server.adminPort() + "/");

        await().until(() -> browser.findElement(By.id("token-panel")).isDisplayed());
        browser.findElement(By.id("token-input")).sendKeys("not-the-token\n");
        await().until(() -> browser.findElement(By.id("token-error")).getText().startsWith("Wrong token"));

        browser.findElement(By.id("token-input")).clear();
        browser.findElement(By.id("token-input")).sendKeys(TOKEN + "\n");
        await().until(() -> !browser.findElements(By.cssSelector("#backends tbody a.name")).isEmpty());
        assertThat(browser.findElement(By.id("token-panel")).isDisplayed()).isFalse();

        browser.navigate().refresh();
        await().until(() -> !browser.findElements(By.cssSelector("#backends tbody a.name")).isEmpty());
        assertThat(browser.findElement(By.id("token-panel")).isDisplayed()).isFalse();
        assertThat(browser.manage().getCookies()).isEmpty();
    }
}
