#define _GNU_SOURCE
#include "facet_blas.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RowMajor = 101, NoTrans = 111, Trans = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
                         const float *, int, float, float *, int);
typedef void (*sgemv_fn)(int, int, int, int, float, const float *, int, const float *, int,
                         float, float *, int);
typedef char *(*corename_fn)(void);
typedef int (*get_threads_fn)(void);
typedef void (*set_threads_fn)(int);
typedef void (*sgesdd_fn)(const char *, const int *, const int *, float *, const int *, float *,
                          float *, const int *, float *, const int *, float *, const int *,
                          int *, int *);
typedef void (*ssyevd_fn)(const char *, const char *, const int *, float *, const int *,
                          float *, float *, const int *, int *, const int *, int *);
typedef void (*sgelsd_fn)(const int *, const int *, const int *, float *, const int *, float *,
                          const int *, float *, const float *, int *, float *, const int *,
                          int *, int *);
typedef void (*sgetrf_fn)(const int *, const int *, float *, const int *, int *, int *);
typedef void (*sgetri_fn)(const int *, float *, const int *, const int *, float *,
                          const int *, int *);
typedef void (*dgesdd_fn)(const char *, const int *, const int *, double *, const int *,
                          double *, double *, const int *, double *, const int *, double *,
                          const int *, int *, int *);

static struct {
    sgemm_fn sgemm;
    sgemv_fn sgemv;
    corename_fn corename;
    get_threads_fn get_threads;
    set_threads_fn set_threads;
    sgesdd_fn sgesdd;
    ssyevd_fn ssyevd;
    sgelsd_fn sgelsd;
    sgetrf_fn sgetrf;
    sgetri_fn sgetri;
    dgesdd_fn dgesdd;
} lib;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static char load_error[512];
static char chosen_coretype[32];

// Newest kernel family whose instructions this CPU has. OpenBLAS' own detection in
// 0.3.21 only knows CPU models up to its release; feature flags do not age.
static const char *coretype_for_this_cpu(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
    if (__builtin_cpu_supports("avx")) return "Sandybridge";
    return NULL;
}

static void *need(void *handle, const char *name) {
    void *p = dlsym(handle, name);
    if (!p && load_status == 0) {
        snprintf(load_error, sizeof load_error, "OpenBLAS lacks the symbol %s", name);
        load_status = 2;
    }
    return p;
}

static void load_once(void) {
    const char *user = getenv("OPENBLAS_CORETYPE");
    if (!user || !*user) {
        const char *t = coretype_for_this_cpu();
        if (t) {
            setenv("OPENBLAS_CORETYPE", t, 0);
            snprintf(chosen_coretype, sizeof chosen_coretype, "%s", t);
        }
    }
    // Idle OpenBLAS threads spin (sched_yield) for ~2^28 cycles after each call, taking a
    // core from the element-wise work between products; let them sleep much sooner.
    const char *timeout = getenv("OPENBLAS_THREAD_TIMEOUT");
    if (!timeout || !*timeout) setenv("OPENBLAS_THREAD_TIMEOUT", "18", 0);
    const char *names[] = {"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0"};
    void *h = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !h; i++)
        h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(load_error, sizeof load_error,
                 "cannot load OpenBLAS (%s); install it with tools/setup or "
                 "`apt-get install libopenblas0`", dlerror());
        load_status = 1;
        return;
    }
    load_status = 0;
    lib.sgemm = (sgemm_fn)need(h, "cblas_sgemm");
    lib.sgemv = (sgemv_fn)need(h, "cblas_sgemv");
    lib.corename = (corename_fn)need(h, "openblas_get_corename");
    lib.get_threads = (get_threads_fn)need(h, "openblas_get_num_threads");
    lib.set_threads = (set_threads_fn)need(h, "openblas_set_num_threads");
    lib.sgesdd = (sgesdd_fn)need(h, "sgesdd_");
    lib.ssyevd = (ssyevd_fn)need(h, "ssyevd_");
    lib.sgelsd = (sgelsd_fn)need(h, "sgelsd_");
    lib.sgetrf = (sgetrf_fn)need(h, "sgetrf_");
    lib.sgetri = (sgetri_fn)need(h, "sgetri_");
    lib.dgesdd = (dgesdd_fn)need(h, "dgesdd_");
}

int facet_blas_load(void) {
    pthread_once(&once, load_once);
    return load_status;
}

const char *facet_blas_error(void) { return load_error; }
const char *facet_blas_chosen_coretype(void) { return chosen_coretype; }

const char *facet_blas_corename(void) {
    if (facet_blas_load() != 0) return "unavailable";
    return lib.corename();
}

int facet_blas_get_threads(void) { return facet_blas_load() == 0 ? lib.get_threads() : 0; }
void facet_blas_set_threads(int n) { if (facet_blas_load() == 0) lib.set_threads(n); }

// The Swift side calls facet_blas_load() once and fails clearly before any of these run.
void facet_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *a,
                 int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    lib.sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a,
              lda, b, ldb, beta, c, ldc);
}

void facet_sgemv(int transA, int m, int n, float alpha, const float *a, int lda, const float *x,
                 float beta, float *y) {
    lib.sgemv(RowMajor, transA ? Trans : NoTrans, m, n, alpha, a, lda, x, 1, beta, y, 1);
}

int facet_sgesdd(char jobz, int m, int n, float *a, int lda, float *s, float *u, int ldu,
                 float *vt, int ldvt, float *work, int lwork, int *iwork) {
    int info = 0;
    lib.sgesdd(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info);
    return info;
}

int facet_ssyevd(char jobz, char uplo, int n, float *a, int lda, float *w, float *work,
                 int lwork, int *iwork, int liwork) {
    int info = 0;
    lib.ssyevd(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info);
    return info;
}

int facet_sgelsd(int m, int n, int nrhs, float *a, int lda, float *b, int ldb, float *s,
                 float rcond, int *rank, float *work, int lwork, int *iwork) {
    int info = 0;
    lib.sgelsd(&m, &n, &nrhs, a, &lda, b, &ldb, s, &rcond, rank, work, &lwork, iwork, &info);
    return info;
}

int facet_sgetrf(int m, int n, float *a, int lda, int *ipiv) {
    int info = 0;
    lib.sgetrf(&m, &n, a, &lda, ipiv, &info);
    return info;
}

int facet_sgetri(int n, float *a, int lda, const int *ipiv, float *work, int lwork) {
    int info = 0;
    lib.sgetri(&n, a, &lda, ipiv, work, &lwork, &info);
    return info;
}

int facet_dgesdd(char jobz, int m, int n, double *a, int lda, double *s, double *u, int ldu,
                 double *vt, int ldvt, double *work, int lwork, int *iwork) {
    int info = 0;
    lib.dgesdd(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info);
    return info;
}
