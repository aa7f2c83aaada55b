package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.reader.PlannedRange.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtentPlannerTest {
    private static final int DATA = 0;
    private static final int HOLE_ZERO = 3;
    private static final int ZERO = 2;
    private static final int HOLE_ONLY = 1;

    @Test
    void fullReadsDataAndHolesEverythingThatReadsAsZero() {
        List<PlannedRange> plan = ExtentPlanner.full(List.of(new NbdExtent(0, 100, DATA),
                new NbdExtent(100, 50, HOLE_ZERO), new NbdExtent(150, 50, ZERO), new NbdExtent(200, 10, HOLE_ONLY),
                new NbdExtent(210, 90, DATA)));
        assertEquals(List.of(new PlannedRange(0, 100, Action.READ), new PlannedRange(100, 100, Action.HOLE),
                new PlannedRange(200, 100, Action.READ)), plan, "a hole without the zero flag is read");
        assertEquals(200, ExtentPlanner.readBytes(plan));
    }

    @Test
    void wholeReadsDataAndZeroesEverythingThatReadsAsZeroWithoutHoles() {
        List<PlannedRange> plan = ExtentPlanner.whole(List.of(new NbdExtent(0, 100, DATA),
                new NbdExtent(100, 50, HOLE_ZERO), new NbdExtent(150, 50, ZERO), new NbdExtent(200, 10, HOLE_ONLY)));
        assertEquals(List.of(new PlannedRange(0, 100, Action.READ), new PlannedRange(100, 100, Action.ZERO),
                new PlannedRange(200, 10, Action.READ)), plan);
    }

    @Test
    void changedKeepsOnlyDirtyRangesAndZeroesWhatReadsAsZero() {
        List<NbdExtent> bitmap = List.of(new NbdExtent(0, 64, 0), new NbdExtent(64, 128, 1), new NbdExtent(192, 64, 0),
                new NbdExtent(256, 64, 1));
        List<NbdExtent> alloc = List.of(new NbdExtent(0, 96, DATA), new NbdExtent(96, 64, ZERO),
                new NbdExtent(160, 120, HOLE_ZERO), new NbdExtent(280, 40, DATA));
        assertEquals(List.of(new PlannedRange(64, 32, Action.READ), new PlannedRange(96, 96, Action.ZERO),
                        new PlannedRange(256, 24, Action.ZERO), new PlannedRange(280, 40, Action.READ)),
                ExtentPlanner.changed(bitmap, alloc));
    }

    @Test
    void changedReadsWhereTheAllocationMapSaysNothing() {
        assertEquals(List.of(new PlannedRange(0, 64, Action.READ)),
                ExtentPlanner.changed(List.of(new NbdExtent(0, 64, 1)), List.of()));
        assertEquals(List.of(), ExtentPlanner.changed(List.of(new NbdExtent(0, 64, 0)), List.of()));
    }
}
