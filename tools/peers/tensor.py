"""Peer side of `tools/bench tensor`: numpy, onnxruntime and Pillow on the shapes facet-bench uses.

Prints `name: value` lines with the same names as facet-bench.
  python tensor.py --make-jpeg PATH   writes the 1024x1024 test JPEG
  python tensor.py --jpeg PATH        measures
"""
import argparse
import io

import numpy as np
from timing import median_time


def make_jpeg(path):
    from PIL import Image
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:1024, 0:1024].astype(np.float32)
    img = np.stack([
        128 + 100 * np.sin(x / 37.0) * np.cos(y / 53.0),
        128 + 90 * np.sin((x + y) / 71.0),
        128 + 80 * np.cos(x / 23.0 - y / 41.0),
    ], axis=-1) + rng.normal(0, 12, (1024, 1024, 3))
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(path, quality=90)


def conv_model(groups, cin, cout):
    import onnx
    from onnx import TensorProto, helper
    rng = np.random.default_rng(0)
    w = rng.standard_normal((cout, cin // groups, 3, 3)).astype(np.float32)
    node = helper.make_node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1], strides=[1, 1], group=groups)
    graph = helper.make_graph([node], "conv",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [8, cin, 56, 56])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [8, cout, 56, 56])],
                              [helper.make_tensor("w", TensorProto.FLOAT, w.shape, w.flatten())])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model.SerializeToString()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--make-jpeg")
    ap.add_argument("--jpeg")
    args = ap.parse_args()
    if args.make_jpeg:
        make_jpeg(args.make_jpeg)
        return

    rng = np.random.default_rng(0)
    for n in (256, 512, 1024, 2048):
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        s = median_time(lambda: a @ b, warmup=5, repeats=3 if n >= 2048 else 9)
        print(f"matmul_{n}_gflops: {2 * n ** 3 / s / 1e9:.1f}")

    import onnxruntime as ort
    x = rng.standard_normal((8, 64, 56, 56), dtype=np.float32)
    for name, groups, flops, digits in (("conv", 1, 2.0 * 8 * 64 * 64 * 9 * 56 * 56, 1),
                                        ("depthwise", 64, 2.0 * 8 * 64 * 9 * 56 * 56, 2)):
        sess = ort.InferenceSession(conv_model(groups, 64, 64), providers=["CPUExecutionProvider"])
        s = median_time(lambda: sess.run(None, {"x": x}))
        print(f"{name}_gflops: {flops / s / 1e9:.{digits}f}")
        print(f"{name}_ms: {s * 1e3:.3f}")

    big = rng.uniform(-4, 4, 1 << 24).astype(np.float32)
    other = rng.uniform(0, 1, 1 << 24).astype(np.float32)
    print(f"add_16m_ms: {median_time(lambda: big + other) * 1e3:.3f}")
    print(f"exp_16m_ms: {median_time(lambda: np.exp(big)) * 1e3:.3f}")

    if args.jpeg:
        from PIL import Image
        data = open(args.jpeg, "rb").read()

        def decode():
            im = Image.open(io.BytesIO(data))
            im.load()
        print(f"jpeg_decode_1024_ms: {median_time(decode, repeats=15) * 1e3:.3f}")


if __name__ == "__main__":
    main()
