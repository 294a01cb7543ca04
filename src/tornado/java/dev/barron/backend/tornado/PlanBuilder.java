package dev.barron.backend.tornado;

import dev.barron.backend.program.KernelGeometry;
import dev.barron.backend.program.Dims;
import dev.barron.model.Precision;
import uk.ac.manchester.tornado.api.AccessorParameters;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.common.Access;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the task graphs of one execution plan, one prebuilt task per graph: each graph
 * consumes the state array from the device, runs its task, and persists the state again. Two
 * limits of TornadoVM 5.2 make it so: a task graph with several prebuilt tasks launches the
 * first task's kernel for all of them, and a graph consumes only what the previously executed
 * graph held. A prebuilt kernel also needs a worker grid, or TornadoVM launches it as one
 * work-item.
 */
final class PlanBuilder {

    /** One argument of a task: a TornadoVM array or a boxed i64 scalar, with the access the kernel makes of it. */
    record TaskArg(Object value, Access access) {

        static TaskArg of(RealStore store, Access access) {
            return new TaskArg(store.array(), access);
        }

        /** Every scalar of an entry is an i64 (kernels/tornado_entries.cl); a real travels as its bits. */
        static TaskArg i64(long value) {
            return new TaskArg(value, Access.READ_ONLY);
        }
    }

    /** A task: its graph and task names, entry point, launch shape, arguments and transfers. */
    record Task(String graph, String name, String entry, Dims dims, List<TaskArg> args, List<RealStore> uploads,
                List<RealStore> downloads) {
    }

    private static final AtomicLong PLANS = new AtomicLong();

    private final TornadoProgram.KernelFiles files;
    private final KernelGeometry geometry;
    private final RealStore state;
    private final GridScheduler grids = new GridScheduler();
    private final List<ImmutableTaskGraph> snapshots = new ArrayList<>();

    PlanBuilder(TornadoProgram.KernelFiles files, KernelGeometry geometry, RealStore state) {
        this.files = files;
        this.geometry = geometry;
        this.state = state;
    }

    /** A prefix for the graph names of a new plan, unique in the JVM. */
    static String newPlanPrefix() {
        return "barron" + PLANS.incrementAndGet() + "_";
    }

    /**
     * The execution plan of the graphs added so far, on the device, with the kernels' build
     * options (OpenCL; the PTX files are built already).
     */
    TornadoExecutionPlan plan(TornadoDevice device, Precision precision) {
        TornadoExecutionPlan plan = new TornadoExecutionPlan(snapshots.toArray(new ImmutableTaskGraph[0]));
        plan.withDevice(device).withGridScheduler(grids);
        if (!TornadoPlatform.isPtx(device)) {
            plan.withCompilerFlags(TornadoVMBackendType.OPENCL, TornadoProgram.buildOptions(precision, geometry));
        }
        return plan;
    }

    /** Adds the task's graph; returns its index in the plan. */
    int add(Task t) {
        TaskGraph graph = new TaskGraph(t.graph());
        // The plan's very first graph puts the state on the device; every later one takes it
        // from the graph executed before it.
        if (snapshots.isEmpty()) {
            graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, state.array());
        } else {
            graph.consumeFromDevice(state.array());
        }
        if (!t.uploads().isEmpty()) {
            graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, arrays(t.uploads()));
        }
        Object[] args = new Object[t.args().size()];
        AccessorParameters accessors = new AccessorParameters(args.length);
        for (int i = 0; i < args.length; i++) {
            args[i] = t.args().get(i).value();
            accessors.set(i, args[i], t.args().get(i).access());
        }
        String taskId = t.graph() + "." + t.name();
        graph.prebuiltTask(t.name(), t.entry(), files.fileFor(taskId, t.entry(), args), accessors);
        graph.persistOnDevice(state.array());
        if (!t.downloads().isEmpty()) {
            graph.transferToHost(DataTransferMode.EVERY_EXECUTION, arrays(t.downloads()));
        }
        grids.addWorkerGrid(taskId, grid(t.dims()));
        snapshots.add(graph.snapshot());
        return snapshots.size() - 1;
    }

    private static Object[] arrays(List<RealStore> stores) {
        return stores.stream().map(RealStore::array).toArray();
    }

    /** The worker grid of a launch shape, as the JOCL driver launches the same kernel. */
    private WorkerGrid grid(Dims dims) {
        int t = geometry.tile();
        if (dims instanceof Dims.Items d) {
            return oneD(roundUp(d.n(), geometry.group()), geometry.group());
        } else if (dims instanceof Dims.Groups g) {
            int local = g.reduce() ? geometry.reduce() : geometry.group();
            return oneD(Math.multiplyExact(Math.max(1, g.count()), local), local);
        } else if (dims instanceof Dims.GroupsOf g) {
            return oneD(Math.multiplyExact(Math.max(1, g.count()), g.local()), g.local());
        } else if (dims instanceof Dims.Grid g) {
            return twoD(roundUp(g.cols(), t), roundUp(g.rows(), t), t);
        } else if (dims instanceof Dims.Tiles b) {
            // each item computes a 4 x 4 block, so a group covers 4 TILE x 4 TILE outputs
            return twoD(roundUp(b.cols(), 4 * t) / 4, roundUp(b.rows(), 4 * t) / 4, t);
        }
        return oneD(1, 1);
    }

    private static WorkerGrid oneD(long global, int local) {
        WorkerGrid g = new WorkerGrid1D(Math.toIntExact(global));
        g.setLocalWork(local, 1, 1);
        return g;
    }

    private static WorkerGrid twoD(long cols, long rows, int tile) {
        WorkerGrid g = new WorkerGrid2D(Math.toIntExact(cols), Math.toIntExact(rows));
        g.setLocalWork(tile, tile, 1);
        return g;
    }

    private static long roundUp(long n, long to) {
        return Math.multiplyExact((Math.max(1, n) + to - 1) / to, to);
    }
}
