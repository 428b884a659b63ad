/** Backend on EJML's dense row-major matrices ({@code DMatrixRMaj} and {@code CommonOps_DDRM}). */
package io.jlstm.backend.ejml;
