package dev.barron.backend.tornado;

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
 * Writes the hand-written task graphs of one execution plan: each task is a prebuilt kernel of
 * {@link TornadoProgram} with its arguments and its launch shape (TornadoVM launches a prebuilt
 * kernel as a single work-item unless the grid scheduler gives it a worker grid).
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

    /** Read and written, or written in part (TornadoVM may clear a WRITE_ONLY buffer first). */
    static Arg io(RealStore s) {
        return new Arg(s, Access.READ_WRITE);
    }

    private final String prefix;
    private final String file;
    private final TornadoProgram.Geometry geometry;
    private final GridScheduler grids = new GridScheduler();
    private final List<ImmutableTaskGraph> snapshots = new ArrayList<>();
    private final Map<String, Integer> indexOf = new HashMap<>();

    PlanBuilder(String prefix, String file, TornadoProgram.Geometry geometry) {
        this.prefix = prefix;
        this.file = file;
        this.geometry = geometry;
    }

    Graph graph(String name) {
        return new Graph(name);
    }

    GridScheduler grids() {
        return grids;
    }

    ImmutableTaskGraph[] snapshots() {
        return snapshots.toArray(new ImmutableTaskGraph[0]);
    }

    Map<String, Integer> indices() {
        return Map.copyOf(indexOf);
    }

    // ---- launch shapes, as the JOCL driver launches the same kernels ----

    /** Two-dimensional tiles: dimension 0 covers cols, dimension 1 covers rows. */
    WorkerGrid tiles(int cols, int rows) {
        int t = geometry.tile();
        WorkerGrid g = new WorkerGrid2D(roundUp(cols, t), roundUp(rows, t));
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
    WorkerGrid items(long n) {
        int local = geometry.group();
        WorkerGrid g = new WorkerGrid1D(roundUp(Math.toIntExact(Math.max(1, n)), local));
        g.setLocalWork(local, 1, 1);
        return g;
    }

    /** A single work-item. */
    WorkerGrid single() {
        return groupsOf(1, 1);
    }

    private static WorkerGrid groupsOf(int count, int local) {
        WorkerGrid g = new WorkerGrid1D(Math.multiplyExact(count, local));
        g.setLocalWork(local, 1, 1);
        return g;
    }

    private static int roundUp(int n, int to) {
        return Math.multiplyExact((n + to - 1) / to, to);
    }

    /** One task graph under construction. */
    final class Graph {

        private final String name;
        private final TaskGraph graph;
        private int tasks;

        private Graph(String name) {
            this.name = name;
            this.graph = new TaskGraph(prefix + name);
        }

        /** Host to device with every execution (inputs that change between executions). */
        Graph upload(RealStore... stores) {
            graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, arrays(stores));
            return this;
        }

        /** Host to device once, on the first execution (the initial contents of device-resident state). */
        Graph uploadOnce(RealStore... stores) {
            graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, arrays(stores));
            return this;
        }

        /** Device-resident state that an earlier graph of the plan left on the device. */
        Graph consume(RealStore... stores) {
            graph.consumeFromDevice(arrays(stores));
            return this;
        }

        /** Device-resident state that later graphs of the plan consume. */
        Graph persist(RealStore... stores) {
            graph.persistOnDevice(arrays(stores));
            return this;
        }

        /** Device to host with every execution. */
        Graph download(RealStore... stores) {
            graph.transferToHost(DataTransferMode.EVERY_EXECUTION, arrays(stores));
            return this;
        }

        /**
         * A prebuilt task running the kernel entry on the grid. Arguments: {@link Arg} for arrays,
         * Integer, Double or Float for scalars (fixed when the graph is built).
         */
        Graph task(String entry, WorkerGrid grid, Object... args) {
            AccessorParameters accessors = new AccessorParameters(args.length);
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Arg a) {
                    accessors.set(i, a.store().array(), a.access());
                } else {
                    accessors.set(i, args[i], Access.READ_ONLY);
                }
            }
            String id = "t" + tasks++ + "_" + entry;
            graph.prebuiltTask(id, entry, file, accessors);
            grids.addWorkerGrid(prefix + name + "." + id, grid);
            return this;
        }

        /** Ends the graph: it becomes graph number {@code indices().get(name)} of the plan. */
        void done() {
            indexOf.put(name, snapshots.size());
            snapshots.add(graph.snapshot());
        }

        private Object[] arrays(RealStore... stores) {
            return Arrays.stream(stores).map(RealStore::array).toArray();
        }
    }
}
