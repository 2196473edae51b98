"""Peer side of Facet's safetensors interoperability check, using the reference `safetensors` package.

Both sides hold the same reference content (REFERENCE below; the Swift copy is in
Packages/NN/Tests/NNTests/SafetensorsInteropTests.swift):
  python safetensors_interop.py --make-fixture PATH   writes it with the Python package
                                                       (the committed test fixture)
  python safetensors_interop.py --check PATH          loads a file Facet wrote with the
                                                       reference (Rust) parser and checks it
                                                       holds exactly the reference content,
                                                       bit for bit, with Facet's layout promises
Prints `safetensors_interop: ok` or a reason and exits non-zero.
Needs numpy and safetensors (tools/setup-peers safetensors); no torch.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import safetensors

# float32 values whose F16 rounding is checked against numpy: ties to even (1 + 2^-11 -> 1,
# 1 + 3*2^-11 -> 1 + 2^-9), overflow (65520 -> inf), subnormal ties, underflow, NaN.
F16_ROUNDING_SOURCE = [1.0 + 2.0**-11, 1.0 + 3 * 2.0**-11, 65519.0, 65520.0, 2.0**-25, 3 * 2.0**-26,
                       1e-8, -1e5, 0.1, float("nan")]


def bf16(values):
    """bfloat16 bits of float32 values that bfloat16 holds exactly."""
    bits = np.array(values, dtype=np.float32).view(np.uint32)
    assert np.all(bits & 0xFFFF == 0), "reference bf16 values must be exact"
    return (bits >> 16).astype(np.uint16)


def half(values):
    """numpy's float32 -> float16 conversion (round to nearest even, overflow to inf)."""
    with np.errstate(over="ignore"):
        return np.array(values, dtype=np.float32).astype(np.float16)


# name -> (safetensors dtype, numpy array of the stored elements; BF16 as its uint16 bits)
REFERENCE = {
    "f32": ("F32", np.array([[0.0, -1.5, 3.25], [1e-3, 65504.0, -(2.0**-20)]], dtype=np.float32)),
    "f16": ("F16", np.array([[1.0, -2.5, 0.333251953125, 65504.0], [2.0**-24, -0.0, 2.0**-14, np.inf]], dtype=np.float16)),
    "f16_rounded": ("F16", half(F16_ROUNDING_SOURCE)),
    "bf16": ("BF16", bf16([1.0, -3.140625, 2.0**100, 2.0**-130])),
    "f64": ("F64", np.array([0.1, -2.5e10], dtype=np.float64)),
    "i8": ("I8", np.array([-128, -1, 0, 1, 127], dtype=np.int8)),
    "u8": ("U8", np.array([[0, 1], [128, 255]], dtype=np.uint8)),
    "i16": ("I16", np.array([-32768, 32767], dtype=np.int16)),
    "u16": ("U16", np.array([0, 65535], dtype=np.uint16)),
    "i32": ("I32", np.array([-2147483648, 0, 16777217], dtype=np.int32)),
    "u32": ("U32", np.array([4294967295], dtype=np.uint32)),
    "i64": ("I64", np.array([[-(2**63), -1], [2**53 + 1, 2**62]], dtype=np.int64)),
    "u64": ("U64", np.array([2**64 - 1], dtype=np.uint64)),
    "bool": ("BOOL", np.array([True, False, True], dtype=np.bool_)),
    "scalar": ("F32", np.array(42.0, dtype=np.float32)),
    "empty": ("F32", np.zeros((0, 3), dtype=np.float32)),
    "layer.0.weight": ("F32", np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)),
}

METADATA = {
    "format": "np",
    "facet.test": "interop",
    "text": 'quote " backslash \\ newline \n tab \t unicode \u00e9 \u2713 \U0001F600',
}

SPEC_DTYPE = {"F32": "float32", "F16": "float16", "BF16": "bfloat16", "F64": "float64", "I8": "int8",
              "U8": "uint8", "I16": "int16", "U16": "uint16", "I32": "int32", "U32": "uint32",
              "I64": "int64", "U64": "uint64", "BOOL": "bool"}
