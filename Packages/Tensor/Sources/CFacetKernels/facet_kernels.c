#include "facet_kernels.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#define MULTI_TARGET __attribute__((target_clones("avx512f", "arch=haswell", "default")))
#else
#define MULTI_TARGET
#endif

static inline float bits_to_float(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t float_to_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

// Cephes expf: range reduction by ln 2, degree-6 polynomial, scale by 2^k through the
// exponent bits, split in two factors so that 2^128 (near FLT_MAX) and the subnormal
// range stay representable. Max error ~2 ulp; exp(x) = +inf above ln(FLT_MAX), 0 below -103.97.
static inline float exp_core(float x) {
    const float hi = 88.72283905f, lo = -103.972076f;
    float xc = x < lo ? lo : (x > hi ? hi : x);
    float fx = __builtin_rintf(xc * 1.44269504088896341f);
    float r = xc - fx * 0.693359375f;
    r = r - fx * -2.12194440e-4f;
    float r2 = r * r;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float y = p * r2 + r + 1.0f;
    int32_t k = (int32_t)fx;
    int32_t k1 = k >> 1, k2 = k - k1;
    float s1 = bits_to_float((uint32_t)(k1 + 127) << 23);
    float s2 = bits_to_float((uint32_t)(k2 + 127) << 23);
    float out = (y * s1) * s2;
    out = x < lo ? 0.0f : out;
    out = x > hi ? __builtin_inff() : out;
    return x != x ? x : out;
}

// Cephes logf: split into mantissa in [sqrt(1/2), sqrt(2)) and exponent, degree-8 polynomial.
static inline float log_core(float x) {
    float xc = x < 1.17549435e-38f ? 1.17549435e-38f : x;
    uint32_t bits = float_to_bits(xc);
    float e = (float)((int32_t)((bits >> 23) & 0xff) - 126);
    float m = bits_to_float((bits & 0x007fffffu) | 0x3f000000u);
    int small = m < 0.707106781186547524f;
    e = small ? e - 1.0f : e;
    m = small ? m + m : m;
    m = m - 1.0f;
    float z = m * m;
    float p = 7.0376836292e-2f;
    p = p * m - 1.1514610310e-1f;
    p = p * m + 1.1676998740e-1f;
    p = p * m - 1.2420140846e-1f;
    p = p * m + 1.4249322787e-1f;
    p = p * m - 1.6668057665e-1f;
    p = p * m + 2.0000714765e-1f;
    p = p * m - 2.4999993993e-1f;
    p = p * m + 3.3333331174e-1f;
    float y = p * m * z;
    y = y + e * -2.12194440e-4f;
    y = y - z * 0.5f;
    float out = m + y + e * 0.693359375f;
    out = x == 0.0f ? -__builtin_inff() : out;
    out = x < 0.0f ? __builtin_nanf("") : out;
    out = x == __builtin_inff() ? x : out;
    return x != x ? x : out;
}

MULTI_TARGET
void facet_vexp(const float *restrict x, float *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = exp_core(x[i]);
}

MULTI_TARGET
void facet_vlog(const float *restrict x, float *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = log_core(x[i]);
}

MULTI_TARGET
void facet_vtanh(const float *restrict x, float *restrict y, size_t n) {
    // tanh(x) = 1 - 2 / (exp(2x) + 1): exact limits +-1, no cancellation for large |x|.
    for (size_t i = 0; i < n; i++) {
        float v = x[i];
        float t = 1.0f - 2.0f / (exp_core(2.0f * v) + 1.0f);
        // Near zero the formula cancels; tanh(x) ~ x - x^3/3 is exact to float there.
        float small = v - v * v * v * (1.0f / 3.0f);
        t = (v > -0.004f && v < 0.004f) ? small : t;
        y[i] = v != v ? v : t;
    }
}

MULTI_TARGET
void facet_vsigmoid(const float *restrict x, float *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = 1.0f / (1.0f + exp_core(-x[i]));
}

MULTI_TARGET
float facet_vexp_shifted_sum(const float *restrict x, float *restrict y, size_t n, float shift) {
    // Sixteen partial sums keep the loop vectorisable without reassociating floats.
    float part[16] = {0};
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (size_t j = 0; j < 16; j++) {
            float e = exp_core(x[i + j] - shift);
            y[i + j] = e;
            part[j] += e;
        }
    float sum = 0.0f;
    for (; i < n; i++) {
        float e = exp_core(x[i] - shift);
        y[i] = e;
        sum += e;
    }
    for (size_t j = 0; j < 16; j++) sum += part[j];
    return sum;
}

// Nine multiply-adds per output over three buffer rows (the same expression everywhere, so
// every output rounds identically whichever loop computes it).
static inline __attribute__((always_inline)) void depthwise3x3_row(
    const float *restrict r0, const float *restrict r1, const float *restrict r2, const float *restrict k,
    float *restrict out, int n) {
    const float k0 = k[0], k1 = k[1], k2 = k[2], k3 = k[3], k4 = k[4], k5 = k[5], k6 = k[6], k7 = k[7], k8 = k[8];
    for (int ox = 0; ox < n; ox++) {
        out[ox] = k0 * r0[ox] + k1 * r0[ox + 1] + k2 * r0[ox + 2]
                + k3 * r1[ox] + k4 * r1[ox + 1] + k5 * r1[ox + 2]
                + k6 * r2[ox] + k7 * r2[ox + 1] + k8 * r2[ox + 2];
    }
}

// 3x3, stride 1, dilation 1: copy the plane into a zero-bordered buffer once, then every
// output is nine multiply-adds over three rows in one pass (no per-tap sweeps, no bounds).
// The buffer is wide enough for whole 16-float vectors: a row's last partial vector is
// computed in full into a small temporary instead of by a scalar tail loop.
MULTI_TARGET
static void depthwise3x3_s1(const float *restrict src, int h, int w, const float *restrict k,
                            int ph, int pw, float *restrict dst, int ho, int wo) {
    int full = wo & ~15, vec = (wo + 15) & ~15;
    int pwid = vec + 2, phgt = ho + 2;
    size_t bytes = (size_t)pwid * phgt * sizeof(float);
    float stackbuf[8192];
    float *buf = bytes <= sizeof stackbuf ? stackbuf : (float *)malloc(bytes);
    if (!buf) return;
    memset(buf, 0, bytes);
    // The buffer's origin is input (-ph, -pw): output (oy, ox) reads buffer rows oy..oy+2,
    // columns ox..ox+2; columns c with 0 <= c - pw < w hold the image, one copy per row.
    int c0 = pw, c1 = w + pw < wo + 2 ? w + pw : wo + 2;
    for (int r = 0; r < phgt; r++) {
        int iy = r - ph;
        if (iy < 0 || iy >= h || c1 <= c0) continue;
        memcpy(buf + (size_t)r * pwid + c0, src + (size_t)iy * w, (size_t)(c1 - c0) * sizeof(float));
    }
    float tail[16];
    for (int oy = 0; oy < ho; oy++) {
        const float *r0 = buf + (size_t)oy * pwid, *r1 = r0 + pwid, *r2 = r1 + pwid;
        float *out = dst + (size_t)oy * wo;
        depthwise3x3_row(r0, r1, r2, k, out, full);
        if (full < wo) {
            depthwise3x3_row(r0 + full, r1 + full, r2 + full, k, tail, 16);
            memcpy(out + full, tail, (size_t)(wo - full) * sizeof(float));
        }
    }
    if (buf != stackbuf) free(buf);
}

MULTI_TARGET
void facet_depthwise_plane(const float *restrict src, int h, int w, const float *restrict k, int kh,
                           int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                           float *restrict dst, int ho, int wo) {
    if (kh == 3 && kw == 3 && sh == 1 && sw == 1 && dh == 1 && dw == 1) {
        depthwise3x3_s1(src, h, w, k, ph, pw, dst, ho, wo);
        return;
    }
    for (int oy = 0; oy < ho; oy++) {
        float *restrict row = dst + (size_t)oy * wo;
        for (int ox = 0; ox < wo; ox++) row[ox] = 0.0f;
        for (int ki = 0; ki < kh; ki++) {
            int iy = oy * sh + ki * dh - ph;
            if (iy < 0 || iy >= h) continue;
            const float *restrict srow = src + (size_t)iy * w;
            for (int kj = 0; kj < kw; kj++) {
                float kv = k[ki * kw + kj];
                int dx = kj * dw - pw;
                // Output columns whose input column lies inside the row.
                int lo = dx >= 0 ? 0 : (-dx + sw - 1) / sw;
                int hi = (w - dx + sw - 1) / sw;
                if (hi > wo) hi = wo;
                if (sw == 1) {
                    const float *restrict s = srow + dx;
                    for (int ox = lo; ox < hi; ox++) row[ox] += kv * s[ox];
                } else {
                    for (int ox = lo; ox < hi; ox++) row[ox] += kv * srow[ox * sw + dx];
                }
            }
        }
    }
}

MULTI_TARGET
void facet_maxpool_plane(const float *restrict src, int h, int w, int kh, int kw, int sh, int sw,
                         int ph, int pw, float *restrict dst, int *restrict argmax, int ho, int wo) {
    if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0) {
        // The common 2x2/2 case: every window lies inside the plane. `!(v <= best)` is true
        // for a NaN v, and `best == best` keeps a NaN once found: NaN propagates, as in PyTorch.
        for (int oy = 0; oy < ho; oy++) {
            const float *r0 = src + (size_t)(2 * oy) * w, *r1 = r0 + w;
            // Branch-free (selects, not jumps): on real data the comparisons are unpredictable.
            for (int ox = 0; ox < wo; ox++) {
                int i0 = 2 * ox;
                float a = r0[i0], b = r0[i0 + 1], c = r1[i0], d = r1[i0 + 1];
                float best = a;
                int k = 0, t;
                t = (best == best) & !(b <= best); best = t ? b : best; k = t ? 1 : k;
                t = (best == best) & !(c <= best); best = t ? c : best; k = t ? 2 : k;
                t = (best == best) & !(d <= best); best = t ? d : best; k = t ? 3 : k;
                dst[(size_t)oy * wo + ox] = best;
                argmax[(size_t)oy * wo + ox] = (2 * oy + (k >> 1)) * w + i0 + (k & 1);
            }
        }
        return;
    }
    for (int oy = 0; oy < ho; oy++) {
        int y0 = oy * sh - ph, y1 = y0 + kh;
        if (y0 < 0) y0 = 0;
        if (y1 > h) y1 = h;
        for (int ox = 0; ox < wo; ox++) {
            int x0 = ox * sw - pw, x1 = x0 + kw;
            if (x0 < 0) x0 = 0;
            if (x1 > w) x1 = w;
            float best = -__builtin_inff();
            int at = y0 * w + x0;
            for (int iy = y0; iy < y1; iy++)
                for (int ix = x0; ix < x1; ix++) {
                    float v = src[(size_t)iy * w + ix];
                    if (best == best && !(v <= best)) { best = v; at = iy * w + ix; }
                }
            dst[(size_t)oy * wo + ox] = best;
            argmax[(size_t)oy * wo + ox] = at;
        }
    }
}
