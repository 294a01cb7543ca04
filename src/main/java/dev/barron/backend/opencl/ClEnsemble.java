package dev.barron.backend.opencl;

import dev.barron.backend.Backend;
import dev.barron.backend.program.EnsembleHost;
import dev.barron.backend.program.EnsembleLayout.Config;
import dev.barron.backend.program.EnsembleLayout.State;
import dev.barron.backend.program.Kernel;
import dev.barron.model.Network;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device ensemble on an OpenCL queue (docs/ENSEMBLES.md, section Device engine): the
 * kernel's buffers one device buffer each, a swap as reads and writes of the slot's rows, the
 * loop {@link EnsembleHost}'s.
 */
final class ClEnsemble implements EnsembleHost.Device {

    private final ClQueue q;
    private final int m;
    private final int k;
    private final int d;
    private final double s;
    private final EnsembleHost.Slots slots;
    /** The work-group of one run ({@link EnsembleHost#runGroup}). */
    private final int group;
    private final Map<String, DeviceBuffer> bufs = new HashMap<>();

    private ClEnsemble(ClQueue q, List<EnsembleRun> runs) {
        this.q = q;
        Network first = runs.get(0).initial();
        m = first.width();
        k = runs.get(0).teacher().size();
        d = first.inputDim();
        s = first.scale();
        slots = EnsembleHost.Slots.of("opencl", runs.size(), m, k, d);
        OpenClDevice device = q.program.device();
        group = EnsembleHost.runGroup(m, k, d, device.isAccelerator(),
                Math.min(device.maxWorkGroup(), q.kernelGroup(Kernel.ENSEMBLE_GD.source())), q.program.group());
    }

    static List<EnsembleResult> train(Backend backend, ClQueue q, List<EnsembleRun> runs) {
        ClEnsemble e = new ClEnsemble(q, runs);
        try {
            EnsembleHost.bufferSizes(e.slots.slots(), e.m, e.k, e.d).forEach((name, n) -> e.bufs.put(name, q.alloc(n)));
            return EnsembleHost.train(backend, runs, e.slots.slots(), e);
        } finally {
            e.bufs.values().forEach(DeviceBuffer::close);
        }
    }

    @Override
    public List<double[]> exchange(List<EnsembleHost.Swap> swaps) {
        List<double[]> out = new ArrayList<>();
        int md = m * d;
        for (EnsembleHost.Swap sw : swaps) {
            long slot = sw.slot();
            double[] weights = null;
            if (sw.read()) {
                weights = new double[md + m];
                System.arraycopy(q.read(bufs.get("w"), slot * md, md), 0, weights, 0, md);
                System.arraycopy(q.read(bufs.get("a"), slot * m, m), 0, weights, md, m);
            }
            out.add(weights);
            EnsembleHost.Load in = sw.load();
            if (in != null) {
                q.write(bufs.get("w"), slot * md, in.w(), 0, md);
                q.write(bufs.get("w0"), slot * md, in.w(), 0, md);
                q.write(bufs.get("a"), slot * m, in.a(), 0, m);
                q.write(bufs.get("a0"), slot * m, in.a(), 0, m);
                q.write(bufs.get("v"), slot * k * d, in.v(), 0, k * d);
                q.write(bufs.get("b"), slot * k, in.b(), 0, k);
                q.write(bufs.get("cfg"), slot * Config.SIZE, in.cfg(), 0, Config.SIZE);
                q.write(bufs.get("state"), slot * State.SIZE, new double[State.SIZE], 0, State.SIZE);
            }
        }
        return out;
    }

    @Override
    public void launch() {
        ClQueue.Launch l = q.launch(Kernel.ENSEMBLE_GD.source());
        Map<String, Integer> ints = Map.of("m", m, "k", k, "d", d, "steps", slots.chunk());
        for (var arg : Kernel.ENSEMBLE_GD.args()) {
            if (bufs.containsKey(arg.name())) {
                l.mem(bufs.get(arg.name()));
            } else if (arg.name().equals("s")) {
                l.r(s);
            } else {
                l.i(ints.get(arg.name()));
            }
        }
        l.groups(slots.slots(), group);
    }

    @Override
    public double[] states() {
        return q.read(bufs.get("state"), 0, slots.slots() * State.SIZE);
    }
}
