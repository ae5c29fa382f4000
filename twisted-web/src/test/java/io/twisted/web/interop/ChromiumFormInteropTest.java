package io.twisted.web.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium (Debian's {@code chromium}, driven over the DevTools protocol with the JDK's
 * WebSocket client) loads the form page, types markup into the field, submits, and sees its text
 * echoed escaped: shown as text, no element made from it. With CI=true a missing chromium fails.
 */
class ChromiumFormInteropTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:(\\d+)/\\S+)");
    static final Pattern PAGE_WS = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/devtools/page/[^\"]+)\"");
    static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");

    @TempDir
    Path dir;

    /** A minimal DevTools client: one command at a time, answers matched by id. */
    static final class DevTools implements WebSocket.Listener {
        final Map<Integer, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        int nextId;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                Matcher m = ID.matcher(message);
                if (m.find()) {
                    answers.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new CompletableFuture<>()).complete(message);
                }
            }
            ws.request(1);
            return null;
        }

        String call(String method, String params) throws Exception {
            int id = ++nextId;
            CompletableFuture<String> answer = answers.computeIfAbsent(id, k -> new CompletableFuture<>());
            socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                    .get(10, TimeUnit.SECONDS);
            return answer.get(20, TimeUnit.SECONDS);
        }

        String evaluate(String expression) throws Exception {
            return call("Runtime.evaluate", "{\"expression\":\"" + expression.replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\",\"returnByValue\":true}");
        }

        /** Polls {@code condition} (a boolean JavaScript expression) for up to 20 seconds. */
        void waitFor(String condition) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (evaluate(condition).contains("\"value\":true")) {
                    return;
                }
                Thread.sleep(50); // polling a browser we do not control: no event to wait on here
            }
            throw new AssertionError("timed out waiting for " + condition);
        }
    }

    @Test
    void typesIntoTheFormSubmitsAndSeesTheTextEscaped() throws Exception {
        Peer.require(CHROMIUM, "chromium");
        try (LiveServer server = new LiveServer(dir)) {
            Process browser = new ProcessBuilder(CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--remote-debugging-address=127.0.0.1",
                    "--remote-debugging-port=0", "--user-data-dir=" + dir.resolve("profile"), "about:blank")
                    .redirectErrorStream(true).start();
            try {
                int port = devToolsPort(browser);
                HttpClient http = HttpClient.newHttpClient();
                String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher page = PAGE_WS.matcher(targets);
                assertTrue(page.find(), "no page target in " + targets);
                DevTools devtools = new DevTools();
                devtools.socket = http.newWebSocketBuilder().buildAsync(URI.create(page.group(1)), devtools).get(10, TimeUnit.SECONDS);

                devtools.call("Page.navigate", "{\"url\":\"" + server.url("/form") + "\"}");
                devtools.waitFor("document.readyState === 'complete' && !!document.querySelector('input[name=the-field]')");
                devtools.evaluate("document.querySelector('input[name=the-field]').focus()");
                devtools.call("Input.insertText", "{\"text\":\"<b>x</b> & y\"}");
                assertTrue(devtools.evaluate("document.querySelector('input[name=the-field]').value").contains("<b>x</b> & y"));
                devtools.evaluate("document.forms[0].submit()");
                devtools.waitFor("document.body !== null && document.body.innerText.indexOf('You submitted:') >= 0");
                assertTrue(devtools.evaluate("document.body.innerText").contains("You submitted: <b>x</b> & y"));
                assertTrue(devtools.evaluate("document.body.innerHTML").contains("You submitted: &lt;b&gt;x&lt;/b&gt; &amp; y"));
                assertTrue(devtools.evaluate("document.querySelector('b') === null").contains("\"value\":true"),
                        "the submitted markup became an element");
                devtools.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            } finally {
                browser.destroy();
                if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                    browser.destroyForcibly();
                }
            }
        }
    }

    /** Reads Chromium's output until it names its DevTools port. */
    private static int devToolsPort(Process browser) throws Exception {
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
                StringBuilder seen = new StringBuilder();
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        Thread drain = new Thread(() -> {
                            try {
                                r.transferTo(java.io.Writer.nullWriter());
                            } catch (java.io.IOException e) {
                                // the browser went away
                            }
                        });
                        drain.setDaemon(true);
                        drain.start();
                        return Integer.parseInt(m.group(2));
                    }
                    seen.append(line).append('\n');
                }
                throw new AssertionError("chromium exited without a DevTools port:\n" + seen);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return port.get(30, TimeUnit.SECONDS);
    }
}
