package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZeroScannerTest {

    private static List<String> runs(byte[] bytes, int from, int length, long disk) {
        List<String> out = new ArrayList<>();
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).position(3); // position is ignored
        ZeroScanner.scan(direct, from, length, disk,
                (d, f, l, zero) -> out.add((zero ? "Z" : "D") + d + "+" + l + "@" + f));
        return out;
    }

    @Test
    void alignedBlocksAlternate() {
        byte[] b = new byte[5 * 4096];
        b[0] = 1;
        b[3 * 4096 + 17] = 1;
        assertEquals(List.of("D0+4096@0", "Z4096+8192@4096", "D12288+4096@12288", "Z16384+4096@16384"),
                runs(b, 0, b.length, 0));
    }

    @Test
    void blocksAlignToDiskOffsetsNotToTheArray() {
        byte[] b = new byte[10000];
        b[5000] = 7;
        // disk offset 2048: blocks end at disk 4096, 8192, 12288 -> array 2048, 6144, 10000
        assertEquals(List.of("Z2048+2048@0", "D4096+4096@2048", "Z8192+3856@6144"), runs(b, 0, b.length, 2048));
    }

    @Test
    void allDataAndAllZeroAreOneRun() {
        byte[] zeros = new byte[3 * 4096];
        assertEquals(List.of("Z0+12288@0"), runs(zeros, 0, zeros.length, 0));
        byte[] data = new byte[3 * 4096];
        java.util.Arrays.fill(data, (byte) 9);
        assertEquals(List.of("D4096+8192@4096"), runs(data, 4096, 8192, 4096));
    }
}
