package dev.fulcrum.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's WebSocket client, collecting whole messages (the JDK hands them over in parts) and how the WebSocket ended:
 * a close frame with its status, or the connection lost.
 */
public final class WebSocketClient implements WebSocket.Listener, AutoCloseable {

    /** How a WebSocket ended: the peer's close status, or -1 when the connection was lost without one. */
    public record Ended(int status, Throwable error) {
    }

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Ended> ended = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final WebSocket socket;

    private WebSocketClient(HttpClient client, URI uri) {
        socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, this)
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Opens a WebSocket to {@code uri} ({@code ws://} or {@code wss://} with a client that trusts the server). */
    public static WebSocketClient open(HttpClient client, URI uri) {
        return new WebSocketClient(client, uri);
    }

    public static WebSocketClient open(URI uri) {
        return open(HttpClient.newHttpClient(), uri);
    }

    public WebSocket socket() {
        return socket;
    }

    /** Sends a text message and waits for the echo of it. */
    public String echo(String message) throws InterruptedException {
        socket.sendText(message, true).join();
        return (String) next();
    }

    /** Sends a binary message and waits for the echo of it. */
    public byte[] echo(byte[] message) throws InterruptedException {
        socket.sendBinary(ByteBuffer.wrap(message), true).join();
        return (byte[]) next();
    }

    /** The next whole message received: a String or a byte[]. */
    public Object next() throws InterruptedException {
        Object message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 10 s");
        }
        return message;
    }

    /** Completed once the WebSocket is over, however it ended. */
    public CompletableFuture<Ended> ended() {
        return ended;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            messages.add(binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended.complete(new Ended(statusCode, null));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended.complete(new Ended(-1, error));
    }

    /** Drops the connection if the test has not closed it. */
    @Override
    public void close() {
        socket.abort();
    }
}
