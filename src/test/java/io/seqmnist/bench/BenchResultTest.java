package io.seqmnist.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchResultTest {

    @Test
    void headerIsTheIssuesAndRowsRoundTrip() {
        assertEquals(
                "model,batch_size,threads,ms_per_step_median,ms_per_step_p10,"
                        + "ms_per_step_p90,eval_images_per_second,peak_rss_mb,outside_engine_share",
                BenchResult.CSV_HEADER);
        BenchResult r = new BenchResult("gru", 64, 1, 15.25, 14.5, 17.125, 5321.4, 612.34, 0.0712);
        assertEquals("gru,64,1,15.250,14.500,17.125,5321,612.3,0.0712", r.csvRow());
        BenchResult back = BenchResult.parse(r.csvRow());
        assertEquals(r.model(), back.model());
        assertEquals(15.25, back.msPerStepMedian(), 1e-9);
        assertEquals(0.0712, back.outsideEngineShare(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> BenchResult.parse("gru,64,1"));
    }

    @Test
    void tableHasOneLinePerModel() {
        String table = BenchResult.table(List.of(
                new BenchResult("rnn", 64, 1, 6.1, 5.9, 6.8, 20000, 480, 0.05),
                new BenchResult("lstm", 64, 1, 9.2, 9.0, 9.9, 15000, 500, 0.04)));
        String[] lines = table.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[1].startsWith("rnn ") && lines[1].contains("6.10"), lines[1]);
        assertTrue(lines[2].startsWith("lstm ") && lines[2].contains("9.20"), lines[2]);
    }

    @Test
    void peakMemoryASystemDoesNotGiveIsSaidToBeNotAvailableHere() {
        BenchResult withPeak = new BenchResult("rnn", 64, 1, 6.1, 5.9, 6.8, 20000, 480, 0.05);
        BenchResult without = new BenchResult("gru", 64, 1, 9.2, 9.0, 9.9, 15000, Double.NaN, 0.04);
        assertFalse(BenchResult.table(List.of(withPeak)).contains("not available here"));
        List<String> lines =
                BenchResult.table(List.of(withPeak, without)).lines().toList();
        assertEquals("peak memory: not available here (Linux's /proc only)", lines.get(lines.size() - 1));
        assertTrue(Double.isNaN(BenchResult.parse(without.csvRow()).peakRssMb()), without.csvRow());
    }

    @Test
    void processMemoryIsThereExactlyWhereProcIs() {
        boolean linux = System.getProperty("os.name").startsWith("Linux");
        assertEquals(linux, ProcessMemory.available());
        assertEquals(linux, !Double.isNaN(ProcessMemory.peakResidentMb()));
    }
}
