// Direct 2-D convolution on channel-blocked data (NCHWc, 16 channels per block).
//
// im2col + sgemm copies the input kh*kw times and then runs a GEMM at ~70% of the FMA
// peak. Here a band of input rows is copied once into a zero-padded [C/16][rows][cols][16]
// layout (padding included, so the inner loop has no bounds checks), and a register tile of
// up to 4 blocks of 16 output channels x 6 output pixels accumulates over every input
// channel and tap: one broadcast input value feeds four 16-wide FMAs. Each finished output
// row is transposed back to NCHW while it is still in L1. Any kernel size, stride and
// dilation use the same loops. The tile loop is built three times (AVX-512, AVX2+FMA,
// portable C) and picked at run time from the CPU's features.
#include "facet_kernels.h"

#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#define FACET_X86_SIMD 1
#endif

enum { BLOCK = 16 };

static inline int blocks(int n) { return (n + BLOCK - 1) / BLOCK; }
static inline int min_int(int a, int b) { return a < b ? a : b; }

size_t facet_conv_nchwc_weight_count(int o, int c, int kh, int kw) {
    return (size_t)blocks(o) * blocks(c) * kh * kw * BLOCK * BLOCK;
}

// [O, C, kh, kw] -> [O/16][C/16][kh][kw][16 input channels][16 output channels], zero past
// O and C: one vector load gives one tap's weights for 16 output channels.
void facet_conv_nchwc_pack_weight(const float *restrict w, int o, int c, int kh, int kw, float *restrict packed) {
    int cb = blocks(c), taps = kh * kw;
    memset(packed, 0, facet_conv_nchwc_weight_count(o, c, kh, kw) * sizeof(float));
    for (int oc = 0; oc < o; oc++)
        for (int ic = 0; ic < c; ic++)
            for (int t = 0; t < taps; t++) {
                size_t block = ((size_t)(oc / BLOCK) * cb + ic / BLOCK) * taps + t;
                packed[block * BLOCK * BLOCK + (ic % BLOCK) * BLOCK + oc % BLOCK] = w[((size_t)oc * c + ic) * taps + t];
            }
}

// The input band of `rows` output rows: every input row and column (padding included) the
// taps of those rows reach.
static inline int band_rows(int rows, int kh, int sh, int dh) { return (rows - 1) * sh + (kh - 1) * dh + 1; }
static inline int band_cols(int wo, int kw, int sw, int dw) { return (wo - 1) * sw + (kw - 1) * dw + 1; }

size_t facet_conv_nchwc_scratch_count(int c, int o, int kh, int kw, int sh, int sw, int dh, int dw, int wo, int rows) {
    size_t band = (size_t)blocks(c) * band_rows(rows, kh, sh, dh) * band_cols(wo, kw, sw, dw) * BLOCK;
    size_t out_row = (size_t)blocks(o) * wo * BLOCK, bias = (size_t)blocks(o) * BLOCK;
    return band + out_row + bias + BLOCK;  // + BLOCK: room to align to 64 bytes
}

// dst[j][i] = src[i][j] for i < rows, j < cols (both at most 16); strides in floats.
static void transpose_portable(const float *restrict src, size_t src_stride, int rows, int cols,
                               float *restrict dst, size_t dst_stride) {
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) dst[(size_t)j * dst_stride + i] = src[(size_t)i * src_stride + j];
}

#ifdef FACET_X86_SIMD
// The same in registers: 16 masked row loads, four shuffle rounds, `cols` masked stores.
__attribute__((target("avx512f"))) static void transpose_avx512(const float *restrict src, size_t src_stride,
                                                                int rows, int cols, float *restrict dst,
                                                                size_t dst_stride) {
    __mmask16 col_mask = (__mmask16)((1u << cols) - 1), row_mask = (__mmask16)((1u << rows) - 1);
    __m512 r[16], t[16];
    for (int i = 0; i < 16; i++)
        r[i] = i < rows ? _mm512_maskz_loadu_ps(col_mask, src + (size_t)i * src_stride) : _mm512_setzero_ps();
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        __m512d t0 = _mm512_castps_pd(t[i]), t1 = _mm512_castps_pd(t[i + 1]);
        __m512d t2 = _mm512_castps_pd(t[i + 2]), t3 = _mm512_castps_pd(t[i + 3]);
        r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2));
        r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));
        r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3));
        r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));
    }
    // Now r[4q + k] holds, in each 128-bit lane L, rows 4q..4q+3 of column 4L + k.
    for (int k = 0; k < 4; k++) {
        __m512 a = _mm512_shuffle_f32x4(r[k], r[4 + k], 0x88), b = _mm512_shuffle_f32x4(r[k], r[4 + k], 0xdd);
        __m512 c = _mm512_shuffle_f32x4(r[8 + k], r[12 + k], 0x88), d = _mm512_shuffle_f32x4(r[8 + k], r[12 + k], 0xdd);
        t[k] = _mm512_shuffle_f32x4(a, c, 0x88);
        t[8 + k] = _mm512_shuffle_f32x4(a, c, 0xdd);
        t[4 + k] = _mm512_shuffle_f32x4(b, d, 0x88);
        t[12 + k] = _mm512_shuffle_f32x4(b, d, 0xdd);
    }
    for (int j = 0; j < cols; j++) _mm512_mask_storeu_ps(dst + (size_t)j * dst_stride, row_mask, t[j]);
}
#endif

