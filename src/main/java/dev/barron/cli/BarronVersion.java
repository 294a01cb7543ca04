package dev.barron.cli;

import dev.barron.io.BuildInfo;
import picocli.CommandLine;

/** The text of --version on every command. */
public final class BarronVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{
                "barron " + BuildInfo.version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
