package dev.fulcrum.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo console's {@code ws TEXT}: opens a WebSocket to a {@code /ws} echo (through the balancer), sends one text
 * message, waits for it to come back, and closes, so a user can see a WebSocket pass the balancer without a client of
 * their own. Uses the JDK's WebSocket client.
 */
public final class WebSocketEcho {

    /** How long the whole round trip may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private WebSocketEcho() {
    }

    /**
     * @return the message as it came back
     * @throws ExecutionException when the WebSocket could not be opened (the handshake's status is in the cause)
     * @throws TimeoutException when nothing came back in {@link #TIMEOUT}
     */
    public static String roundTrip(URI uri, String message)
            throws ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, new FirstMessage(echoed)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            socket.sendText(message, true);
            return echoed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Collects the first text message, which the JDK may hand over in parts. */
    private static final class FirstMessage implements WebSocket.Listener {

        private final CompletableFuture<String> received;
        private final StringBuilder text = new StringBuilder();

        FirstMessage(CompletableFuture<String> received) {
            this.received = received;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.complete(text.toString());
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.completeExceptionally(new IllegalStateException("closed before the echo (" + statusCode + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.completeExceptionally(error);
        }
    }
}
