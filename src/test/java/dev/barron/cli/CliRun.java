package dev.barron.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line with its streams captured. */
record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BarronCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(status, out.toString(), err.toString());
    }

    /** stderr without the notices a backend may print (lines starting "note:"). */
    String errWithoutNotices() {
        StringBuilder b = new StringBuilder();
        for (String line : err.split("\\R")) {
            if (!line.startsWith("note:") && !line.isEmpty()) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
