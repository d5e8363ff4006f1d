"""A quick ODS of a trained model.onnx on a folder with masks, for watching training only.

The recorded ODS of each model comes from the server (`npm run replicate` and the model cards);
this script follows the same rule (ods-metric.md: uint8 probabilities, 100 cuts, strict >,
counts summed over the set) so the two should agree closely.

    python3 training/quick_ods.py training/runs/unet-base/model.pt ../shared/data/DeepCrack unet [limit]
"""

import os
import sys

import numpy as np
import onnx  # noqa: F401  (checks the file parses with the onnx package too)
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(__file__))
from train import HEIGHT, WIDTH, folder_pairs, load_pair  # noqa: E402

CUTS = np.array([int(np.floor(2.55 * k + 1e-9)) + 1 for k in range(100)])


def ods_of_pt(net, folder: str, limit: int | None = None):
    pairs = folder_pairs(folder)[:limit]
    tp = np.zeros(100)
    fp = np.zeros(100)
    fn = np.zeros(100)
    net.eval()
    with torch.no_grad():
        for image, mask in pairs:
            x, _ = load_pair(image, mask)
            prob = torch.sigmoid(net(x[None])[0])[0, 0]
            gt_image = Image.open(mask).convert('L')
            # the server resizes the map back to the mask's size
            p = Image.fromarray((prob.numpy() * 255).round().astype(np.uint8))
            if gt_image.size != (WIDTH, HEIGHT):
                p = p.resize(gt_image.size, Image.BILINEAR)
            v = np.asarray(p).astype(np.int32).ravel()
            g = np.asarray(gt_image).ravel() > 127
            hist_pos = np.bincount(v[g], minlength=256)
            hist_neg = np.bincount(v[~g], minlength=256)
            above_pos = np.cumsum(hist_pos[::-1])[::-1]
            above_neg = np.cumsum(hist_neg[::-1])[::-1]
            tp += above_pos[CUTS]
            fp += above_neg[CUTS]
            fn += g.sum() - above_pos[CUTS]
    precision = np.where(tp + fp == 0, 1.0, tp / np.maximum(tp + fp, 1))
    recall = tp / np.maximum(tp + fn, 1)
    f = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0)
    k = int(np.argmax(f))
    return float(f[k]), k / 100


if __name__ == '__main__':
    from crack_nets import ARCHITECTURES

    weights, folder = sys.argv[1], sys.argv[2]
    arch = sys.argv[3]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    torch.set_num_threads(1)
    net = ARCHITECTURES[arch]()
    net.load_state_dict(torch.load(weights))
    ods, t = ods_of_pt(net, folder, limit)
    print(f'ODS {ods:.4f} at t={t:.2f}')
