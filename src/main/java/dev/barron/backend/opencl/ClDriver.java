package dev.barron.backend.opencl;

import dev.barron.backend.program.Buf;
import dev.barron.backend.program.Dims;
import dev.barron.backend.program.KernelArg;
import dev.barron.backend.program.Operation;
import dev.barron.backend.program.ProgramDriver;
import dev.barron.backend.program.Shape;
import dev.barron.backend.program.Step;
import dev.barron.model.Precision;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JOCL interpreter of the operation descriptions: one device buffer per {@link Buf}, each
 * launch's arguments set in the order its {@link dev.barron.backend.program.Kernel} declares
 * them. A session's driver owns its queue (sessions may run in parallel threads); a backend's
 * one-off states share the backend's.
 */
final class ClDriver implements ProgramDriver {

    private final ClQueue q;
    private final boolean ownsQueue;
    private final Map<Buf, DeviceBuffer> buffers = new EnumMap<>(Buf.class);
    private final Map<Operation, List<Step>> steps = new EnumMap<>(Operation.class);
    private Shape shape;

    ClDriver(ClQueue q, boolean ownsQueue, Shape shape) {
        this.q = q;
        this.ownsQueue = ownsQueue;
        try {
            reshape(shape);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Precision precision() {
        return q.real.precision();
    }

    @Override
    public String device() {
        return q.device();
    }

    @Override
    public void reshape(Shape next) {
        for (Buf b : Buf.values()) {
            DeviceBuffer old = buffers.get(b);
            // the resident buffers keep their contents; the batch buffers grow when n does
            if (old == null || shape.size(b) < next.size(b)) {
                if (old != null) {
                    old.close();
                }
                buffers.put(b, q.alloc(next.size(b)));
            }
        }
        shape = next;
        steps.clear();
    }

    @Override
    public double[] run(Operation op, Args args) {
        List<double[]> reads = new ArrayList<>();
        for (Step step : steps.computeIfAbsent(op, o -> o.steps(shape))) {
            if (step instanceof Step.Launch l) {
                launch(l, args);
            } else if (step instanceof Step.Write w) {
                q.write(buffers.get(w.buf()), w.at(), args.input(w.input()), 0, w.count());
            } else if (step instanceof Step.Read r) {
                reads.add(q.read(buffers.get(r.buf()), r.at(), r.count()));
            } else if (step instanceof Step.Copy c) {
                q.copy(buffers.get(c.src()), 0, buffers.get(c.dst()), 0, c.count());
            }
        }
        return ProgramDriver.concat(reads);
    }

    private void launch(Step.Launch l, Args args) {
        ClQueue.Launch k = q.launch(l.kernel().source());
        List<KernelArg> declared = l.kernel().args();
        for (int p = 0; p < declared.size(); p++) {
            Step.Value v = l.values().get(p);
            if (v instanceof Step.BufValue b) {
                k.mem(buffers.get(b.buf()));
            } else if (v instanceof Step.IntValue i) {
                k.i(i.value());
            } else if (v instanceof Step.RealValue r) {
                k.r(r.value());
            } else if (v instanceof Step.ParamValue pv && declared.get(p).type() == KernelArg.Type.INT) {
                k.i((int) args.param(pv.param()));
            } else if (v instanceof Step.ParamValue pv) {
                k.r(args.param(pv.param()));
            } else {
                throw new IllegalStateException(l.kernel().source() + ": no value for " + declared.get(p));
            }
        }
        Dims dims = l.dims();
        long group = q.program.group();
        if (dims instanceof Dims.Items d) {
            k.run(d.n(), group);
        } else if (dims instanceof Dims.Groups g) {
            k.groups(g.count(), g.reduce() ? q.program.reduce() : group);
        } else if (dims instanceof Dims.GroupsOf g) {
            k.groups(g.count(), g.local());
        } else if (dims instanceof Dims.Grid g) {
            k.grid(g.cols(), g.rows());
        } else if (dims instanceof Dims.Tiles t) {
            k.tiles(t.cols(), t.rows());
        } else {
            k.run(1, 1);
        }
    }

    @Override
    public void close() {
        for (DeviceBuffer b : buffers.values()) {
            b.close();
        }
        buffers.clear();
        if (ownsQueue) {
            q.close();
        }
    }
}
