package io.vmferry.snapshot;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a bitmap name means for one destination's change tracking ({@link Names}): a live tracking bitmap, a frozen
 * copy of one taken at a checkpoint, or the label naming the checkpoint a live bitmap's changes start at.
 *
 * @param live       the live bitmap the name belongs to ({@code vmferry-<destination>-inc} or {@code -diff})
 * @param checkpoint the checkpoint of a frozen copy or label, null for the live bitmap
 */
record BitmapName(String name, String live, Role role, String checkpoint) {

    enum Role { LIVE, FROZEN, SINCE }

    /** The meaning of {@code name} for {@code destination}'s bitmaps, or empty when it is none of them. */
    static Optional<BitmapName> parse(String destination, String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (String live : new String[] {Names.incBitmap(destination), Names.diffBitmap(destination)}) {
            if (name.equals(live)) {
                return Optional.of(new BitmapName(name, live, Role.LIVE, null));
            }
            Matcher m = Pattern.compile(Pattern.quote(live) + "-(since-)?(" + Names.CHECKPOINT_PATTERN + ")")
                    .matcher(name);
            if (m.matches()) {
                return Optional.of(new BitmapName(name, live, m.group(1) != null ? Role.SINCE : Role.FROZEN,
                        m.group(2)));
            }
        }
        return Optional.empty();
    }
}
