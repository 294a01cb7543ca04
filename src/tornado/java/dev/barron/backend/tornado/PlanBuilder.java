package dev.barron.backend.tornado;

import dev.barron.backend.opencl.KernelGeometry;

import uk.ac.manchester.tornado.api.AccessorParameters;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.common.Access;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the hand-written task graphs of one execution plan. An operation is a sequence of
 * prebuilt kernels of {@link TornadoProgram}; each kernel becomes a task graph of its own that
 * consumes the state array from the device, runs, and persists it again. Two limits of
 * TornadoVM 5.2 make it so: a task graph with several prebuilt tasks launches the first task's
 * kernel for all of them, and a graph consumes only what the previously executed graph held.
 * A prebuilt kernel also needs a worker grid, or TornadoVM launches it as one work-item.
 */
final class PlanBuilder {

    /** An array argument with the access the kernel makes of it. */
    record Arg(RealStore store, Access access) {
    }

    static Arg in(RealStore s) {
        return new Arg(s, Access.READ_ONLY);
    }

    static Arg out(RealStore s) {
        return new Arg(s, Access.WRITE_ONLY);
    }

    static Arg io(RealStore s) {
        return new Arg(s, Access.READ_WRITE);
    }

    private final String prefix;
    private final TornadoProgram.KernelFiles files;
    private final KernelGeometry geometry;
    private final RealStore state;
    private final GridScheduler grids = new GridScheduler();
    private final List<ImmutableTaskGraph> snapshots = new ArrayList<>();
    private final Map<String, int[]> operations = new HashMap<>();

    PlanBuilder(String prefix, TornadoProgram.KernelFiles files, KernelGeometry geometry, RealStore state) {
        this.prefix = prefix;
        this.files = files;
        this.geometry = geometry;
        this.state = state;
    }

    Op op(String name) {
        return new Op(name);
    }

    GridScheduler grids() {
        return grids;
    }

    ImmutableTaskGraph[] snapshots() {
        return snapshots.toArray(new ImmutableTaskGraph[0]);
    }

    /** Operation name to the indices of its task graphs in the plan, in execution order. */
    Map<String, int[]> operations() {
        return Map.copyOf(operations);
    }

    /** The state array as a kernel argument. */
    Arg state() {
        return io(state);
    }

    // ---- launch shapes, as the JOCL driver launches the same kernels ----

    /**
     * The blocked matrix products: work-groups of TILE x TILE items, each item computing a 4 x 4
     * block, so a group covers 4 TILE x 4 TILE outputs (dimension 0 covers cols, 1 covers rows).
     */
    WorkerGrid tiles(int cols, int rows) {
        int t = geometry.tile();
        int block = 4 * t;
        WorkerGrid g = new WorkerGrid2D(roundUp(Math.max(1, cols), block) / 4, roundUp(Math.max(1, rows), block) / 4);
        g.setLocalWork(t, t, 1);
        return g;
    }

    /** One item per (row, col), in TILE x TILE groups: dimension 0 covers cols, 1 covers rows. */
    WorkerGrid grid(int cols, int rows) {
        int t = geometry.tile();
        WorkerGrid g = new WorkerGrid2D(roundUp(Math.max(1, cols), t), roundUp(Math.max(1, rows), t));
        g.setLocalWork(t, t, 1);
        return g;
    }

    /** One work-group of the row-reduction size per index in [0, count). */
    WorkerGrid groups(int count) {
        return groupsOf(count, geometry.group());
    }

    /** One work-group of the single-group reduction size. */
    WorkerGrid reduction() {
        return groupsOf(1, geometry.reduce());
    }

    /** One work-item per index in [0, n), in groups of the row-reduction size. */
    WorkerGrid items(int n) {
        int local = geometry.group();
        WorkerGrid g = new WorkerGrid1D(roundUp(Math.max(1, n), local));
        g.setLocalWork(local, 1, 1);
        return g;
    }

    /** A single work-item. */
    WorkerGrid single() {
        return groupsOf(1, 1);
    }

    private static WorkerGrid groupsOf(int count, int local) {
        WorkerGrid g = new WorkerGrid1D(Math.multiplyExact(Math.max(1, count), local));
        g.setLocalWork(local, 1, 1);
        return g;
    }