ITEMSIZE = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I8": 1, "U8": 1, "I16": 2, "U16": 2, "I32": 4,
            "U32": 4, "I64": 8, "U64": 8, "BOOL": 1}


def make_fixture(path):
    # TensorSpec takes raw pointers: keep every array alive until serialize_file returns.
    # (copy, not ascontiguousarray, which turns the 0-d scalar into shape [1])
    arrays = {name: a.copy(order="C") for name, (_, a) in REFERENCE.items()}
    specs = {name: safetensors.TensorSpec(dtype=SPEC_DTYPE[dtype], shape=list(arrays[name].shape),
                                          data_ptr=arrays[name].ctypes.data, data_len=arrays[name].nbytes)
             for name, (dtype, _) in REFERENCE.items()}
    safetensors.serialize_file(specs, path, metadata=METADATA)
    os.chmod(path, 0o644)


def check_content(data):
    """Differences between a file's tensors and metadata and the reference content."""
    problems = []
    # The reference parser validates the whole file (offsets, sizes, no gaps).
    loaded = dict(safetensors.deserialize(data))
    (n,) = struct.unpack("<Q", data[:8])
    metadata = json.loads(data[8:8 + n].decode("utf-8")).get("__metadata__")
    if metadata != METADATA:
        problems.append(f"metadata {metadata!r} differs from {METADATA!r}")
    if set(loaded) != set(REFERENCE):
        problems.append(f"tensor names differ: missing {sorted(set(REFERENCE) - set(loaded))}, "
                        f"unexpected {sorted(set(loaded) - set(REFERENCE))}")
    for name, (dtype, expected) in REFERENCE.items():
        if name not in loaded:
            continue
        got = loaded[name]
        if got["dtype"] != dtype:
            problems.append(f"{name}: dtype {got['dtype']}, expected {dtype}")
            continue
        if list(got["shape"]) != list(expected.shape):
            problems.append(f"{name}: shape {got['shape']}, expected {list(expected.shape)}")
            continue
        want = np.ascontiguousarray(expected).tobytes()
        if bytes(got["data"]) != want:
            problems.append(f"{name}: bytes {bytes(got['data']).hex()} differ from expected {want.hex()}")
    return problems


def check_layout(data):
    """Breaches of the layout Facet's writer promises (the reference writer orders keys otherwise)."""
    problems = []
    # Facet's layout promises: 8-aligned header padded with spaces, keys sorted,
    # every tensor aligned to its element size.
    (n,) = struct.unpack("<Q", data[:8])
    raw = data[8:8 + n].decode("utf-8")
    if n % 8 != 0:
        problems.append(f"header length {n} is not a multiple of 8")
    if len(raw) - len(raw.rstrip(" ")) >= 8:
        problems.append("header padding is more than 7 spaces")
    header = json.loads(raw)
    keys = list(header)
    if keys != ["__metadata__"] + sorted(k for k in keys if k != "__metadata__"):
        problems.append(f"header keys are not sorted with __metadata__ first: {keys}")
    for name, entry in header.items():
        if name != "__metadata__" and entry["data_offsets"][0] % ITEMSIZE[entry["dtype"]] != 0:
            problems.append(f"{name}: offset {entry['data_offsets'][0]} not aligned to {ITEMSIZE[entry['dtype']]}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--make-fixture", metavar="PATH")
    group.add_argument("--check", metavar="PATH")
    args = parser.parse_args()
    path = args.make_fixture or args.check
    try:
        if args.make_fixture:
            make_fixture(path)
        with open(path, "rb") as f:
            data = f.read()
        problems = check_content(data) + ([] if args.make_fixture else check_layout(data))
    except Exception as error:  # a parse failure is a failed check, reported in one line
        problems = [f"{type(error).__name__}: {error}"]
    if problems:
        for p in problems:
            print(f"safetensors_interop: FAIL {p}", file=sys.stderr)
        return 1
    print("safetensors_interop: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
