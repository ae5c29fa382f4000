package io.twisted.web.files;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** File extension to media type, with common web types built in and a default for the rest. */
public final class MimeTypes {

    private final Map<String, String> types = new HashMap<>();
    private String defaultType = "application/octet-stream";

    /** The built-in table. */
    public MimeTypes() {
        String[][] builtIn = {
            {"html", "text/html; charset=utf-8"}, {"htm", "text/html; charset=utf-8"}, {"css", "text/css"},
            {"js", "text/javascript"}, {"mjs", "text/javascript"}, {"json", "application/json"},
            {"txt", "text/plain"}, {"md", "text/markdown"}, {"csv", "text/csv"}, {"xml", "application/xml"},
            {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
            {"svg", "image/svg+xml"}, {"ico", "image/vnd.microsoft.icon"}, {"webp", "image/webp"},
            {"pdf", "application/pdf"}, {"zip", "application/zip"}, {"gz", "application/gzip"},
            {"tar", "application/x-tar"}, {"mp3", "audio/mpeg"}, {"mp4", "video/mp4"}, {"webm", "video/webm"},
            {"wasm", "application/wasm"}, {"woff", "font/woff"}, {"woff2", "font/woff2"},
        };
        for (String[] e : builtIn) {
            types.put(e[0], e[1]);
        }
    }

    /** Maps extension {@code ext} (with or without the dot) to {@code type}. */
    public MimeTypes put(String ext, String type) {
        types.put(strip(ext), type);
        return this;
    }

    /** Sets the type for unknown extensions (default {@code application/octet-stream}). */
    public MimeTypes setDefaultType(String type) {
        this.defaultType = type;
        return this;
    }

    /** The type for a file name. */
    public String typeFor(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return defaultType;
        }
        return types.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), defaultType);
    }

    private static String strip(String ext) {
        return (ext.startsWith(".") ? ext.substring(1) : ext).toLowerCase(Locale.ROOT);
    }
}
