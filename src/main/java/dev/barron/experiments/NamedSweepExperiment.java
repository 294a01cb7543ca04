package dev.barron.experiments;

import java.util.List;

/**
 * A {@link SweepExperiment} whose name, description, parameters and result columns are fixed
 * values given at construction, as every experiment's are; subclasses add the rest.
 */
abstract class NamedSweepExperiment implements SweepExperiment {

    private final String name;
    private final String description;
    private final List<SweepParam> parameters;
    private final List<SweepColumn> results;

    NamedSweepExperiment(String name, String description, List<SweepParam> parameters, List<SweepColumn> results) {
        this.name = name;
        this.description = description;
        this.parameters = List.copyOf(parameters);
        this.results = List.copyOf(results);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<SweepParam> parameters() {
        return parameters;
    }

    @Override
    public final List<SweepColumn> results() {
        return results;
    }
}
