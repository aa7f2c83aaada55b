package io.vmferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final long G = 1L << 30;

    @Test
    void showsShareSizesRateAndTimeLeft() {
        // a quarter of 8 GiB in 20 s: 107 MB/s, the other 6 GiB in 60 s
        assertEquals("[########......................]  25% 2 GiB/8 GiB 107 MB/s 1:00 left",
                ProgressBar.line(2 * G, 8 * G, 20));
        assertEquals("[###############...............]  50% 1 GiB/2 GiB 0.3 MB/s 1:06:40 left",
                ProgressBar.line(G, 2 * G, 4000));
    }

    @Test
    void noTimeLeftBeforeTheFirstByteOrAtTheEnd() {
        assertEquals("[..............................]   0% 0 B/1 GiB 0.0 MB/s", ProgressBar.line(0, G, 3));
        assertEquals("[##############################] 100% 1 GiB/1 GiB 358 MB/s", ProgressBar.line(G, G, 3));
        assertEquals("[..............................]   0% 0 B/0 B 0.0 MB/s", ProgressBar.line(0, 0, 0));
    }
}
