package dev.barron.backend.program;

import dev.barron.backend.Backend;
import dev.barron.backend.StepStats;
import dev.barron.backend.program.EnsembleLayout.Config;
import dev.barron.backend.program.EnsembleLayout.State;
import dev.barron.backend.program.EnsembleLayout.Status;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;
import dev.barron.train.LearningRate;
import dev.barron.train.StopReason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host side of the device ensemble (kernels/ensemble.cl, docs/ENSEMBLES.md), the same for
 * every driver: up to {@link Slots#slots} runs resident at once, one work-group each, {@link
 * Slots#chunk} steps per launch with the stop rules and the guard on the device. After each
 * launch only the state rows come back; the runs that stopped are swapped out (their W and a
 * read) and their slots refilled with waiting runs, until every run is done. A run whose rows
 * left the kernel's range is trained again by the single-run trainer on the backend.
 */
public final class EnsembleHost {

    /** What a driver does for the loop; the kernel's buffers are those of {@link #bufferSizes}. */
    public interface Device {

        /**
         * Carries out the swaps in order: reads W (m x d) and a (m) of the slot, concatenated,
         * where the swap reads, then loads the swap's run (its state row reset to running). The
         * result has one entry per swap, null where it does not read.
         */
        List<double[]> exchange(List<Swap> swaps);

        /** One launch of ensemble_gd over every slot. */
        void launch();

        /** The state rows of every slot (slots x {@link State#SIZE}). */
        double[] states();
    }

    /** One slot's exchange: read its stopped run's weights, then load a run (null: none). */
    public record Swap(int slot, boolean read, Load load) {
    }

    /** A run as the kernel's per-run records hold it: W (also W0), a (also a0), V, b and the config row. */
    public record Load(double[] w, double[] a, double[] v, double[] b, double[] cfg) {
    }

    /** How many runs are resident and how many steps a launch takes. */
    public record Slots(int slots, int chunk) {

        /** The most reals one kernel buffer may hold (256 MiB of f64): within any device's allocation limit. */
        static final long MAX_BUFFER_REALS = 1L << 25;

        /**
         * From -Dbarron.DRIVER.ensembleSlots (default 2048: enough groups to fill a GPU) and
         * -Dbarron.DRIVER.ensembleChunk (default 512: long enough to hide a launch and a read,
         * short enough to refill slots often), for a list of the given number of runs of shape
         * (m, k, d); fewer slots where a buffer of {@link #bufferSizes} would pass {@link
         * #MAX_BUFFER_REALS} (the pair scratch grows as m (m + k)).
         */
        public static Slots of(String driver, int runs, int m, int k, int d) {
            long perSlot = bufferSizes(1, m, k, d).values().stream().mapToLong(Long::longValue).max().orElse(1);
            int fit = (int) Math.max(1, Math.min(Integer.MAX_VALUE, MAX_BUFFER_REALS / perSlot));
            int asked = Math.max(1, Integer.getInteger("barron." + driver + ".ensembleSlots", 2048));
            int slots = Math.min(runs, Math.min(asked, fit));
            return new Slots(slots, Math.max(1, Integer.getInteger("barron." + driver + ".ensembleChunk", 512)));
        }
    }

    private EnsembleHost() {
    }

    /**
     * Whether the kernel covers these runs: f64, relu, a constant step (the guard's halvings
     * aside). Others take the single-run trainer.
     */
    public static boolean suits(List<EnsembleRun> runs, Precision precision) {
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

    /** The kernel's per-slot buffers and their lengths in reals, in the kernel's parameter order. */
    public static Map<String, Long> bufferSizes(int slots, int m, int k, int d) {
        long md = (long) slots * m * d;
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("w", md);
        sizes.put("a", (long) slots * m);
        sizes.put("w0", md);
        sizes.put("a0", (long) slots * m);
        sizes.put("v", (long) slots * k * d);
        sizes.put("b", (long) slots * k);
        sizes.put("cfg", (long) slots * Config.SIZE);
        sizes.put("state", (long) slots * State.SIZE);
        sizes.put("gradW", md);
        sizes.put("rows", slots * (5L * m + k));
        sizes.put("pairs", slots * 3L * m * (m + k));
        return sizes;
    }

    /**
     * The work-group of one run: the smallest power of two covering its m (m + k) pairs and its
     * m d gradient entries, at most {@link #maxGroup} and deviceGroup: the widest group the device
     * (and, where the driver can ask, the kernel) runs, which need not be a power of two; not the
     * 64 of {@link KernelGeometry#group}, which is the element-wise kernels'. A run's steps are
     * serial, so its speed is that of one group: the widest group the pairs can keep busy.
     */
    public static int groupSize(int m, int k, int d, long deviceGroup) {
        long items = Math.min(maxGroup(), Math.max((long) m * (m + k), (long) m * d));
        int g = 1;
        while (g < items && 2L * g <= deviceGroup) {
            g <<= 1;
        }
        return g;
    }

    /**
     * The work-group a driver launches one run with. Wide (on an accelerator, or on any device
     * where -Dbarron.ensembleGroup is given): {@link #groupSize} within widest, the device's (and,
     * where the driver can ask, the kernel's) limit, since a run's steps are serial and a sweep
     * waits on its longest runs. Otherwise (a CPU device, which runs a group's work-items one
     * after another, so that a wider group only adds barrier work): within the element-wise
     * kernels' group.
     */
    public static int runGroup(int m, int k, int d, boolean accelerator, long widest, long elementWise) {
        boolean wide = accelerator || System.getProperty(GROUP_PROPERTY) != null;
        return groupSize(m, k, d, wide ? widest : elementWise);
    }

    private static final String GROUP_PROPERTY = "barron.ensembleGroup";

    /**
     * The widest work-group of a run: 256 (8 warps of 32, or 4 wavefronts of 64) unless
     * -Dbarron.ensembleGroup asks for another (taken down to a power of two from 1 to 1024; read
     * for each ensemble). A wider group steps one run faster where its pairs outnumber 256 (800
     * at m = k = d = 20), and a sweep waits on its longest runs; the device's and the kernel's
     * own limits still apply.
     */
    static int maxGroup() {
        return Integer.highestOneBit(Math.max(1, Math.min(1024, Integer.getInteger(GROUP_PROPERTY, 256))));
    }

    /** Trains the runs (one shape, {@link #suits}) on the device; result i belongs to run i. */
    public static List<EnsembleResult> train(Backend backend, List<EnsembleRun> runs, int slots, Device device) {
        EnsembleResult[] out = new EnsembleResult[runs.size()];
        int[] slotRun = new int[slots];
        int next = 0;
        List<Swap> fill = new ArrayList<>();
        for (int s = 0; s < slots; s++) {
            slotRun[s] = next < runs.size() ? next : -1;
            if (next < runs.size()) {
                fill.add(new Swap(s, false, load(runs.get(next++))));
            }
        }
        device.exchange(fill);
        int live = fill.size();
        while (live > 0) {
            device.launch();
            double[] state = device.states();
            List<Swap> swaps = new ArrayList<>();
            List<Integer> leaving = new ArrayList<>();
            for (int s = 0; s < slots; s++) {
                int code = (int) state[s * State.SIZE + State.STATUS.ordinal()];
                if (slotRun[s] < 0 || code == Status.RUNNING.code()) {
                    continue;
                }
                boolean read = code != Status.DIVERGED.code() && code != Status.OUT_OF_RANGE.code();
                leaving.add(slotRun[s]);
                Load in = next < runs.size() ? load(runs.get(next)) : null;
                swaps.add(new Swap(s, read, in));
                slotRun[s] = in != null ? next++ : -1;
                live -= in != null ? 0 : 1;
            }
            List<double[]> weights = device.exchange(swaps);
            for (int e = 0; e < swaps.size(); e++) {
                int i = leaving.get(e);
                out[i] = result(backend, runs.get(i), state, swaps.get(e).slot() * State.SIZE, weights.get(e));
            }
        }
        return List.of(out);
    }

    private static EnsembleResult result(Backend backend, EnsembleRun r, double[] state, int at, double[] weights) {
        int code = (int) state[at + State.STATUS.ordinal()];
        if (code == Status.OUT_OF_RANGE.code()) {
            return Ensembles.one(backend, r);
        }
        StepStats stats = new StepStats(state[at + State.LOSS.ordinal()], state[at + State.MAX_NEURON.ordinal()],
                state[at + State.GRAD_NORM.ordinal()]);
        Network net = null;
        if (weights != null) {
            int m = r.initial().width();
            int md = m * r.initial().inputDim();
            double[] w = Arrays.copyOf(weights, md);
            double[] a = Arrays.copyOfRange(weights, md, md + m);
            net = r.initial().withWeights(new Matrix(m, r.initial().inputDim(), w), a);
        }
        return new EnsembleResult(reasonOf(code), (long) state[at + State.STEP.ordinal()], stats, net,
                (int) state[at + State.RESTARTS.ordinal()]);
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

    private static Load load(EnsembleRun r) {
        double[] cfg = new double[Config.SIZE];
        cfg[Config.LR.ordinal()] = r.lr().initial();
        cfg[Config.MAX_STEPS.ordinal()] = r.stop().maxSteps();
        cfg[Config.LOSS_BELOW.ordinal()] = r.stop().lossBelow();
        cfg[Config.GRAD_TOL.ordinal()] = r.stop().gradTolerance();
        cfg[Config.LOSS_BOUND.ordinal()] = r.guard().lossBound();
        cfg[Config.GRAD_BOUND.ordinal()] = r.guard().gradBound();
        cfg[Config.MAX_RESTARTS.ordinal()] = r.guard().maxRestarts();
        cfg[Config.TRAIN_OUTER.ordinal()] = r.trainOuter() ? 1 : 0;
        return new Load(r.initial().w().data(), r.initial().a(), r.teacher().v().data(), r.teacher().b(), cfg);
    }
}
