package recur.tensor;

/**
 * Whether the JDK's Vector API ({@code jdk.incubator.vector}) is present in this JVM. Classes
 * that use it are loaded only when it is; otherwise the plain-Java kernels run.
 */
public final class Simd {
    /** True when the module was added ({@code --add-modules jdk.incubator.vector}) and not disabled. */
    public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("recur.nosimd");

    private Simd() {}
}
