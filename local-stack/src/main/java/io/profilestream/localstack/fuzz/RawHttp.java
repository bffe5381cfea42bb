package io.profilestream.localstack.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends bytes java.net.http would refuse over a plain socket and reads the answer's status line,
 * Content-Type and body. Half-closes after writing, so the server answers and closes.
 */
final class RawHttp {

    /** What came back: status -1 when the server closed without a status line. */
    record Answer(int status, String contentType, String body) {
    }

    private static final int TIMEOUT_MS = 10_000;
    private static final int MAX_READ = 64 * 1024;

    private RawHttp() {
    }

    static Answer send(URI base, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; got.size() < MAX_READ && (n = in.read(buffer)) >= 0; ) {
                    got.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                if (got.size() == 0) {
                    throw e;
                }
                // A status line came (a keep-alive server that did not close): enough to classify.
            }
            return parse(got.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * The status line, Content-Type and (de-chunked) body. Status 0: bytes came back without a
     * status line (an HTTP/0.9-style answer to a request line without version); -1: nothing came.
     */
    static Answer parse(String response) {
        if (!response.startsWith("HTTP/1.")) {
            return new Answer(response.isEmpty() ? -1 : 0, null, response);
        }
        int lineEnd = response.indexOf("\r\n");
        String[] statusLine = response.substring(0, lineEnd < 0 ? response.length() : lineEnd).split(" ", 3);
        int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1].trim()) : -1;
        int headersEnd = response.indexOf("\r\n\r\n");
        String head = headersEnd < 0 ? response : response.substring(0, headersEnd);
        String contentType = null;
        boolean chunked = false;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).trim();
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        String body = headersEnd < 0 ? "" : response.substring(headersEnd + 4);
        return new Answer(status, contentType, chunked ? dechunk(body) : body);
    }

    /** The chunks' data; stops at the last chunk or at anything that is not a chunk. */
    static String dechunk(String body) {
        StringBuilder data = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                return data.toString();
            }
            int size;
            try {
                size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                return data.toString();
            }
            int start = lineEnd + 2;
            if (size == 0 || start + size > body.length()) {
                return data.append(body, start, Math.min(body.length(), start + size)).toString();
            }
            data.append(body, start, start + size);
            at = start + size + 2;
        }
    }
}
