package dev.barron;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The maths the code cites is in the repository: every mention of MATH.md in code, kernels,
 * tests, help texts and benchmarks reads "docs/MATH.md section N[.M]" and names a section that
 * docs/MATH.md has (a heading "§N[.M]"), and the sections docs/MATH.md cites itself exist. A
 * renumbered section therefore fails here, not in a reader's hands.
 */
class MathReferencesTest {

    private static final Path DOC = Path.of("docs/MATH.md");
    private static final List<String> ROOTS = List.of("src", "kernels", "bench", "scripts", "README.md", "pom.xml");
    private static final Set<String> TEXT = Set.of(".java", ".cl", ".h", ".py", ".sh", ".md", ".xml");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{2,4} §(\\d+(?:\\.\\d+)*) ");
    private static final Pattern CITATION = Pattern.compile("docs/MATH\\.md section (\\d+(?:\\.\\d+)*)");

    private static Set<String> sections() throws IOException {
        Set<String> s = new TreeSet<>();
        Matcher m = HEADING.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (m.find()) {
            s.add(m.group(1));
        }
        return s;
    }

    private static List<Path> sources() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String root : ROOTS) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                files.filter(Files::isRegularFile)
                        .filter(p -> TEXT.stream().anyMatch(ext -> p.toString().endsWith(ext)))
                        .filter(p -> !p.toString().contains("target"))
                        .forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void everyMathReferenceNamesASectionThatExists() throws IOException {
        Set<String> sections = sections();
        assertTrue(sections.containsAll(List.of("1", "2", "2.1", "3", "4", "5", "5.1", "5.2")), "sections " + sections);
        List<String> bad = new ArrayList<>();
        int cited = 0;
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int mentions = count(line, "MATH.md");
                Matcher m = CITATION.matcher(line);
                int good = 0;
                while (m.find()) {
                    good += sections.contains(m.group(1)) ? 1 : 0;
                }
                // the (markdown) link to the file as a whole is allowed; anything else must name a section
                int links = count(line, "(docs/MATH.md)") + count(line, "[docs/MATH.md]");
                if (mentions != good + links && !p.endsWith("MathReferencesTest.java")) {
                    bad.add(p + ":" + (i + 1) + ": " + line.strip());
                }
                cited += good;
            }
        }
        assertTrue(bad.isEmpty(), "write \"docs/MATH.md section N\" with N one of " + sections + ":\n"
                + String.join("\n", bad));
        assertTrue(cited >= 30, "only " + cited + " citations found: is the scan looking at the sources?");
    }

    @Test
    void theSectionsDocsMathCitesItselfExist() throws IOException {
        Set<String> sections = sections();
        Matcher m = Pattern.compile("§(\\d+(?:\\.\\d+)*)").matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        Set<String> missing = new TreeSet<>();
        while (m.find()) {
            if (!sections.contains(m.group(1))) {
                missing.add(m.group(1));
            }
        }
        assertTrue(missing.isEmpty(), "docs/MATH.md cites sections it does not have: " + missing);
    }

    @Test
    void nothingSpeaksOfIssueNumbers() throws IOException {
        Pattern issue = Pattern.compile("(?i)\\bissues?\\s*#?\\d");
        List<String> found = new ArrayList<>();
        List<Path> files = sources();
        files.add(DOC);
        for (Path p : files) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (issue.matcher(lines.get(i)).find() && !p.endsWith("MathReferencesTest.java")) {
                    found.add(p + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(found.isEmpty(), "the project's texts speak of the project, not of issue numbers:\n"
                + String.join("\n", found));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }
}
