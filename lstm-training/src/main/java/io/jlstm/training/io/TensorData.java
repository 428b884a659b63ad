package io.jlstm.training.io;

import java.util.Arrays;

/**
 * A named tensor's shape and float64 values in row-major order, as stored in or read from a file.
 * A zero-dimensional shape contains one scalar.
 */
public record TensorData(long[] shape, double[] data) {

    /**
     * Checks that {@code data} has as many values as the shape's product.
     *
     * @throws IllegalArgumentException on a negative dimension or a size mismatch
     */
    public TensorData {
        long count = elementCount(shape);
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count + " values, but "
                    + data.length + " were given");
        }
    }

    /** Product of {@code shape}. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    /** Shape formatted as {@code [a, b]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "TensorData" + shapeText();
    }
}
