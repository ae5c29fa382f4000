package io.twisted.benchmarks;

import io.twisted.amp.wire.AmpBox;
import io.twisted.amp.wire.AmpBoxDecoder;
import io.twisted.names.dns.DnsMessage;
import io.twisted.names.dns.DnsMessageCodec;
import io.twisted.names.dns.DnsQuestion;
import io.twisted.names.dns.DnsType;
import io.twisted.web.http.HttpHeaders;
import io.twisted.web.http.HttpMessageListener;
import io.twisted.web.http.HttpParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The protocol codecs on their hot paths: HTTP request parsing, DNS message encode/decode, AMP box parse/encode. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CodecBenchmark {

    private ByteBuffer httpRequest;
    private HttpParser parser;
    private long seen;
    private DnsMessage query;
    private byte[] queryBytes;
    private ByteBuffer ampBytes;
    private AmpBox box;

    @Setup
    public void setUp() {
        String req = "GET /index.html?q=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\nAccept: */*\r\n"
                + "Accept-Encoding: gzip\r\nConnection: keep-alive\r\nCookie: a=b; c=d\r\n\r\n";
        httpRequest = ByteBuffer.allocateDirect(req.length());
        httpRequest.put(req.getBytes(StandardCharsets.US_ASCII)).flip();
        parser = new HttpParser(HttpParser.Mode.REQUEST, new HttpMessageListener() {
            @Override
            public void headersComplete(HttpHeaders headers) {
                seen++;
            }

            @Override
            public void bodyData(ByteBuffer data) {
                seen += data.remaining();
            }

            @Override
            public void messageComplete(HttpHeaders trailers) {
                seen++;
            }
        });
        query = DnsMessage.query(4242, DnsQuestion.of("www.example.com.", DnsType.A));
        queryBytes = DnsMessageCodec.encode(query);
        box = new AmpBox().putAscii("_command", "Sum").putAscii("_ask", "17").putAscii("a", "13").putAscii("b", "81");
        byte[] encoded = box.encode();
        ampBytes = ByteBuffer.allocateDirect(encoded.length);
        ampBytes.put(encoded).flip();
    }

    /** One keep-alive GET with six header fields, start line to end of message. */
    @Benchmark
    public long httpParseRequest() {
        parser.reset();
        parser.feed(httpRequest.duplicate());
        return seen;
    }

    @Benchmark
    public byte[] dnsEncodeQuery() {
        return DnsMessageCodec.encode(query);
    }

    @Benchmark
    public DnsMessage dnsDecodeQuery() {
        return DnsMessageCodec.decode(queryBytes);
    }

    @Benchmark
    public AmpBox ampParseBox() {
        return new AmpBoxDecoder().decode(ampBytes.duplicate());
    }

    @Benchmark
    public byte[] ampEncodeBox() {
        return box.encode();
    }
}
