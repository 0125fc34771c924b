package io.seqmnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * .github/workflows/ci.yml cannot run here, so this reads it: each of the four platforms README names has a job that
 * runs the tests, packages the jar, runs the jar and runs that system's launcher, in that order, with no condition that
 * could leave one out; Maven's downloads are cached and the job has a time limit.
 */
class WorkflowTest {

    static final Path WORKFLOW = Path.of(".github/workflows/ci.yml");
    static final Set<String> PLATFORMS = Set.of("ubuntu-latest", "ubuntu-24.04-arm", "macos-latest", "windows-latest");
    static final Pattern MATRIX = Pattern.compile("\\$\\{\\{\\s*matrix\\.([\\w-]+)\\s*}}");

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... keys) {
        Object here = node;
        for (String key : keys) {
            assertTrue(here instanceof Map, "no map at " + key + " in " + WORKFLOW);
            here = ((Map<String, Object>) here).get(key);
            assertNotNull(here, WORKFLOW + ": no " + String.join(".", keys));
        }
        return (T) here;
    }

    static Map<String, Object> job() throws Exception {
        try (Reader in = Files.newBufferedReader(WORKFLOW)) {
            Map<String, Object> workflow = new Yaml().load(in);
            return at(workflow, "jobs", "test");
        }
    }

    /** A step's command for one matrix entry, each ${{ matrix.KEY }} replaced by the entry's value. */
    static String command(Map<String, Object> step, Map<String, Object> entry) {
        Matcher m = MATRIX.matcher(String.valueOf(step.get("run")));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            assertTrue(entry.containsKey(m.group(1)), entry.get("os") + " has no matrix." + m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(entry.get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString().trim();
    }

    @Test
    void eachOfTheFourPlatformsTestsPackagesAndRunsTheJarAndItsLauncher() throws Exception {
        Map<String, Object> job = job();
        List<Map<String, Object>> entries = at(job, "strategy", "matrix", "include");
        assertEquals(
                PLATFORMS, entries.stream().map(e -> (String) e.get("os")).collect(Collectors.toSet()), "the jobs");
        assertEquals("${{ matrix.os }}", job.get("runs-on"));
        List<Map<String, Object>> steps = at(job, "steps");
        for (Map<String, Object> entry : entries) {
            String os = (String) entry.get("os");
            boolean windows = os.startsWith("windows");
            String mvnw = windows ? ".\\mvnw.cmd" : "./mvnw";
            String launcher = windows ? "bin\\seqmnist.cmd" : "bin/seqmnist";
            List<String> wanted = List.of(
                    mvnw + " -B test",
                    mvnw + " -B package -DskipTests",
                    "java -jar target/seqmnist.jar info --data-dir data/mnist",
                    launcher + " shapes");
            List<String> commands = new ArrayList<>();
            for (Map<String, Object> step : steps) {
                if (step.containsKey("run")) {
                    String command = command(step, entry);
                    if (wanted.contains(command)) {
                        assertFalse(step.containsKey("if"), os + ": '" + command + "' must run unconditionally");
                    }
                    commands.add(command);
                }
            }
            List<String> found = commands.stream().filter(wanted::contains).toList();
            assertEquals(wanted, found, os + ": the test, package, jar and launcher steps, in that order");
        }
        for (String file : List.of("mvnw", "mvnw.cmd", "bin/seqmnist", "bin/seqmnist.cmd")) {
            assertTrue(Files.isRegularFile(Path.of(file)), file + ", which the workflow runs");
        }
    }

    @Test
    void mavenIsCachedDataFetchedOnceAndTheJobHasATimeLimit() throws Exception {
        Map<String, Object> job = job();
        assertTrue(job.get("timeout-minutes") instanceof Integer minutes && minutes > 0, "timeout-minutes");
        List<Map<String, Object>> steps = at(job, "steps");
        Map<String, Object> java = steps.stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("actions/setup-java@"))
                .findFirst()
                .orElseThrow();
        assertEquals("maven", at(java, "with", "cache"));
        int dataCache = -1;
        int tests = -1;
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            if (String.valueOf(step.get("uses")).startsWith("actions/cache@")
                    && "data".equals(at(step, "with", "path"))) {
                dataCache = i;
            }
            if (String.valueOf(step.get("run")).endsWith(" -B test") && tests < 0) {
                tests = i;
            }
        }
        assertTrue(dataCache >= 0 && dataCache < tests, "data/ restored from the cache before the tests");
    }
}