typedef void (*transpose_fn)(const float *, size_t, int, int, float *, size_t);

// NCHW rows -> the zero-padded NCHWc band, by 16x16 transposes out of 16 channel planes.
static void pack_band(const float *restrict x, int c, int h, int w, int iy0, int nrows, int ix0, int ncols,
                      float *restrict band, transpose_fn transpose) {
    size_t row_stride = (size_t)ncols * BLOCK, plane = (size_t)h * w;
    // Band columns that fall inside the image.
    int lo = ix0 < 0 ? -ix0 : 0;
    int hi = min_int(w - ix0, ncols);
    if (hi < lo) hi = lo;
    for (int b = 0; b < blocks(c); b++) {
        int valid = min_int(c - b * BLOCK, BLOCK);
        for (int r = 0; r < nrows; r++) {
            float *restrict dst = band + ((size_t)b * nrows + r) * row_stride;
            int iy = iy0 + r;
            // Padding rows and columns, and the lanes of channels past C, are zeros.
            if (iy < 0 || iy >= h || valid < BLOCK) {
                memset(dst, 0, row_stride * sizeof(float));
                if (iy < 0 || iy >= h) continue;
            }
            if (lo > 0) memset(dst, 0, (size_t)lo * BLOCK * sizeof(float));
            if (hi < ncols) memset(dst + (size_t)hi * BLOCK, 0, (size_t)(ncols - hi) * BLOCK * sizeof(float));
            const float *src = x + (size_t)b * BLOCK * plane + (size_t)iy * w + ix0;
            for (int col = lo; col < hi; col += BLOCK)
                transpose(src + col, plane, valid, min_int(hi - col, BLOCK), dst + (size_t)col * BLOCK, BLOCK);
        }
    }
}

// Where one output row's tiles read and write. Strides are in floats.
typedef struct {
    const float *x;   // the band at this output row's first tap row, column 0, block 0
    size_t x_block;   // between input channel blocks
    size_t x_tap_row; // between taps ki and ki + 1 (dilation rows)
    size_t x_tap_col; // between taps kj and kj + 1 (dilation columns)
    size_t x_pixel;   // between adjacent output pixels (stride columns)
    const float *w;   // packed weights
    size_t w_block;   // between output channel blocks
    const float *bias; // [O/16][16], zero past O
    float *y;         // the output row in NCHWc: [O/16][wo][16]
    size_t y_block;
    int cb, kh, kw, ob, wo;
} row_args;

