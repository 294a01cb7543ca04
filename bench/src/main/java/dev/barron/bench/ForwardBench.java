package dev.barron.bench;

import dev.barron.backend.Backend;
import dev.barron.model.FloatMatrix;
import dev.barron.model.Matrix;
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

/**
 * Batched ReLU forward s * relu(X W^T) a; 2 n d m flops. In f32 the batch is float data
 * ({@code Backend.forward(FloatMatrix, Network)}), as numpy's peer holds X in float32: neither
 * side widens it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ForwardBench {

    /** n,d,m. */
    @Param({"4096,256,1024", "16384,1024,1024"})
    public String shape;

    @Param({"cpu"})
    public String backend;

    @Param({"f32"})
    public String precision;

    private Backend impl;
    private Network net;
    private Matrix x;
    private FloatMatrix xf;

    @Setup(Level.Trial)
    public void setUp() {
        int[] s = BenchData.shape(shape);
        impl = BenchData.open(backend, precision);
        x = BenchData.gaussian(s[0], s[1], 1.0, 3);
        xf = precision.equals("f32") ? FloatMatrix.rounded(x) : null;
        net = BenchData.student(s[2], s[1], 4);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        impl.close();
    }

    @Benchmark
    public double[] forward() {
        return xf != null ? impl.forward(xf, net) : impl.forward(x, net);
    }
}
