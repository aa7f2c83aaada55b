package io.vmferry.convert;

import io.vertx.core.json.JsonObject;
import io.vmferry.stream.api.StreamHeader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the convert service's {@link ImageSink} puts a stream: the sender names it in the stream
 * header's metadata, {@code {"convert": {"target": "/path/disk.qcow2", "format": "qcow2",
 * "options": {"cluster_size": "65536"}}}} ({@code format} and {@code options} optional). A stream
 * without it is refused before anything is written.
 */
final class ConvertSink {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConvertSink.class);
    /** Metadata key holding the target description. */
    static final String METADATA_KEY = "convert";

    private ConvertSink() {
    }

    /** The target named by {@code header}'s metadata. */
    static SinkTarget target(StreamHeader header) {
        JsonObject convert = header.metadata().getJsonObject(METADATA_KEY);
        if (convert == null || convert.getString("target") == null) {
            throw new IllegalArgumentException("stream of " + header.vmKey() + " " + header.diskName()
                    + " has no \"" + METADATA_KEY + "\": {\"target\": ...} in its metadata");
        }
        Map<String, String> options = new LinkedHashMap<>();
        JsonObject o = convert.getJsonObject("options", new JsonObject());
        o.forEach(e -> options.put(e.getKey(), String.valueOf(e.getValue())));
        return new SinkTarget(Path.of(convert.getString("target")), convert.getString("format"), options);
    }

    /** Logs a landed stream. */
    static void landed(StreamHeader header, ConversionResult r) {
        LOGGER.info("[{}] stream {} {} landed as {} {} ({} bytes, sha256 {})", header.jobId(), header.vmKey(),
                header.diskName(), r.targetFormat(), r.target(), r.outputBytes(), r.sha256());
    }
}
