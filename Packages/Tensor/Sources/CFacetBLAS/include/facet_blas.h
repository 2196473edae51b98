// Facet's entry to OpenBLAS and its LAPACK, loaded at run time.
//
// Debian's OpenBLAS 0.3.21 does not recognise recent processors and silently falls
// back to its slowest kernels. The library reads OPENBLAS_CORETYPE once, when it is
// loaded; so Facet never links it directly: on first use it sets the variable from
// the CPU's features (only when the user has not set it) and then dlopen()s it.
#ifndef FACET_BLAS_H
#define FACET_BLAS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads OpenBLAS once (thread-safe). Returns 0 on success; otherwise a non-zero
/// code and a message in `facet_blas_error()`.
int facet_blas_load(void);
const char *facet_blas_error(void);

/// The kernel family in use, e.g. "SkylakeX", "Haswell", "Prescott".
const char *facet_blas_corename(void);
/// The OPENBLAS_CORETYPE Facet chose ("" when the user's setting was kept).
const char *facet_blas_chosen_coretype(void);
int facet_blas_get_threads(void);
void facet_blas_set_threads(int n);

/// C = alpha * op(A) * op(B) + beta * C, row-major. trans: 0 = no, 1 = transpose.
void facet_sgemm(int transA, int transB, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta,
                 float *c, int ldc);
/// y = alpha * op(A) * x + beta * y, row-major.
void facet_sgemv(int transA, int m, int n, float alpha, const float *a, int lda,
                 const float *x, float beta, float *y);

// LAPACK (column-major, Fortran conventions). Each returns LAPACK's info.
int facet_sgesdd(char jobz, int m, int n, float *a, int lda, float *s, float *u, int ldu,
                 float *vt, int ldvt, float *work, int lwork, int *iwork);
int facet_ssyevd(char jobz, char uplo, int n, float *a, int lda, float *w, float *work,
                 int lwork, int *iwork, int liwork);
int facet_sgelsd(int m, int n, int nrhs, float *a, int lda, float *b, int ldb, float *s,
                 float rcond, int *rank, float *work, int lwork, int *iwork);
int facet_sgetrf(int m, int n, float *a, int lda, int *ipiv);
int facet_sgetri(int n, float *a, int lda, const int *ipiv, float *work, int lwork);

// Double precision, for geometry (small systems where Float32 loses too much).
int facet_dgesdd(char jobz, int m, int n, double *a, int lda, double *s, double *u, int ldu,
                 double *vt, int ldvt, double *work, int lwork, int *iwork);

#ifdef __cplusplus
}
#endif
#endif
