package dev.barron.backend.tornado;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendException;
import dev.barron.backend.program.Dims;
import dev.barron.backend.program.EnsembleHost;
import dev.barron.backend.program.EnsembleLayout.Config;
import dev.barron.backend.program.EnsembleLayout.State;
import dev.barron.backend.program.KernelGeometry;
import dev.barron.backend.tornado.PlanBuilder.TaskArg;
import dev.barron.backend.tornado.conventions.TornadoEntry.Own;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.Access;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The device ensemble on TornadoVM (docs/ENSEMBLES.md): the kernel's buffers at offsets of one
 * resident array, and a plan of three graphs, each one prebuilt task: "exchange" (the swaps of
 * {@link EnsembleHost}, records uploaded and the stopped runs' weights downloaded), "gd"
 * (ensemble_gd, one group per slot) and "states" (the state rows downloaded). The loop is
 * {@link EnsembleHost}'s.
 */
final class TornadoEnsemble implements EnsembleHost.Device, AutoCloseable {

    /**
     * Swaps per execution of the exchange graph: its records cross whole with every execution,
     * so they are kept to a few hundred, and a round with more swaps executes it again.
     */
    private static final int ENTRIES = 256;

    private final Precision precision;
    private final int m;
    private final int k;
    private final int d;
    private final EnsembleHost.Slots slots;
    private final int entries;
    private final int inRecord;
    private final RealStore resident;
    private final RealStore inbox;
    private final RealStore outbox;
    private final RealStore states;
    private final Map<String, Long> offsets = new LinkedHashMap<>();
    private final TornadoExecutionPlan plan;

    private TornadoEnsemble(TornadoDevice device, Precision precision, List<EnsembleRun> runs) {
        this.precision = precision;
        Network first = runs.get(0).initial();
        m = first.width();
        k = runs.get(0).teacher().size();
        d = first.inputDim();
        slots = EnsembleHost.Slots.of("tornado", runs.size(), m, k, d);
        entries = Math.min(slots.slots(), ENTRIES);
        long at = 0;
        for (var b : EnsembleHost.bufferSizes(slots.slots(), m, k, d).entrySet()) {
            offsets.put(b.getKey(), at);
            at += b.getValue();
        }
        inRecord = 2 + m * d + m + k * d + k + Config.SIZE;
        try {
            resident = new RealStore(precision, Math.toIntExact(at));
            inbox = new RealStore(precision, Math.multiplyExact(entries, inRecord));
            outbox = new RealStore(precision, Math.multiplyExact(entries, m * d + m));
            states = new RealStore(precision, slots.slots() * State.SIZE);
        } catch (ArithmeticException | OutOfMemoryError e) {
            throw new BackendException("tornado: no room for " + slots.slots() + " ensemble slots of shape m x k x d = "
                    + m + " x " + k + " x " + d + "; set -Dbarron.tornado.ensembleSlots lower", e);
        }
        plan = build(device, first.scale());
    }

    static List<EnsembleResult> train(Backend backend, TornadoDevice device, Precision precision,
                                      List<EnsembleRun> runs) {
        try (TornadoEnsemble e = new TornadoEnsemble(device, precision, runs)) {
            return EnsembleHost.train(backend, runs, e.slots.slots(), e);
        }
    }

    /** Graphs 0, 1, 2: exchange, gd, states (the first also puts the resident array on the device). */
    private TornadoExecutionPlan build(TornadoDevice device, double s) {
        KernelGeometry geometry = KernelGeometry.forMaxWorkGroup(TornadoPlatform.maxWorkGroup(device));
        PlanBuilder pb = new PlanBuilder(TornadoProgram.forDevice(device, precision, geometry), geometry, resident);
        String prefix = PlanBuilder.newPlanPrefix() + "ensemble_";
        List<TaskArg> swap = new ArrayList<>(List.of(TaskArg.of(resident, Access.READ_WRITE),
                TaskArg.of(inbox, Access.READ_ONLY), TaskArg.of(outbox, Access.WRITE_ONLY)));
        for (String b : List.of("w", "a", "w0", "a0", "v", "b", "cfg", "state")) {
            swap.add(TaskArg.i64(offsets.get(b)));
        }
        swap.addAll(List.of(TaskArg.i64(m), TaskArg.i64(k), TaskArg.i64(d), TaskArg.i64(entries)));
        long items = (long) entries * (inRecord - 2 + State.SIZE);
        pb.add(new PlanBuilder.Task(prefix + "exchange", "exchange", Own.ENSEMBLE_EXCHANGE.entry(),
                new Dims.Items(items), swap, List.of(inbox), List.of(outbox)));
        List<TaskArg> gd = new ArrayList<>(List.of(TaskArg.of(resident, Access.READ_WRITE)));
        offsets.values().forEach(off -> gd.add(TaskArg.i64(off)));
        gd.addAll(List.of(TaskArg.i64(m), TaskArg.i64(k), TaskArg.i64(d),
                new TaskArg(RealStore.scalar(precision, s), Access.READ_ONLY), TaskArg.i64(slots.chunk())));
        // TornadoVM does not say the kernel's own group limit; the default of at most 256 items is within every GPU's
        pb.add(new PlanBuilder.Task(prefix + "gd", "gd", Own.ENSEMBLE_GD.entry(),
                new Dims.GroupsOf(slots.slots(), EnsembleHost.runGroup(m, k, d, device.getDeviceType() != TornadoDeviceType.CPU,
                        TornadoPlatform.maxWorkGroup(device), geometry.group())), gd, List.of(),
                List.of()));
        int n = states.length();
        pb.add(new PlanBuilder.Task(prefix + "states", "states", Own.GATHER.entry(), new Dims.Items(n),
                List.of(TaskArg.of(resident, Access.READ_WRITE), TaskArg.i64(offsets.get("state")), TaskArg.i64(n),
                        TaskArg.of(states, Access.READ_WRITE)), List.of(), List.of(states)));
        try {
            return pb.plan(device, precision);
        } catch (RuntimeException e) {
            throw new BackendException("tornado: building the ensemble plan failed: " + e, e);
        }
    }

    @Override
    public List<double[]> exchange(List<EnsembleHost.Swap> swaps) {
        List<double[]> out = new ArrayList<>();
        for (int from = 0; from < swaps.size(); from += entries) {
            List<EnsembleHost.Swap> part = swaps.subList(from, Math.min(swaps.size(), from + entries));
            for (int e = 0; e < entries; e++) {
                fillRecord(e, e < part.size() ? part.get(e) : null);
            }
            execute(0);
            for (int e = 0; e < part.size(); e++) {
                out.add(part.get(e).read() ? outbox.copy(e * (m * d + m), m * d + m) : null);
            }
        }
        return out;
    }

    private void fillRecord(int e, EnsembleHost.Swap sw) {
        int at = e * inRecord;
        inbox.set(at, sw == null ? -1 : sw.slot());
        EnsembleHost.Load in = sw == null ? null : sw.load();
        inbox.set(at + 1, in == null ? 0 : 1);
        if (in != null) {
            at += 2;
            for (double[] part : List.of(in.w(), in.a(), in.v(), in.b(), in.cfg())) {
                inbox.put(at, part, 0, part.length);
                at += part.length;
            }
        }
    }

    @Override
    public void launch() {
        execute(1);
    }

    @Override
    public double[] states() {
        execute(2);
        return states.copy(0, states.length());
    }

    private void execute(int graph) {
        try {
            plan.withGraph(graph).execute();
        } catch (RuntimeException e) {
            throw new BackendException("tornado: the ensemble's graph " + graph + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            plan.close();
        } catch (TornadoExecutionPlanException e) {
            throw new BackendException("tornado: releasing the ensemble's device memory failed", e);
        }
    }
}
