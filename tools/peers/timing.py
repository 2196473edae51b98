"""Timing shared by the peer scripts of `tools/bench`: the median of repeated calls after
warm-up, the same protocol as facet-bench's `medianTime`."""
import statistics
import time


def median_time(fn, warmup=2, repeats=7):
    """Median seconds of `repeats` calls of `fn` after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_ms(fn, warmup=2, repeats=9):
    """`median_time` in milliseconds."""
    return 1000 * median_time(fn, warmup, repeats)
