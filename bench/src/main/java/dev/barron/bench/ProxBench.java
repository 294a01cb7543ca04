package dev.barron.bench;

import dev.barron.backend.Backend;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.ProxResult;
import dev.barron.model.Network;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/** Exact path-norm prox of all neurons, and the projection by prox bisection, at m = d. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProxBench {

    /** m,d. */
    @Param({"1024,1024"})
    public String shape;

    @Param({"cpu"})
    public String backend;

    @Param({"f64"})
    public String precision;

    private Backend impl;
    private Network net;
    private double radius;

    @Setup(Level.Trial)
    public void setUp() {
        int[] s = BenchData.shape(shape);
        impl = BenchData.open(backend, precision);
        net = BenchData.student(s[0], s[1], 5);
        radius = 0.5 * dev.barron.math.PathNorms.l1(net);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        impl.close();
    }

    @Benchmark
    public ProxResult prox() {
        return impl.pathNormProx(net, 0.01);
    }

    @Benchmark
    public ProjectionResult projectBisection() {
        return impl.pathNormProject(net, radius, ProjectionMethod.PROX_BISECTION);
    }
}
