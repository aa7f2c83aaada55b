package io.vmferry.bus.events;

/**
 * Payload of {@code conversions.completed}: the answer to one {@code conversions.requested}.
 *
 * @param requestId   id of the request event
 * @param ok          true when the target was written completely
 * @param error       one-line reason when {@code ok} is false, else null
 * @param target      path of the file written
 * @param format      format written
 * @param virtualSize guest-visible size in bytes
 * @param outputBytes size of the target file
 * @param sha256      SHA-256 (lower-case hex) of the target file
 * @param seconds     wall time of the conversion
 */
public record ConversionCompleted(String requestId, boolean ok, String error, String target, String format,
                                  long virtualSize, long outputBytes, String sha256, double seconds) {

    /** A failed answer to {@code requestId}. */
    public static ConversionCompleted failed(String requestId, String target, String error) {
        return new ConversionCompleted(requestId, false, error, target, null, 0, 0, null, 0);
    }
}
