package io.twisted.web.resource;

import io.twisted.web.server.ContentEncoder;
import io.twisted.web.server.EncoderFactory;
import io.twisted.web.server.Request;
import java.util.List;

/**
 * Renders a resource with the first content coding the request accepts (Twisted's
 * {@code EncodingResourceWrapper}):
 * {@code new EncodingResourceWrapper(page, List.of(new GzipEncoderFactory()))}. Children are
 * looked up on the wrapped resource and are not encoded. Do not wrap resources that answer
 * ranges (a {@code File}): ranges would apply to the unencoded content.
 */
public final class EncodingResourceWrapper extends Resource {

    private final Resource wrapped;
    private final List<EncoderFactory> factories;

    /** Wraps {@code wrapped}; the first factory that accepts the request encodes it. */
    public EncodingResourceWrapper(Resource wrapped, List<EncoderFactory> factories) {
        this.wrapped = wrapped;
        this.factories = List.copyOf(factories);
    }

    @Override
    public boolean isLeaf() {
        return wrapped.isLeaf();
    }

    @Override
    public Resource getChildWithDefault(String path, Request request) {
        return wrapped.getChildWithDefault(path, request);
    }

    @Override
    public Object render(Request request) {
        for (EncoderFactory f : factories) {
            ContentEncoder encoder = f.encoderForRequest(request);
            if (encoder != null) {
                request.setEncoder(encoder);
                break;
            }
        }
        return wrapped.render(request);
    }

    @Override
    public boolean streamsRequestBody(Request request) {
        return wrapped.streamsRequestBody(request);
    }

    @Override
    public List<String> allowedMethods() {
        return wrapped.allowedMethods();
    }
}
