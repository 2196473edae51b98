"""Peer for `tools/bench facealign`: dlib's 68-point shape predictor (the model shipped in
face_recognition_models; evaluation only, its licence forbids commercial use) on the same
face box of the same 640x480 frame as Facet's landmark model. Prints `name: value` lines;
`landmarks_b16_ms` is per face over 16 faces in a row (dlib has no batched call)."""
import argparse
import importlib.util
import os

import dlib
import numpy as np
from PIL import Image
from timing import median_ms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--frame", required=True)
    parser.add_argument("--box", required=True, help="file with 'x y width height' of the face")
    args = parser.parse_args()
    models = importlib.util.find_spec("face_recognition_models").submodule_search_locations[0]
    predictor = dlib.shape_predictor(os.path.join(models, "models", "shape_predictor_68_face_landmarks.dat"))
    gray = np.asarray(Image.open(args.frame).convert("L"))
    x, y, w, h = (float(v) for v in open(args.box).read().split())
    rect = dlib.rectangle(int(round(x)), int(round(y)), int(round(x + w)), int(round(y + h)))
    print(f"landmarks_b1_ms: {median_ms(lambda: predictor(gray, rect), 3, 21):.3f}")
    print(f"landmarks_b16_ms: {median_ms(lambda: [predictor(gray, rect) for _ in range(16)], 2, 9) / 16:.3f}")


if __name__ == "__main__":
    main()
