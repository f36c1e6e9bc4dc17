/**
 * Layers of the numeric core. Each layer is a class whose static {@code forward} and
 * {@code backward} kernels sit side by side and work on flat row-major {@code float[]} arrays
 * with explicit offsets and dimensions (forward overwrites its outputs, backward adds into
 * gradients); a tape-level method ({@code apply}) allocates the output {@link recur.tensor.Var},
 * runs forward and records the backward step for the inputs that require a gradient. Matrix
 * products go through {@link recur.tensor.Gemm}, elementwise transcendental functions through
 * {@link recur.tensor.VecMath}; sums are accumulated in double.
 *
 * <p>Depends on {@code recur.tensor} only.
 *
 * <p>Glossary of shape letters: N rows (any flattening of leading dimensions, e.g. T·B),
 * B batch, T time, E embedding width, H hidden width, V vocabulary size, I / O input / output
 * width of a linear map, F feature width, A attention (additive scorer) width, Hv value width,
 * K kernel width, D dilation. Sequences are time-major: (T, B, …).
 */
package recur.nn;
