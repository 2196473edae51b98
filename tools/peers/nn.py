"""Peer side of `tools/bench nn`: the same small CNN trained with PyTorch on CPU.

conv(1->32, 3x3, pad 1) ReLU maxpool 2 -> conv(32->64, 3x3, pad 1) ReLU maxpool 2 ->
flatten -> linear(3136 -> 10); cross-entropy; SGD (lr 0.01, momentum 0.9); batch 64 of
28x28 inputs. Prints `train_step_ms` (median over the timed steps) and `peak_rss_mb`.
"""
import argparse
import resource
import statistics
import time

import torch
from torch import nn


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=30)
    args = ap.parse_args()
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(64, 1, 28, 28)
    y = torch.randint(0, 10, (64,))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(5):
        step()
    times = []
    for _ in range(args.steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    print(f"torch_threads: {torch.get_num_threads()}")
    print(f"train_step_ms: {statistics.median(times) * 1e3:.3f}")
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")


if __name__ == "__main__":
    main()
