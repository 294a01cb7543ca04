package dev.barron.backend.cpu;

import dev.barron.backend.StepStats;
import dev.barron.model.Network;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;
import dev.barron.train.StopReason;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker's share of a lane ensemble: a {@link LaneBlock} whose lanes each hold one run,
 * stepped in lockstep; the stop rules and the guard are checked per lane after every
 * evaluation, exactly as the single-run trainer checks them, and a lane whose run ended takes
 * the next waiting run at once; once none waits, a block with few live runs hands them to
 * another worker's block ({@link LaneExchange}). A run whose row norms leave the block's range
 * is trained again by the single-run trainer (as {@link CpuEnsemble} does for {@link SmallReluRun}).
 */
final class LaneEnsemble {

    private final CpuBackend backend;
    private final List<EnsembleRun> runs;
    private final EnsembleResult[] out;
    private final AtomicInteger next;
    private final LaneBlock block;
    private final boolean trainOuter;
    private final int[] run = new int[LaneBlock.LANES];
    private final long[] step = new long[LaneBlock.LANES];
    private final int[] restarts = new int[LaneBlock.LANES];
    private final double[] lr = new double[LaneBlock.LANES];
    private final double[] stepping = new double[LaneBlock.LANES];
    private final LaneExchange exchange;
    /** Lanes holding a run; read by the other workers ({@link LaneExchange#give}). */
    private volatile int live;

    LaneEnsemble(CpuBackend backend, List<EnsembleRun> runs, EnsembleResult[] out, AtomicInteger next, LaneExchange exchange) {
        this.backend = backend;
        this.runs = runs;
        this.out = out;
        this.next = next;
        this.exchange = exchange;
        Network shape = runs.get(0).initial();
        block = new LaneBlock(shape.width(), runs.get(0).teacher().size(), shape.inputDim(), shape.scale());
        trainOuter = runs.get(0).trainOuter();
    }

    /** Whether every run of this list can share one block: f64 relu, and one choice of training a. */
    static boolean suits(List<EnsembleRun> runs, CpuBackend backend) {
        boolean outer = runs.get(0).trainOuter();
        for (EnsembleRun r : runs) {
            if (r.trainOuter() != outer || !SmallReluRun.suits(r.initial(), backend.precision())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the block until no run is waiting and every lane has finished, or until, no run
     * waiting, it gave its few live runs to another worker ({@link LaneExchange}).
     */
    void drain() {
        exchange.join(this);
        int held = 0;
        for (int l = 0; l < LaneBlock.LANES; l++) {
            held += refill(l) ? 1 : 0;
        }
        live = held;
        while (true) {
            if (exchange.anyWaiting()) {
                takeWaiting();
            }
            if (live == 0) {
                if (exchange.leave(this)) {
                    return;
                }
                continue;
            }
            block.evaluate(trainOuter);
            held = live;
            for (int l = 0; l < LaneBlock.LANES; l++) {
                if (run[l] >= 0 && !advance(l)) {
                    held -= refill(l) ? 0 : 1;
                }
            }
            live = held;
            block.step(lr, stepping, trainOuter);
            if (live > 0 && next.get() >= runs.size() && exchange.give(this, live, this::lanes)) {
                return;
            }
        }
    }

    /** Free lanes of this block. */
    int free() {
        return LaneBlock.LANES - live;
    }

    /** The live lanes as they stand after a step. */
    private List<LaneExchange.Lane> lanes() {
        List<LaneExchange.Lane> out = new java.util.ArrayList<>(live);
        for (int l = 0; l < LaneBlock.LANES; l++) {
            if (run[l] >= 0) {
                out.add(new LaneExchange.Lane(run[l], step[l], restarts[l], block.save(l)));
            }
        }
        return out;
    }

    /** Fills free lanes with runs another worker gave up (each not stepped before its next evaluation). */
    private void takeWaiting() {
        int held = live;
        for (int l = 0; l < LaneBlock.LANES && held < LaneBlock.LANES; l++) {
            if (run[l] < 0) {
                LaneExchange.Lane lane = exchange.take();
                if (lane == null) {
                    break;
                }
                run[l] = lane.run();
                step[l] = lane.step();
                restarts[l] = lane.restarts();
                stepping[l] = 0;
                block.restore(l, lane.state());
                held++;
            }
        }
        live = held;
    }

    /**
     * Checks lane l after an evaluation as the trainer checks a step: false when its run
     * ended (its result written), else sets its step size for this step.
     */
    private boolean advance(int l) {
        EnsembleRun r = runs.get(run[l]);
        if ((block.outOfRange >>> l & 1) != 0) {
            out[run[l]] = Ensembles.one(backend, r);
            return false;
        }
        StepStats stats = new StepStats(block.loss[l], block.maxNeuron[l], block.gradNorm[l]);
        if (r.guard().violated(stats)) {
            if (restarts[l] < r.guard().maxRestarts()) {
                restarts[l]++;
                step[l] = 0;
                block.load(l, r.initial(), backend.prepare(r.teacher(), r.initial()));
                stepping[l] = 0;
                return true;
            }
            out[run[l]] = new EnsembleResult(StopReason.DIVERGED, step[l], stats, null, restarts[l]);
            return false;
        }
        StopReason reason = r.stop().reason(stats, step[l]);
        if (reason != null) {
            out[run[l]] = new EnsembleResult(reason, step[l], stats, block.read(l, r.initial()), restarts[l]);
            return false;
        }
        lr[l] = r.lr().at(step[l]) * Math.scalb(1.0, -restarts[l]); // 0.5^restarts exactly, as the trainer
        stepping[l] = 1;
        step[l]++;
        return true;
    }

    /** Loads the next waiting run into lane l (not stepped before its first evaluation); false when none waits. */
    private boolean refill(int l) {
        stepping[l] = 0;
        int i = next.getAndIncrement();
        if (i >= runs.size()) {
            run[l] = -1;
            return false;
        }
        EnsembleRun r = runs.get(i);
        run[l] = i;
        step[l] = 0;
        restarts[l] = 0;
        block.load(l, r.initial(), backend.prepare(r.teacher(), r.initial()));
        return true;
    }
}