// One tile: NB output channel blocks x NP output pixels, starting from the bias and summed
// over every input channel and tap. NB and NP are constants at every call site, so the
// NB * NP sums stay in registers for the whole reduction.
#define DEFINE_TILE(NAME, ATTR, VEC, LANES, LOAD, SET1, FMA, STORE)                                 \
    static inline __attribute__((always_inline)) ATTR void NAME(const row_args *a, const int NB,    \
                                                                const int NP, int ob0, int ox0) {    \
        enum { V = BLOCK / LANES };                                                                  \
        VEC acc[4 * V][8];                                                                           \
        _Pragma("clang loop unroll(full)") for (int v = 0; v < NB * V; v++)                        \
            _Pragma("clang loop unroll(full)") for (int p = 0; p < NP; p++)                        \
                acc[v][p] = LOAD(a->bias + (ob0 + v / V) * BLOCK + (v % V) * LANES);                 \
        const float *wb = a->w + (size_t)ob0 * a->w_block;                                          \
        for (int ib = 0; ib < a->cb; ib++)                                                           \
            for (int ki = 0; ki < a->kh; ki++)                                                       \
                for (int kj = 0; kj < a->kw; kj++) {                                                 \
                    const float *xp = a->x + ib * a->x_block + ki * a->x_tap_row + kj * a->x_tap_col \
                                      + (size_t)ox0 * a->x_pixel;                                    \
                    const float *wp = wb + ((size_t)(ib * a->kh + ki) * a->kw + kj) * BLOCK * BLOCK; \
                    for (int ic = 0; ic < BLOCK; ic++) {                                             \
                        VEC wv[4 * V];                                                               \
                        _Pragma("clang loop unroll(full)") for (int v = 0; v < NB * V; v++)        \
                            wv[v] = LOAD(wp + (v / V) * a->w_block + ic * BLOCK + (v % V) * LANES);  \
                        _Pragma("clang loop unroll(full)") for (int p = 0; p < NP; p++) {          \
                            VEC xv = SET1(xp[p * a->x_pixel + ic]);                                  \
                            _Pragma("clang loop unroll(full)") for (int v = 0; v < NB * V; v++)    \
                                acc[v][p] = FMA(wv[v], xv, acc[v][p]);                               \
                        }                                                                            \
                    }                                                                                \
                }                                                                                    \
        _Pragma("clang loop unroll(full)") for (int v = 0; v < NB * V; v++)                        \
            _Pragma("clang loop unroll(full)") for (int p = 0; p < NP; p++)                        \
                STORE(a->y + (size_t)(ob0 + v / V) * a->y_block + (size_t)(ox0 + p) * BLOCK        \
                      + (v % V) * LANES, acc[v][p]);                                                 \
    }

// A row as tiles of at most MAX_NB blocks x MAX_NP pixels (MAX_NB <= 4, MAX_NP <= 8: the
// tile's arrays); CASES lists every (blocks, pixels) shape the edges need, each a
// specialised copy of the tile.
#define TILE_CASE(TILE, NB, NP) case (NB) * 16 + (NP): TILE(a, NB, NP, ob0, ox0); break;
#define TILE_CASES_UP_TO_6(TILE, NB)                                                                \
    TILE_CASE(TILE, NB, 1) TILE_CASE(TILE, NB, 2) TILE_CASE(TILE, NB, 3)                            \
    TILE_CASE(TILE, NB, 4) TILE_CASE(TILE, NB, 5) TILE_CASE(TILE, NB, 6)
#define DEFINE_ROW(NAME, ATTR, MAX_NB, MAX_NP, CASES)                                               \
    ATTR static void NAME(const row_args *a) {                                                       \
        for (int ob0 = 0; ob0 < a->ob; ob0 += MAX_NB) {                                              \
            int nb = min_int(a->ob - ob0, MAX_NB);                                                   \
            for (int ox0 = 0; ox0 < a->wo; ox0 += MAX_NP) {                                          \
                switch (nb * 16 + min_int(a->wo - ox0, MAX_NP)) { CASES }                            \
            }                                                                                        \
        }                                                                                            \
    }

#ifdef FACET_X86_SIMD
#define AVX512 __attribute__((target("avx512f")))
#define AVX2 __attribute__((target("avx2,fma")))
DEFINE_TILE(tile_avx512, AVX512, __m512, 16, _mm512_loadu_ps, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_storeu_ps)
DEFINE_TILE(tile_avx2, AVX2, __m256, 8, _mm256_loadu_ps, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_storeu_ps)
// AVX-512: 4 blocks x 6 pixels = 24 of the 32 vector registers hold sums, 4 hold weights.
DEFINE_ROW(row_avx512, AVX512, 4, 6,
           TILE_CASES_UP_TO_6(tile_avx512, 1) TILE_CASES_UP_TO_6(tile_avx512, 2)
           TILE_CASES_UP_TO_6(tile_avx512, 3) TILE_CASES_UP_TO_6(tile_avx512, 4))
// AVX2: 1 block (two 8-wide vectors) x 6 pixels = 12 of the 16 registers.
DEFINE_ROW(row_avx2, AVX2, 1, 6, TILE_CASES_UP_TO_6(tile_avx2, 1))
#endif

