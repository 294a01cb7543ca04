package dev.barron.train;

/** What the trainer tells its caller while it runs. All methods have no-op defaults. */
public interface TrainListener {

    /** A checkpoint is due: the caller stores it (atomically) with the files it belongs with. */
    default void checkpoint(Checkpoint checkpoint) {
    }

    /** Called every 1024 steps and at logged steps, for progress bars. */
    default void progress(long step, long maxSteps, double loss) {
    }

    /** The divergence guard restarted the run with a smaller step. */
    default void restarted(int restarts, long atStep, double newLearningRate) {
    }

    TrainListener NONE = new TrainListener() {
    };
}
