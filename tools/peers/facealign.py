"""Peer for `tools/bench facealign`: OpenCV's Viola-Jones detector on the same 640x480
frame and the same cascade files as Facet's detector. Prints `name: value` lines."""
import argparse

import cv2
from timing import median_ms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--frame", required=True)
    parser.add_argument("--haar", required=True)
    parser.add_argument("--lbp", required=True)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    cv2.setNumThreads(args.threads)
    gray = cv2.cvtColor(cv2.imread(args.frame), cv2.COLOR_BGR2GRAY)
    for name, path in (("haar", args.haar), ("lbp", args.lbp)):
        cascade = cv2.CascadeClassifier(path)
        detect = lambda: cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=3)
        print(f"detect_{name}_faces: {len(detect())}")
        print(f"detect_{name}_640x480_ms: {median_ms(detect):.3f}")


if __name__ == "__main__":
    main()
