package dev.barron.cli;

import dev.barron.backend.ProjectionMethod;
import dev.barron.model.Activation;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import picocli.CommandLine;

import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Option values parsed by the model's own parse methods, so that the command line accepts
 * exactly the labels the library prints (mean-field, prox-bisection, f32, ...).
 */
final class Converters {

    private Converters() {
    }

    private static <T> T convert(String text, Function<String, T> parse, String allowed) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + text + "'; allowed: " + allowed);
        }
    }

    /** Candidates listed in --help by ${COMPLETION-CANDIDATES}. */
    abstract static class Labels implements Iterable<String> {
        private final List<String> labels;

        Labels(String... labels) {
            this.labels = List.of(labels);
        }

        @Override
        public Iterator<String> iterator() {
            return labels.iterator();
        }

        String allowed() {
            return String.join(", ", labels);
        }
    }

    static final class ActivationLabels extends Labels {
        ActivationLabels() {
            super("relu", "step", "erf", "relu2");
        }
    }

    static final class ScalingLabels extends Labels {
        ScalingLabels() {
            super("plain", "mean-field");
        }
    }

    static final class PrecisionLabels extends Labels {
        PrecisionLabels() {
            super("f64", "f32");
        }
    }

    static final class MethodLabels extends Labels {
        MethodLabels() {
            super("prox-bisection", "rescale", "l1-outer");
        }
    }

    static final class ActivationConverter implements CommandLine.ITypeConverter<Activation> {
        @Override
        public Activation convert(String value) {
            return Converters.convert(value, Activation::parse, new ActivationLabels().allowed());
        }
    }

    static final class ScalingConverter implements CommandLine.ITypeConverter<Scaling> {
        @Override
        public Scaling convert(String value) {
            return Converters.convert(value, Scaling::parse, new ScalingLabels().allowed());
        }
    }

    static final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            return Converters.convert(value, Precision::parse, new PrecisionLabels().allowed());
        }
    }

    static final class MethodConverter implements CommandLine.ITypeConverter<ProjectionMethod> {
        @Override
        public ProjectionMethod convert(String value) {
            return Converters.convert(value, ProjectionMethod::parse, new MethodLabels().allowed());
        }
    }
}
