package dev.barron.backend.tornado.conventions;

import dev.barron.model.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * The name under which TornadoVM's PTX backend looks up a prebuilt kernel. TornadoVM 5.2 does
 * not use the entry point given to prebuiltTask as it stands: it calls
 * PTXCodeUtil.buildKernelName(entryPoint, task), which strings together the task's id, the entry
 * point and every argument, and asks the CUDA module for a function of that name. So the PTX
 * a Barron task hands over must carry its entry under this name ({@link dev.barron.backend.ptx.PtxModule#withOnly}).
 *
 * <p>The rule, as PTXCodeUtil writes it (TornadoVM 5.2.1): the task id "graph.task" with every
 * character that is not a letter or digit turned into '_' (and a leading digit prefixed by '_');
 * then "_" and the entry point; then, per argument, "_" and a token: a boxed scalar's
 * toString() with '.' as '_' and every '-' dropped, an off-heap array's class name with '.' as
 * '_'. The prefixes "uk_ac_manchester_tornado_api_types_" and
 * "uk_ac_manchester_tornado_api_types_collections_" and every '&amp;' are removed, and the whole
 * is lower-cased. Barron's tasks pass nothing else (no Java arrays, no other objects) and run
 * without TornadoVM's batch processing, whose thread count and batch number would enter the
 * name too.
 */
public final class TornadoKernelName {

    private static final String PACKAGE_TYPES = "uk_ac_manchester_tornado_api_types_";
    private static final String PACKAGE_COLLECTIONS = "uk_ac_manchester_tornado_api_types_collections_";

    private TornadoKernelName() {
    }

    /**
     * The kernel name of a prebuilt task.
     *
     * @param taskId the task's id, "graphName.taskName"
     * @param entryPoint the entry point given to prebuiltTask
     * @param args the task's arguments in order: boxed scalars (Number), or off-heap arrays
     *     (TornadoNativeArray instances, or their Class)
     */
    public static String of(String taskId, String entryPoint, List<?> args) {
        List<String> tokens = new ArrayList<>(args.size());
        for (Object arg : args) {
            tokens.add(token(arg));
        }
        return ofTokens(taskId, entryPoint, tokens);
    }

    /** The name from the arguments' tokens ({@link #token}). */
    static String ofTokens(String taskId, String entryPoint, List<String> tokens) {
        if (taskId == null || taskId.isEmpty()) {
            throw Check.bad("taskId", taskId, "must be a non-empty \"graph.task\" id");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < taskId.length(); i++) {
            char c = taskId.charAt(i);
            if (i == 0 && Character.isDigit(c)) {
                sb.append('_').append(c);
            } else {
                sb.append(Character.isLetterOrDigit(c) ? c : '_');
            }
        }
        sb.append('_').append(entryPoint);
        for (String t : tokens) {
            sb.append('_').append(t);
        }
        // the default locale, as TornadoVM lower-cases it
        return sb.toString().replace(PACKAGE_TYPES, "").replace(PACKAGE_COLLECTIONS, "").replace("&", "")
                .toLowerCase();
    }

    /** An off-heap array's token: its class name with '.' as '_'. */
    static String arrayToken(String className) {
        return className.replace('.', '_');
    }

    private static String token(Object arg) {
        if (arg == null) {
            throw Check.bad("argument", "null", "must be a boxed scalar or an off-heap array");
        }
        if (arg instanceof Number n) {
            return n.toString().replace('.', '_').replace("-", "");
        }
        Class<?> type = arg instanceof Class<?> c ? c : arg.getClass();
        if (type.isArray()) {
            throw Check.bad("argument", type.getSimpleName(), "must be a boxed scalar or an off-heap array");
        }
        return arrayToken(type.getName());
    }
}
