package io.twisted.web.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link File} tree serves: index file names (default {@code index.html}), whether
 * directories without one are listed (default yes), and the {@link MimeTypes}.
 */
public final class StaticOptions {

    private final List<String> indexNames = new ArrayList<>(List.of("index.html"));
    private boolean directoryListing = true;
    private final MimeTypes mimeTypes = new MimeTypes();

    /** The index file names tried in order. */
    public List<String> indexNames() {
        return indexNames;
    }

    /** Replaces the index file names. */
    public StaticOptions setIndexNames(List<String> names) {
        indexNames.clear();
        indexNames.addAll(Objects.requireNonNull(names));
        return this;
    }

    /** Whether directories without an index are listed. */
    public boolean directoryListing() {
        return directoryListing;
    }

    /** Sets whether directories without an index are listed. */
    public StaticOptions setDirectoryListing(boolean on) {
        this.directoryListing = on;
        return this;
    }

    /** The MIME type table (mutable: add types with {@link MimeTypes#put}). */
    public MimeTypes mimeTypes() {
        return mimeTypes;
    }
}
