package dev.barron.backend.tornado;

import dev.barron.backend.BackendException;
import dev.barron.backend.program.KernelGeometry;
import dev.barron.backend.program.Buf;
import dev.barron.backend.program.Dims;
import dev.barron.backend.program.KernelArg;
import dev.barron.backend.program.Operation;
import dev.barron.backend.program.ProgramDriver;
import dev.barron.backend.program.Shape;
import dev.barron.backend.program.Step;
import dev.barron.backend.tornado.conventions.TornadoEntry;
import dev.barron.backend.program.ParamSlot;
import dev.barron.model.Precision;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.Access;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The TornadoVM interpreter of the operation descriptions: one execution plan per shape, built
 * on first use with a task graph per step of every operation (the graph "barron7_population2"
 * holds the third step of POPULATION, its task named after the kernel it runs). The resident
 * buffers live in one state array at the offsets of a {@link Layout}; the exchange buffers, the
 * params and every host input and read-back are arrays of their own. Each task's arguments are
 * those {@link TornadoEntry} derives from the launch, with the access the kernel declares.
 */
final class TornadoDriver implements ProgramDriver {

    /** Where one Read step's values land on the host. */
    private record Result(RealStore store, int at, int count) {
    }

    /** The graphs of one operation in the plan, the host arrays its writes fill, and where its reads land. */
    private record Compiled(int[] graphs, List<Step.Write> writes, List<RealStore> inputs, List<Result> results) {
    }

    private final TornadoDevice device;
    private final Precision precision;
    private final KernelGeometry geometry;
    private Shape shape;
    private Layout layout;
    private RealStore state;
    private RealStore params;
    private final Map<Buf, RealStore> exchange = new EnumMap<>(Buf.class);
    private final Map<Operation, Compiled> operations = new EnumMap<>(Operation.class);
    private TornadoExecutionPlan plan;

