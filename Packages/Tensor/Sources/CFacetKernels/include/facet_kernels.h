// Vectorised elementwise maths over float arrays.
//
// Written in C so that the compiler's loop vectoriser sees plain branch-free loops,
// and compiled for several instruction sets (target_clones): the loader picks the
// widest the CPU has (AVX-512, AVX2+FMA, or baseline SSE2) at run time.
#ifndef FACET_KERNELS_H
#define FACET_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void facet_vexp(const float *x, float *y, size_t n);
void facet_vlog(const float *x, float *y, size_t n);
void facet_vtanh(const float *x, float *y, size_t n);
void facet_vsigmoid(const float *x, float *y, size_t n);
/// y[i] = exp(x[i] - shift); returns the sum of y (for softmax).
float facet_vexp_shifted_sum(const float *x, float *y, size_t n, float shift);

/// One plane of a depthwise convolution: dst[ho, wo] = sum over the kernel of
/// k[ki, kj] * src[oy*sh + ki*dh - ph, ox*sw + kj*dw - pw] (zero outside the image).
void facet_depthwise_plane(const float *src, int h, int w, const float *k, int kh, int kw,
                           int sh, int sw, int ph, int pw, int dh, int dw,
                           float *dst, int ho, int wo);

/// Max pooling of one plane; `argmax` receives each winner's flat index in the plane.
/// NaN wins (and so propagates), as in PyTorch.
/// NaN wins (and so propagates), as in PyTorch.
void facet_maxpool_plane(const float *src, int h, int w, int kh, int kw, int sh, int sw, int ph,
                         int pw, float *dst, int *argmax, int ho, int wo);

#ifdef __cplusplus
}
#endif
#endif
