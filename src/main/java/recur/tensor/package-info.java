/**
 * The numeric core: row-major float32 storage ({@link recur.tensor.Var}, {@link recur.tensor.ParamStore}),
 * the tape that replays backward steps ({@link recur.tensor.Tape}), and the kernels every layer
 * calls — {@link recur.tensor.Gemm} for all matrix products and {@link recur.tensor.VecMath}
 * for elementwise work.
 *
 * <p>Kernels take flat {@code float[]} arrays with explicit offsets and leading dimensions, as
 * BLAS does, and never allocate per call beyond small scratch ({@link recur.tensor.Gemm#pack} makes
 * the one exception on purpose: a right-hand operand packed once for many products). Two
 * implementations sit behind each: a Vector API one ({@code jdk.incubator.vector}, classes {@code VectorGemm} and
 * {@code VectorMath}, loaded only when {@link recur.tensor.Simd#AVAILABLE}) and a plain-Java
 * one ({@code PlainGemm}, {@code ScalarMath}) for JVMs started without the module or with
 * {@code -Drecur.nosimd=true}. {@link recur.tensor.Threads} sets how many threads products may
 * use; results are bit-identical for any thread count.
 *
 * <p>Depends on the JDK and on ojAlgo only, and is the only package that may import ojAlgo;
 * any class here that does calls {@link recur.tensor.OjAlgo#configure()} first so ojAlgo
 * stays on one thread. Nothing here depends on {@code recur.nn} or above.
 *
 * <p>Glossary: a product is C[m×n] (+)= op(A)[m×k] · op(B)[k×n], op being identity or
 * transpose; lda, ldb, ldc are leading dimensions (row strides, ≥ the stored row length);
 * ao, bo, co (and so, dO, xo …) offsets into the arrays; n in {@code VecMath} is the run length.
 * MR×NR is the register tile of the packed kernel, KC/MC/NC its depth, row and column blocks.
 */
package recur.tensor;