    TornadoDriver(TornadoDevice device, Precision precision, Shape shape) {
        this.device = device;
        this.precision = precision;
        this.geometry = KernelGeometry.forMaxWorkGroup(TornadoPlatform.maxWorkGroup(device));
        this.shape = shape;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public String device() {
        return device.getPhysicalDevice().getDeviceName() + " (TornadoVM " + TornadoPlatform.version() + ")";
    }

    @Override
    public void reshape(Shape next) {
        closePlan();
        shape = next;
    }

    @Override
    public double[] run(Operation op, Args args) {
        if (plan == null) {
            build();
        }
        Compiled c = operations.get(op);
        if (c == null) {
            throw new IllegalStateException("tornado: " + op + " is not in the plan of " + shape);
        }
        double[] slots = args.params();
        params.put(0, slots, 0, slots.length);
        for (int w = 0; w < c.writes().size(); w++) {
            Step.Write write = c.writes().get(w);
            // an exchange buffer is written in place; a resident one through its own input array
            int at = write.buf().exchange() ? write.at() : 0;
            c.inputs().get(w).put(at, args.input(write.input()), 0, write.count());
        }
        try {
            for (int g : c.graphs()) {
                plan.withGraph(g).execute();
            }
        } catch (RuntimeException e) {
            throw new BackendException("tornado: operation " + op + " failed on " + device() + ": " + e, e);
        }
        List<double[]> parts = new ArrayList<>();
        for (Result r : c.results()) {
            parts.add(r.store().copy(r.at(), r.count()));
        }
        return ProgramDriver.concat(parts);
    }

    // ---- the plan ----

    private void build() {
        layout = new Layout(shape);
        state = new RealStore(precision, layout.length);
        params = new RealStore(precision, ParamSlot.COUNT);
        exchange.clear();
        for (Buf b : Buf.values()) {
            if (b.exchange()) {
                exchange.put(b, new RealStore(precision, shape.size(b)));
            }
        }
        PlanBuilder pb = new PlanBuilder(TornadoProgram.forDevice(device, precision, geometry), geometry, state);
        String prefix = PlanBuilder.newPlanPrefix();
        operations.clear();
        // INIT first: its first graph is the one that puts the state on the device
        for (Operation op : Operation.values()) {
            if (op.available(shape)) {
                operations.put(op, compile(pb, prefix, op));
            }
        }
        try {
            plan = pb.plan(device, precision);
        } catch (RuntimeException e) {
            throw new BackendException("tornado: building the execution plan failed on " + device() + ": " + e, e);
        }
    }

    private Compiled compile(PlanBuilder pb, String prefix, Operation op) {
        List<Integer> graphs = new ArrayList<>();
        List<Step.Write> writes = new ArrayList<>();
        List<RealStore> inputs = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        List<Step> steps = op.steps(shape);
        for (int s = 0; s < steps.size(); s++) {
            String graph = prefix + op.name().toLowerCase() + s;
            Step step = steps.get(s);
            if (step instanceof Step.Launch l) {
                graphs.add(pb.add(task(graph, l)));
            } else if (step instanceof Step.Write w && w.buf().exchange()) {
                // uploaded by the task that reads it
                writes.add(w);
                inputs.add(exchange.get(w.buf()));
            } else if (step instanceof Step.Write w) {
                RealStore in = new RealStore(precision, w.count());
                writes.add(w);
                inputs.add(in);
                graphs.add(pb.add(movement(graph, TornadoEntry.Own.COPY_IN, w.count(), List.of(in),
                        List.of(), arg(in, Access.READ_ONLY), stateArg(), i64(layout.offset(w.buf()) + w.at()),
                        i64(w.count()))));
            } else if (step instanceof Step.Read r && r.buf().exchange()) {
                // downloaded by the task that wrote it
                results.add(new Result(exchange.get(r.buf()), r.at(), r.count()));
            } else if (step instanceof Step.Read r) {
                RealStore back = new RealStore(precision, r.count());
                results.add(new Result(back, 0, r.count()));
                graphs.add(pb.add(movement(graph, TornadoEntry.Own.GATHER, r.count(), List.of(), List.of(back),
                        stateArg(), i64(layout.offset(r.buf()) + r.at()), i64(r.count()),
                        arg(back, Access.READ_WRITE))));
            } else if (step instanceof Step.Copy c) {
                graphs.add(pb.add(movement(graph, TornadoEntry.Own.MOVE, c.count(), List.of(), List.of(),
                        stateArg(), i64(layout.offset(c.src())), i64(layout.offset(c.dst())), i64(c.count()))));
            }
        }
        return new Compiled(graphs.stream().mapToInt(Integer::intValue).toArray(), writes, inputs, results);
    }

    /** A kernel's task: the entry's parameters as {@link TornadoEntry} derives them, each with its access. */
    private PlanBuilder.Task task(String graph, Step.Launch l) {
        List<PlanBuilder.TaskArg> args = new ArrayList<>();
        List<RealStore> uploads = new ArrayList<>();
        List<RealStore> downloads = new ArrayList<>();
        for (TornadoEntry.Param p : TornadoEntry.of(l)) {
            switch (p.kind()) {
                case STATE -> args.add(stateArg());
                case OFFSET -> args.add(i64(layout.offset(p.buf())));
                case EXCHANGE -> {
                    RealStore x = exchange.get(p.buf());
                    args.add(arg(x, access(p.role())));
                    (p.role() == KernelArg.Role.IN ? uploads : downloads).add(x);
                }
                case PARAMS -> {
                    args.add(arg(params, Access.READ_ONLY));
                    uploads.add(params);
                }
                case SCALAR -> args.add(scalar(p.value()));
            }
        }
        return new PlanBuilder.Task(graph, l.kernel().source(), TornadoEntry.name(l.kernel()), l.dims(), args,
                uploads, downloads);
    }

    private PlanBuilder.Task movement(String graph, TornadoEntry.Own mv, int count, List<RealStore> uploads,
                                      List<RealStore> downloads, PlanBuilder.TaskArg... args) {
        return new PlanBuilder.Task(graph, mv.name().toLowerCase(), mv.entry(), new Dims.Items(count), List.of(args),
                uploads, downloads);
    }

    private static Access access(KernelArg.Role role) {
        return switch (role) {
            case IN -> Access.READ_ONLY;
            case OUT -> Access.WRITE_ONLY;
            case INOUT -> Access.READ_WRITE;
        };
    }

    private PlanBuilder.TaskArg stateArg() {
        return arg(state, Access.READ_WRITE);
    }

    private static PlanBuilder.TaskArg arg(RealStore store, Access access) {
        return PlanBuilder.TaskArg.of(store, access);
    }

    private static PlanBuilder.TaskArg i64(long value) {
        return PlanBuilder.TaskArg.i64(value);
    }

    private PlanBuilder.TaskArg scalar(Step.Value v) {
        if (v instanceof Step.IntValue i) {
            return i64(i.value());
        }
        return new PlanBuilder.TaskArg(RealStore.scalar(precision, ((Step.RealValue) v).value()), Access.READ_ONLY);
    }

    private void closePlan() {
        if (plan != null) {
            try {
                plan.close();
            } catch (TornadoExecutionPlanException e) {
                throw new BackendException("tornado: releasing the device memory of a plan failed", e);
            } finally {
                plan = null;
                operations.clear();
            }
        }
    }

    @Override
    public void close() {
        closePlan();
    }
}
