package dev.barron.train;

import dev.barron.backend.Backend;
import dev.barron.model.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * Many independent runs of one shape. Every ensemble engine returns what
 * {@link #one} returns for each run: the single-run trainer is the definition.
 */
public final class Ensembles {

    private Ensembles() {
    }

    /** One run with the single-run trainer on backend. */
    public static EnsembleResult one(Backend backend, EnsembleRun run) {
        return EnsembleResult.of(new Trainer(backend, run.trainerConfig()).run(run.initial(), run.teacher(), 0, null));
    }

    /** The runs one after the other: the engine of a backend without its own. */
    public static List<EnsembleResult> sequential(Backend backend, List<EnsembleRun> runs) {
        requireOneShape(runs);
        List<EnsembleResult> out = new ArrayList<>(runs.size());
        for (EnsembleRun r : runs) {
            out.add(one(backend, r));
        }
        return out;
    }

    /** Fails naming the first run whose shape (m, k, d), scaling or activation differs from the first's. */
    public static void requireOneShape(List<EnsembleRun> runs) {
        if (runs == null) {
            throw Check.bad("runs", "null", "a list of runs is required");
        }
        if (runs.isEmpty()) {
            return;
        }
        EnsembleRun first = runs.get(0);
        for (int i = 1; i < runs.size(); i++) {
            EnsembleRun r = runs.get(i);
            if (!r.shape().equals(first.shape()) || r.initial().scaling() != first.initial().scaling()
                    || r.initial().activation() != first.initial().activation()) {
                throw Check.bad("ensemble run " + i, r.shape(), "must have the first run's shape m x k x d = "
                        + first.shape() + ", scaling and activation");
            }
        }
    }
}
