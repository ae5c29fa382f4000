package io.twisted.web.files;

import io.twisted.web.http.HttpDates;
import io.twisted.web.http.HttpStatus;
import io.twisted.web.resource.ErrorPage;
import io.twisted.web.resource.Html;
import io.twisted.web.resource.Resource;
import io.twisted.web.server.Request;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Serves a directory tree of static files (Twisted's {@code twisted.web.static.File}).
 *
 * <ul>
 *   <li>Content types from {@link MimeTypes} by file extension.</li>
 *   <li>Validators: a strong {@code ETag} (size and modification time) and {@code Last-Modified};
 *       {@code If-None-Match} (weak comparison, RFC 9110 section 13.1.2) and, without it,
 *       {@code If-Modified-Since} give 304 (section 13.2.2 order).</li>
 *   <li>{@code Range: bytes=} on GET (RFC 9110 section 14): one range gives 206 with
 *       {@code Content-Range}; several give 206 {@code multipart/byteranges}; none satisfiable
 *       gives 416 with {@code Content-Range: bytes *}{@code /size}. A syntactically invalid Range, or
 *       more than {@value #MAX_RANGES} ranges, is ignored (200), as section 14.2 allows;
 *       {@code If-Range} that does not match the ETag or date also means the whole file.</li>
 *   <li>Directories: without a trailing slash, 301 to the slashed URL; with one, the first index
 *       file ({@code index.html} by default) or a listing with escaped names.</li>
 *   <li>Never outside the root: segments {@code ..}, {@code .}, and segments holding a slash,
 *       backslash or NUL (an encoded {@code %2F} arrives decoded in one segment) are 404; a path
 *       whose real location (symbolic links resolved) is outside the root's real location is 404.</li>
 *   <li>Content is streamed by a push producer in {@value FileProducer#CHUNK_SIZE}-byte chunks,
 *       pausing with the connection, so memory stays bounded for any file size and client speed.</li>
 * </ul>
 */
public class File extends Resource {

    /** Most ranges honoured in one Range field. */
    public static final int MAX_RANGES = 32;

    private final Path root;
    private final Path path;
    private final StaticOptions options;

    /** Serves {@code root} with default options (index.html, listings on, default MIME types). */
    public File(Path root) {
        this(root, new StaticOptions());
    }

    /** Serves {@code root} with {@code options}. */
    public File(Path root, StaticOptions options) {
        this(absolute(root), absolute(root), options);
    }

    private File(Path root, Path path, StaticOptions options) {
        this.root = root;
        this.path = path;
        this.options = Objects.requireNonNull(options, "options");
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** The path this resource stands for. */
    public Path path() {
        return path;
    }

    @Override
    public Resource getChild(String segment, Request request) {
        if (segment.isEmpty()) {
            return this;
        }
        if (!isSafeSegment(segment) || !Files.isDirectory(path)) {
            return ErrorPage.noResource();
        }
        return new File(root, path.resolve(segment), options);
    }

    /** Whether a decoded path segment names an entry of a directory and nothing else. */
    static boolean isSafeSegment(String segment) {
        return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..") && segment.indexOf('/') < 0
                && segment.indexOf('\\') < 0 && segment.indexOf('\0') < 0;
    }

    @Override
    public Object renderGET(Request request) {
        Path real;
        try {
            real = path.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                return notFound(request);
            }
        } catch (NoSuchFileException e) {
            return notFound(request);
        } catch (IOException | SecurityException e) {
            return notFound(request);
        }
        if (Files.isDirectory(real)) {
            return renderDirectory(request, real);
        }
        if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
            return notFound(request);
        }
        return renderFile(request, real);
    }

    private static Object notFound(Request request) {
        return ErrorPage.noResource().render(request);
    }

    // ------------------------------------------------------------------ directories

    private Object renderDirectory(Request request, Path real) {
        List<String> prepath = request.prepath();
        boolean slashed = prepath.isEmpty() || prepath.get(prepath.size() - 1).isEmpty();
        if (!slashed) {
            String location = request.getPath() + "/" + (request.getQuery() != null ? "?" + request.getQuery() : "");
            request.setResponseCode(HttpStatus.MOVED_PERMANENTLY);
            request.setHeader("Location", location);
            request.setHeader("Content-Type", "text/html; charset=utf-8");
            return "<!DOCTYPE html>\n<html><body><a href=\"" + Html.escape(location) + "\">moved here</a></body></html>\n";
        }
        for (String index : options.indexNames()) {
            Path candidate = real.resolve(index);
            if (Files.isRegularFile(candidate)) {
                try {
                    if (candidate.toRealPath().startsWith(root.toRealPath())) {
                        return renderFile(request, candidate.toRealPath());
                    }
                } catch (IOException e) {
                    return notFound(request);
                }
            }
        }
        if (!options.directoryListing()) {
            return ErrorPage.forbidden().render(request);
        }
        return renderListing(request, real);
    }

    private Object renderListing(Request request, Path real) {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(real)) {
            s.sorted().forEach(entries::add);
        } catch (IOException e) {
            return ErrorPage.forbidden().render(request);
        }
        String shown = Html.escape(request.getPath());
        StringBuilder sb = new StringBuilder(1024);
        sb.append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Directory listing for ").append(shown)
                .append("</title></head>\n<body>\n<h1>Directory listing for ").append(shown)
                .append("</h1>\n<table>\n<tr><th>Filename</th><th>Size</th><th>Content type</th></tr>\n");
        for (Path p : entries) {
            String name = p.getFileName().toString();
            boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            String size = "";
            if (!dir) {
                try {
                    size = Long.toString(Files.size(p));
                } catch (IOException | UncheckedIOException e) {
                    size = "?";
                }
            }
            String href = UriPaths.encodeSegment(name) + (dir ? "/" : "");
            sb.append("<tr><td><a href=\"").append(Html.escape(href)).append("\">").append(Html.escape(name))
                    .append(dir ? "/" : "").append("</a></td><td>").append(size).append("</td><td>")
                    .append(dir ? "[Directory]" : Html.escape(options.mimeTypes().typeFor(name))).append("</td></tr>\n");
        }
        sb.append("</table>\n</body>\n</html>\n");
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return sb.toString();
    }

    // ------------------------------------------------------------------ files

    private Object renderFile(Request request, Path real) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(real, BasicFileAttributes.class);
        } catch (IOException e) {
            return notFound(request);
        }
        long size = attrs.size();
        Instant modified = attrs.lastModifiedTime().toInstant();
        long mtimeMillis = modified.toEpochMilli();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtimeMillis) + "\"";
        Instant modifiedSeconds = Instant.ofEpochSecond(modified.getEpochSecond());
        String type = options.mimeTypes().typeFor(real.getFileName().toString());

        request.setHeader("ETag", etag);
        request.setHeader("Last-Modified", HttpDates.format(modifiedSeconds));
        request.setHeader("Accept-Ranges", "bytes");

        if (notModified(request, etag, modifiedSeconds)) {
            request.setResponseCode(HttpStatus.NOT_MODIFIED);
            request.finish();
            return NOT_DONE_YET;
        }

        List<long[]> ranges = null;
        String rangeField = request.getHeader("Range");
        if (rangeField != null && request.getMethod().equals("GET") && ifRangeMatches(request, etag, modifiedSeconds)) {
            ranges = Ranges.parse(rangeField, size, MAX_RANGES);
        }
        List<FileProducer.Piece> pieces = new ArrayList<>();
        if (ranges == null) {
            request.setHeader("Content-Type", type);
            pieces.add(FileProducer.Piece.ofFile(0, size));
        } else if (ranges.isEmpty()) {
            request.setResponseCode(HttpStatus.RANGE_NOT_SATISFIABLE);
            request.setHeader("Content-Range", "bytes */" + size);
            request.setHeader("Content-Type", "text/html; charset=utf-8");
            return ErrorPage.page(416, "Range Not Satisfiable", "The requested range is not satisfiable.");
        } else if (ranges.size() == 1) {
            long[] r = ranges.get(0);
            request.setResponseCode(HttpStatus.PARTIAL_CONTENT);
            request.setHeader("Content-Type", type);
            request.setHeader("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
            pieces.add(FileProducer.Piece.ofFile(r[0], r[1] - r[0] + 1));
        } else {
            String boundary = "twisted" + Long.toHexString(etag.hashCode() & 0xffffffffL) + Long.toHexString(ranges.size());
            request.setResponseCode(HttpStatus.PARTIAL_CONTENT);
            request.setHeader("Content-Type", "multipart/byteranges; boundary=" + boundary);
            for (long[] r : ranges) {
                String partHead = "\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: bytes "
                        + r[0] + "-" + r[1] + "/" + size + "\r\n\r\n";
                pieces.add(FileProducer.Piece.ofBytes(partHead.getBytes(StandardCharsets.ISO_8859_1)));
                pieces.add(FileProducer.Piece.ofFile(r[0], r[1] - r[0] + 1));
            }
            pieces.add(FileProducer.Piece.ofBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        }
        long length = 0;
        for (FileProducer.Piece p : pieces) {
            length += p.length();
        }
        request.setHeader("Content-Length", Long.toString(length));
        if (request.getMethod().equals("HEAD") || length == 0) {
            request.finish();
            return NOT_DONE_YET;
        }
        RandomAccessFile file;
        try {
            file = new RandomAccessFile(real.toFile(), "r");
        } catch (IOException e) {
            request.getResponseHeaders().clear();
            request.setResponseCode(HttpStatus.NOT_FOUND);
            return notFound(request);
        }
        new FileProducer(request, file, pieces, request.getSite().reactor()).start();
        return NOT_DONE_YET;
    }

    private static boolean notModified(Request request, String etag, Instant modified) {
        String inm = request.getHeader("If-None-Match");
        if (inm != null) {
            String ours = weak(etag);
            for (String tag : request.getRequestHeaders().getAll("If-None-Match")) {
                for (String t : tag.split(",")) {
                    String candidate = t.trim();
                    if (candidate.equals("*") || weak(candidate).equals(ours)) {
                        return true;
                    }
                }
            }
            return false;
        }
        Instant since = HttpDates.parse(request.getHeader("If-Modified-Since"));
        return since != null && !modified.isAfter(since);
    }

    private static String weak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static boolean ifRangeMatches(Request request, String etag, Instant modified) {
        String ifRange = request.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(etag);
        }
        Instant date = HttpDates.parse(ifRange);
        return date != null && date.equals(modified);
    }

    @Override
    public String toString() {
        return "File[" + path + "]";
    }
}