// Portable: the same loops on 16-float structs (the compiler vectorises what it can).
typedef struct { float f[BLOCK]; } lanes16;
static inline lanes16 lanes_load(const float *p) { lanes16 r; memcpy(r.f, p, sizeof r.f); return r; }
static inline lanes16 lanes_set1(float x) { lanes16 r; for (int i = 0; i < BLOCK; i++) r.f[i] = x; return r; }
static inline lanes16 lanes_fma(lanes16 w, lanes16 x, lanes16 acc) {
    for (int i = 0; i < BLOCK; i++) acc.f[i] += w.f[i] * x.f[i];
    return acc;
}
static inline void lanes_store(float *p, lanes16 v) { memcpy(p, v.f, sizeof v.f); }
DEFINE_TILE(tile_portable, , lanes16, 16, lanes_load, lanes_set1, lanes_fma, lanes_store)
DEFINE_ROW(row_portable, , 1, 4,
           TILE_CASE(tile_portable, 1, 1) TILE_CASE(tile_portable, 1, 2)
           TILE_CASE(tile_portable, 1, 3) TILE_CASE(tile_portable, 1, 4))

typedef void (*row_fn)(const row_args *);

// 0: from the CPU's features; 1 portable, 2 AVX2, 3 AVX-512 (tests pin each in turn).
// Atomic only so that reading it from worker threads is not a data race.
static int forced_level = 0;

int facet_conv_nchwc_level(void) {
#ifdef FACET_X86_SIMD
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 3;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 2;
#endif
    return 1;
}

int facet_conv_nchwc_force_level(int level) {
    int best = facet_conv_nchwc_level();
    int pinned = level > best ? best : (level < 0 ? 0 : level);
    __atomic_store_n(&forced_level, pinned, __ATOMIC_RELAXED);
    return pinned == 0 ? best : pinned;
}

void facet_conv_nchwc_rows(const float *restrict x, int c, int h, int w, const float *restrict packed_weight,
                           const float *restrict bias, int o, int kh, int kw, int sh, int sw, int ph, int pw,
                           int dh, int dw, float *restrict y, int ho, int wo, int oy0, int oy1,
                           float *restrict scratch) {
    if (oy1 <= oy0) return;
    int level = __atomic_load_n(&forced_level, __ATOMIC_RELAXED);
    if (level == 0) level = facet_conv_nchwc_level();
    row_fn row = row_portable;
    transpose_fn transpose = transpose_portable;
#ifdef FACET_X86_SIMD
    if (level == 3) {
        row = row_avx512;
        transpose = transpose_avx512;
    } else if (level == 2) {
        row = row_avx2;
    }
#endif
    int cb = blocks(c), ob = blocks(o);
    int nrows = band_rows(oy1 - oy0, kh, sh, dh), ncols = band_cols(wo, kw, sw, dw);
    size_t row_stride = (size_t)ncols * BLOCK;
    float *band = (float *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    float *out = band + (size_t)cb * nrows * row_stride;
    float *bias_blocks = out + (size_t)ob * wo * BLOCK;
    for (int i = 0; i < ob * BLOCK; i++) bias_blocks[i] = bias && i < o ? bias[i] : 0.0f;
    pack_band(x, c, h, w, oy0 * sh - ph, nrows, -pw, ncols, band, transpose);
    row_args a = {
        .x_block = (size_t)nrows * row_stride, .x_tap_row = (size_t)dh * row_stride,
        .x_tap_col = (size_t)dw * BLOCK, .x_pixel = (size_t)sw * BLOCK,
        .w = packed_weight, .w_block = (size_t)cb * kh * kw * BLOCK * BLOCK, .bias = bias_blocks,
        .y = out, .y_block = (size_t)wo * BLOCK, .cb = cb, .kh = kh, .kw = kw, .ob = ob, .wo = wo,
    };
    for (int oy = oy0; oy < oy1; oy++) {
        a.x = band + (size_t)(oy - oy0) * sh * row_stride;
        row(&a);
        // NCHWc row -> row oy of each of the O output planes.
        for (int b = 0; b < ob; b++)
            for (int ox = 0; ox < wo; ox += BLOCK)
                transpose(out + ((size_t)b * wo + ox) * BLOCK, BLOCK, min_int(wo - ox, BLOCK),
                          min_int(o - b * BLOCK, BLOCK), y + ((size_t)b * BLOCK * ho + oy) * wo + ox,
                          (size_t)ho * wo);
    }
}
