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

// Direct 2-D convolution through a channel-blocked (NCHWc, 16 channels per block) layout,
// for one group of one image at a time (facet_conv_nchwc.c).

/// Floats of the packed form of an [O, C, kh, kw] weight.
size_t facet_conv_nchwc_weight_count(int o, int c, int kh, int kw);
/// Packs an [O, C, kh, kw] weight (one group's) for `facet_conv_nchwc_rows`.
void facet_conv_nchwc_pack_weight(const float *w, int o, int c, int kh, int kw, float *packed);
/// Floats of scratch one call of `facet_conv_nchwc_rows` needs for `rows` output rows.
size_t facet_conv_nchwc_scratch_count(int c, int o, int kh, int kw, int sh, int sw, int dh, int dw, int wo, int rows);
/// Output rows [oy0, oy1) of one image: x is [C, h, w], y is [O, ho, wo] (both NCHW planes),
/// bias is [O] or NULL. Writes only those rows of y.
void facet_conv_nchwc_rows(const float *x, int c, int h, int w, const float *packed_weight, const float *bias,
                           int o, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                           float *y, int ho, int wo, int oy0, int oy1, float *scratch);
/// The widest tile loop this CPU runs: 1 portable C, 2 AVX2+FMA, 3 AVX-512.
int facet_conv_nchwc_level(void);
/// Pins the tile loop to `level` (capped at what the CPU has; 0 restores the automatic
/// choice) and returns the level now in use. For tests: not thread-safe against running convolutions.
int facet_conv_nchwc_force_level(int level);

#ifdef __cplusplus
}
#endif
#endif
