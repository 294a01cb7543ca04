package dev.barron.backend.opencl;

import dev.barron.backend.Backend;
import dev.barron.backend.StepStats;
import dev.barron.backend.program.EnsembleLayout.Config;
import dev.barron.backend.program.EnsembleLayout.State;
import dev.barron.backend.program.EnsembleLayout.Status;
import dev.barron.backend.program.Kernel;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;
import dev.barron.train.LearningRate;
import dev.barron.train.StopReason;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device ensemble (docs/ENSEMBLES.md, section OpenCL engine): up to {@link #SLOTS} runs
 * resident at once, one work-group each (kernels/ensemble.cl), {@link #CHUNK} steps per launch
 * with the stop rules and the guard on the device. After each launch only the state rows come
 * back; a finished run's W and a are read, its slot refilled with the next waiting run, until
 * every run is done. A run whose rows leave the kernel's range is trained again by the
 * single-run trainer on the backend.
 */
final class ClEnsemble {

    /**
     * Steps per launch (-Dbarron.opencl.ensembleChunk, default 512): long enough to hide a launch
     * and a read, short enough to refill slots often.
     */
    static final String CHUNK = "barron.opencl.ensembleChunk";
    /** Runs resident at once (-Dbarron.opencl.ensembleSlots, default 2048): enough groups to fill a GPU. */
    static final String SLOTS = "barron.opencl.ensembleSlots";

    private final Backend backend;
    private final ClQueue q;
    private final List<EnsembleRun> runs;
    private final int m;
    private final int k;
    private final int d;
    private final int slots;
    private final int chunk;
    private final Map<String, DeviceBuffer> bufs;
    private final int[] slotRun;
    private final EnsembleResult[] out;
    private int next;

    private ClEnsemble(Backend backend, ClQueue q, List<EnsembleRun> runs) {
        this.backend = backend;
        this.q = q;
        this.runs = runs;
        Network first = runs.get(0).initial();
        m = first.width();
        k = runs.get(0).teacher().size();
        d = first.inputDim();
        slots = Math.min(runs.size(), Math.max(1, Integer.getInteger(SLOTS, 2048)));
        chunk = Math.max(1, Integer.getInteger(CHUNK, 512));
        bufs = new HashMap<>();
        slotRun = new int[slots];
        out = new EnsembleResult[runs.size()];
    }

    /**
     * Whether the kernel covers these runs: f64, relu, a constant step (the guard's halvings
     * aside). Others take the single-run trainer.
     */
    static boolean suits(List<EnsembleRun> runs, Precision precision) {
        if (runs.isEmpty() || precision != Precision.F64) {
            return false;
        }
        for (EnsembleRun r : runs) {
            LearningRate lr = r.lr();
            if (r.initial().activation() != Activation.RELU
                    || !(lr.decayEvery() == 0 || lr.decayFactor() == 1.0) || r.stop().maxSteps() > 1L << 52) {
                return false;
            }
        }
        return true;
    }

    static List<EnsembleResult> train(Backend backend, ClQueue q, List<EnsembleRun> runs) {
        ClEnsemble e = new ClEnsemble(backend, q, runs);
        try {
            e.allocate();
            return e.drain();
        } finally {
            e.bufs.values().forEach(DeviceBuffer::close);
        }
    }

    private void allocate() {
        long md = (long) slots * m * d;
        bufs.put("w", q.alloc(md));
        bufs.put("a", q.alloc((long) slots * m));
        bufs.put("w0", q.alloc(md));
        bufs.put("a0", q.alloc((long) slots * m));
        bufs.put("v", q.alloc((long) slots * k * d));
        bufs.put("b", q.alloc((long) slots * k));
        bufs.put("cfg", q.alloc((long) slots * Config.SIZE));
        bufs.put("state", q.alloc((long) slots * State.SIZE));
        bufs.put("gradW", q.alloc(md));
        bufs.put("rows", q.alloc((long) slots * (4L * m + k)));
    }

    private List<EnsembleResult> drain() {
        int live = 0;
        for (int s = 0; s < slots; s++) {
            live += refill(s) ? 1 : 0;
        }
        while (live > 0) {
            launch();
            double[] state = q.read(bufs.get("state"), 0, slots * State.SIZE);
            for (int s = 0; s < slots; s++) {
                int code = (int) state[s * State.SIZE + State.STATUS.ordinal()];
                if (slotRun[s] >= 0 && code != Status.RUNNING.code()) {
                    retire(s, code, state);
                    live -= refill(s) ? 0 : 1;
                }
            }
        }
        return List.of(out);
    }

    private void launch() {
        ClQueue.Launch l = q.launch(Kernel.ENSEMBLE_GD.source());
        Network first = runs.get(0).initial();
        Map<String, Object> ints = Map.of("m", m, "k", k, "d", d, "steps", chunk);
        for (var arg : Kernel.ENSEMBLE_GD.args()) {
            if (bufs.containsKey(arg.name())) {
                l.mem(bufs.get(arg.name()));
            } else if (arg.name().equals("s")) {
                l.r(first.scale());
            } else {
                l.i((Integer) ints.get(arg.name()));
            }
        }
        l.groups(slots, groupSize());
    }

    /** The smallest power of two covering the rows of a run, within the device's group size. */
    private long groupSize() {
        long g = 1;
        while (g < Math.max(m, k) && g < q.program.group()) {
            g <<= 1;
        }
        return g;
    }

    private void retire(int s, int code, double[] state) {
        int i = slotRun[s];
        EnsembleRun r = runs.get(i);
        int at = s * State.SIZE;
        if (code == Status.OUT_OF_RANGE.code()) {
            out[i] = Ensembles.one(backend, r);
            slotRun[s] = -1;
            return;
        }
        StepStats stats = new StepStats(state[at + State.LOSS.ordinal()], state[at + State.MAX_NEURON.ordinal()],
                state[at + State.GRAD_NORM.ordinal()]);
        long steps = (long) state[at + State.STEP.ordinal()];
        int restarts = (int) state[at + State.RESTARTS.ordinal()];
        StopReason reason = reasonOf(code);
        Network net = null;
        if (reason != StopReason.DIVERGED) {
            double[] w = q.read(bufs.get("w"), (long) s * m * d, m * d);
            double[] a = q.read(bufs.get("a"), (long) s * m, m);
            net = r.initial().withWeights(new Matrix(m, d, w), a);
        }
        out[i] = new EnsembleResult(reason, steps, stats, net, restarts);
        slotRun[s] = -1;
    }

    private static StopReason reasonOf(int code) {
        if (code == Status.GRADIENT.code()) {
            return StopReason.GRADIENT;
        } else if (code == Status.LOSS.code()) {
            return StopReason.LOSS;
        } else if (code == Status.BUDGET.code()) {
            return StopReason.BUDGET;
        } else if (code == Status.DIVERGED.code()) {
            return StopReason.DIVERGED;
        }
        throw new IllegalStateException("ensemble_gd: unknown status " + code);
    }

    /** Loads the next waiting run into slot s; false (the slot left stopped) when none waits. */
    private boolean refill(int s) {
        if (next >= runs.size()) {
            slotRun[s] = -1;
            return false;
        }
        int i = next++;
        EnsembleRun r = runs.get(i);
        slotRun[s] = i;
        double[] w = r.initial().w().data();
        q.write(bufs.get("w"), (long) s * m * d, w, 0, m * d);
        q.write(bufs.get("w0"), (long) s * m * d, w, 0, m * d);
        q.write(bufs.get("a"), (long) s * m, r.initial().a(), 0, m);
        q.write(bufs.get("a0"), (long) s * m, r.initial().a(), 0, m);
        q.write(bufs.get("v"), (long) s * k * d, r.teacher().v().data(), 0, k * d);
        q.write(bufs.get("b"), (long) s * k, r.teacher().b(), 0, k);
        double[] cfg = new double[Config.SIZE];
        cfg[Config.LR.ordinal()] = r.lr().initial();
        cfg[Config.MAX_STEPS.ordinal()] = r.stop().maxSteps();
        cfg[Config.LOSS_BELOW.ordinal()] = r.stop().lossBelow();
        cfg[Config.GRAD_TOL.ordinal()] = r.stop().gradTolerance();
        cfg[Config.LOSS_BOUND.ordinal()] = r.guard().lossBound();
        cfg[Config.GRAD_BOUND.ordinal()] = r.guard().gradBound();
        cfg[Config.MAX_RESTARTS.ordinal()] = r.guard().maxRestarts();
        cfg[Config.TRAIN_OUTER.ordinal()] = r.trainOuter() ? 1 : 0;
        q.write(bufs.get("cfg"), (long) s * Config.SIZE, cfg, 0, Config.SIZE);
        q.write(bufs.get("state"), (long) s * State.SIZE, new double[State.SIZE], 0, State.SIZE);
        return true;
    }
}