    private static int roundUp(int n, int to) {
        return Math.multiplyExact((n + to - 1) / to, to);
    }

    private record TaskSpec(String entry, WorkerGrid grid, Object[] args, List<RealStore> uploads,
                            List<RealStore> uploadsOnce, List<RealStore> downloads) {
    }

    /** One operation under construction. */
    final class Op {

        private final String name;
        private final List<TaskSpec> tasks = new ArrayList<>();

        private Op(String name) {
            this.name = name;
        }

        /**
         * A prebuilt task running the kernel entry on the grid. Arguments: {@link Arg} for arrays
         * (the state array once, through {@link #state()}), Integer for integers, and
         * {@link RealStore#scalar} for reals.
         */
        Op task(String entry, WorkerGrid grid, Object... args) {
            tasks.add(new TaskSpec(entry, grid, args, new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
            return this;
        }

        /** Host to device before the last task, with every execution. */
        Op upload(RealStore... stores) {
            last().uploads().addAll(Arrays.asList(stores));
            return this;
        }

        /** Host to device before the last task, on the plan's first execution of it only. */
        Op uploadOnce(RealStore... stores) {
            last().uploadsOnce().addAll(Arrays.asList(stores));
            return this;
        }

        /** Device to host after the last task, with every execution. */
        Op download(RealStore... stores) {
            last().downloads().addAll(Arrays.asList(stores));
            return this;
        }

        void done() {
            int[] indices = new int[tasks.size()];
            for (int t = 0; t < tasks.size(); t++) {
                indices[t] = snapshots.size();
                snapshots.add(graphOf(t, tasks.get(t)).snapshot());
            }
            operations.put(name, indices);
        }

        private TaskGraph graphOf(int t, TaskSpec spec) {
            String graphName = prefix + name + t;
            TaskGraph graph = new TaskGraph(graphName);
            // The plan's very first graph puts the state on the device; every later one takes it
            // from the graph executed before it.
            if (!snapshots.isEmpty()) {
                graph.consumeFromDevice(state.array());
            }
            if (!spec.uploadsOnce().isEmpty()) {
                graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, arrays(spec.uploadsOnce()));
            }
            if (!spec.uploads().isEmpty()) {
                graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, arrays(spec.uploads()));
            }
            Object[] args = new Object[spec.args().length];
            AccessorParameters accessors = new AccessorParameters(args.length);
            for (int i = 0; i < args.length; i++) {
                if (spec.args()[i] instanceof Arg a) {
                    args[i] = a.store().array();
                    accessors.set(i, args[i], a.access());
                } else {
                    args[i] = slot(spec.args()[i]);
                    accessors.set(i, args[i], Access.READ_ONLY);
                }
            }
            graph.prebuiltTask("t", spec.entry(), files.fileFor(graphName + ".t", spec.entry(), args), accessors);
            graph.persistOnDevice(state.array());
            if (!spec.downloads().isEmpty()) {
                graph.transferToHost(DataTransferMode.EVERY_EXECUTION, arrays(spec.downloads()));
            }
            grids.addWorkerGrid(graphName + ".t", spec.grid());
            return graph;
        }

        /**
         * A scalar as the entry points take it: a 64-bit integer (kernels/tornado_entries.cl; TornadoVM's
         * PTX backend gives every argument an 8-byte slot). Reals arrive already as their bits
         * ({@link RealStore#scalar}).
         */
        private Object slot(Object scalar) {
            if (scalar instanceof Integer i) {
                return (long) i;
            }
            if (scalar instanceof Long) {
                return scalar;
            }
            throw new IllegalArgumentException("tornado: a scalar argument must be an Integer or the Long of"
                    + " RealStore.scalar, not " + scalar.getClass().getSimpleName());
        }

        private TaskSpec last() {
            if (tasks.isEmpty()) {
                throw new IllegalStateException("tornado: add a task to operation " + name + " first");
            }
            return tasks.get(tasks.size() - 1);
        }

        private Object[] arrays(List<RealStore> stores) {
            return stores.stream().map(RealStore::array).toArray();
        }
    }
}
