package dev.barron.cli;

import dev.barron.backend.ProjectionMethod;
import dev.barron.experiments.InitKind;
import dev.barron.experiments.ObjectiveKind;
import dev.barron.experiments.OuterInit;
import dev.barron.experiments.TeacherKind;
import dev.barron.model.Activation;
import dev.barron.model.Labelled;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import picocli.CommandLine;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Option values parsed by {@link Labelled#parse}, so that the command line accepts exactly the
 * labels the library prints and its files hold (mean-field, prox-bisection, f32, ...). Each
 * enum has a converter and a list of candidates for --help (picocli instantiates them by class).
 */
final class Converters {

    private Converters() {
    }

    /** A flag's value as one of type's constants; a bad one is one line naming it and the allowed labels. */
    abstract static class Label<E extends Enum<E> & Labelled> implements CommandLine.ITypeConverter<E> {
        private final Class<E> type;
        private final List<E> allowed;

        /** Any of type's constants, or only those listed (a command that supports a subset). */
        @SafeVarargs
        Label(Class<E> type, E... only) {
            this.type = type;
            this.allowed = only.length == 0 ? List.of(type.getEnumConstants()) : List.of(only);
        }

        @Override
        public E convert(String text) {
            try {
                E e = Labelled.parse(type, "value", text);
                if (allowed.contains(e)) {
                    return e;
                }
            } catch (IllegalArgumentException e) {
                // refused below, with the labels this option takes
            }
            throw new CommandLine.TypeConversionException("'" + text + "'; allowed: "
                    + allowed.stream().map(Labelled::label).collect(Collectors.joining(", ")));
        }
    }

    /** Candidates listed in --help by ${COMPLETION-CANDIDATES}. */
    abstract static class Labels implements Iterable<String> {
        private final Class<? extends Labelled> type;

        Labels(Class<? extends Labelled> type) {
            this.type = type;
        }

        @Override
        public Iterator<String> iterator() {
            return Labelled.labels(type).iterator();
        }
    }

    static final class ActivationConverter extends Label<Activation> {
        ActivationConverter() {
            super(Activation.class);
        }
    }

    static final class ActivationLabels extends Labels {
        ActivationLabels() {
            super(Activation.class);
        }
    }

    static final class ScalingConverter extends Label<Scaling> {
        ScalingConverter() {
            super(Scaling.class);
        }
    }

    static final class ScalingLabels extends Labels {
        ScalingLabels() {
            super(Scaling.class);
        }
    }

    static final class PrecisionConverter extends Label<Precision> {
        PrecisionConverter() {
            super(Precision.class);
        }
    }

    static final class PrecisionLabels extends Labels {
        PrecisionLabels() {
            super(Precision.class);
        }
    }

    static final class MethodConverter extends Label<ProjectionMethod> {
        MethodConverter() {
            super(ProjectionMethod.class);
        }
    }

    static final class MethodLabels extends Labels {
        MethodLabels() {
            super(ProjectionMethod.class);
        }
    }

    static final class TeacherConverter extends Label<TeacherKind> {
        TeacherConverter() {
            super(TeacherKind.class);
        }
    }

    static final class InitConverter extends Label<InitKind> {
        InitConverter() {
            super(InitKind.class);
        }
    }

    static final class OuterInitConverter extends Label<OuterInit> {
        OuterInitConverter() {
            super(OuterInit.class);
        }
    }

    static final class ObjectiveConverter extends Label<ObjectiveKind> {
        ObjectiveConverter() {
            super(ObjectiveKind.class);
        }
    }

    /** The survey draws identity or orthogonal teachers and Gaussian initialisations only. */
    static final class SurveyTeacherConverter extends Label<TeacherKind> {
        SurveyTeacherConverter() {
            super(TeacherKind.class, TeacherKind.IDENTITY, TeacherKind.ORTHOGONAL);
        }
    }

    static final class SurveyInitConverter extends Label<InitKind> {
        SurveyInitConverter() {
            super(InitKind.class, InitKind.XAVIER, InitKind.GAUSSIAN);
        }
    }
}
