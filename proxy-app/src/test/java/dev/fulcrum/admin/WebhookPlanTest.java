package dev.fulcrum.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.pool.BalancerSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a document's webhooks are matched to the stored ones and what the plan says, case by case: matched by url
 * (several with one url in the order of their ids), a matched one keeping its secret unless the document sets
 * another, the rest added (with a warning when unsigned) or removed, and a document without webhooks leaving them.
 */
class WebhookPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SettingsView SETTINGS = SettingsView.of(BalancerSettings.DEFAULTS);

    /** {@code ID URL EVENTS on|off SECRET|-}, several separated by {@code ;}. */
    private static Map<Long, WebhookState> stored(String text) {
        Map<Long, WebhookState> webhooks = new TreeMap<>();
        for (String item : items(text)) {
            String[] f = item.split(" ");
            webhooks.put(Long.parseLong(f[0]), state(f[1], f[2], f[3], f[4]));
        }
        return webhooks;
    }

    /** {@code URL EVENTS on|off SECRET|-}, several separated by {@code ;}; {@code absent} for no webhooks member. */
    private static List<WebhookState> document(String text) {
        if ("absent".equals(text)) {
            return null;
        }
        List<WebhookState> webhooks = new ArrayList<>();
        for (String item : items(text)) {
            String[] f = item.split(" ");
            webhooks.add(state(f[0], f[1], f[2], f[3]));
        }
        return webhooks;
    }

    private static List<String> items(String text) {
        return text == null ? List.of() : Arrays.stream(text.split(";")).map(String::trim).toList();
    }

    private static WebhookState state(String url, String events, String enabled, String secret) {
        return new WebhookState("http://127.0.0.1:9/" + url, events, enabled.equals("on"),
                secret.equals("-") ? null : secret + " is sixteen or more");
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # stored                  | document                   | plan                                    | warnings
            1 a all on s              | a all on -                 | none                                    | 0
            1 a all on s              | absent                     | none                                    | 0
            none                      | absent                     | none                                    | 0
            1 a all on s              | a down,up off -            | changed 1 [events, enabled] set>set     | 0
            1 a all on s              | a all on s                 | none                                    | 0
            1 a all on s              | a all on t                 | changed 1 [secret] set>replaced         | 0
            1 a all on -              | a all on t                 | changed 1 [secret] null>set             | 0
            1 a all on s              | none                       | removed 1 [url, events, enabled, secret] set>null | 0
            none                      | a all on -                 | added null [url, events, enabled] null>null | 1
            none                      | a all on s                 | added null [url, events, enabled, secret] null>set | 0
            1 a all on s              | b all on -                 | removed 1 [url, events, enabled, secret] set>null; added null [url, events, enabled] null>null | 1
            1 a down on s; 2 a up on s | a up on -; a down on -    | changed 1 [events] set>set; changed 2 [events] set>set | 0
            1 a down on s; 2 a up on - | a down on -               | removed 2 [url, events, enabled] null>null | 0
            1 a down on s              | a down on -; a down on -  | added null [url, events, enabled] null>null | 1
            """)
    void aDocumentsWebhooksArePlannedByUrl(String stored, String document, String plan, int warnings) {
        Configuration current = new Configuration(SETTINGS, new TreeMap<>(), new TreeMap<>(stored(stored)));
        Target target = Target.matching(current, new ConfigDocument(SETTINGS, List.of(), document(document)));

        ConfigPlan planned = ConfigDiff.between(current, target).plan(0, target.warnings(), JSON);

        List<String> items = new ArrayList<>();
        for (List<ItemChange> list : List.of(planned.added(), planned.changed(), planned.removed())) {
            for (ItemChange item : list) {
                items.add((item.before() == null ? "added" : item.after() == null ? "removed" : "changed") + " "
                        + item.id() + " " + item.fields().toString() + " "
                        + (item.before() == null ? null : item.before().get("secret").textValue()) + ">"
                        + (item.after() == null ? null : item.after().get("secret").textValue()));
            }
        }
        assertThat(items).containsExactlyInAnyOrderElementsOf(items(plan));
        assertThat(planned.warnings()).hasSize(warnings).allSatisfy(warning -> assertThat(warning)
                .endsWith(" will be created without a secret; its deliveries are unsigned"));
        assertThat(planned.toString()).doesNotContain("is sixteen or more");
    }
}
