"""Trains (or fine-tunes) one crack network on DeepCrack-train and exports it to ONNX.

    python3 training/train.py --arch unet --out training/runs/unet-base
    python3 training/train.py --arch unet --init models/crack/CrackUNet.pt \
        --extra training/picks/unet-q3-rule.json --steps 300 --out training/runs/unet-q3-rule

Everything is seeded (data order, crops, flips, initial weights), and torch runs deterministic
CPU kernels, so a run repeats. Writes into --out: model.pt (weights), model.onnx, loss.csv,
loss.png and run.json (arguments, steps, wall time).
"""

import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(__file__))
from crack_nets import ARCHITECTURES, Exported  # noqa: E402

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
# DeepCrack's size; every image is resized to it (as the server does to a model's input size).
HEIGHT, WIDTH = 384, 544


def load_pair(image_path: str, mask_path: str):
    image = Image.open(image_path).convert('RGB')
    mask = Image.open(mask_path).convert('L')
    if image.size != (WIDTH, HEIGHT):
        image = image.resize((WIDTH, HEIGHT), Image.BILINEAR)
        mask = mask.resize((WIDTH, HEIGHT), Image.NEAREST)
    x = (np.asarray(image, dtype=np.float32) / 255.0 - MEAN) / STD
    y = (np.asarray(mask, dtype=np.uint8) > 127).astype(np.float32)
    return torch.from_numpy(x.transpose(2, 0, 1).copy()), torch.from_numpy(y[None].copy())


def folder_pairs(folder: str):
    images = sorted(os.listdir(os.path.join(folder, 'images')))
    pairs = []
    for name in images:
        stem = os.path.splitext(name)[0]
        mask = os.path.join(folder, 'masks', stem + '.png')
        if os.path.exists(mask):
            pairs.append((os.path.join(folder, 'images', name), mask))
    return pairs


def dice_loss(logit, target):
    p = torch.sigmoid(logit)
    inter = (p * target).sum()
    return 1 - (2 * inter + 1) / (p.sum() + target.sum() + 1)


def loss_of(logit, sides, target):
    total = F.binary_cross_entropy_with_logits(logit, target) + dice_loss(logit, target)
    for side in sides:  # deep supervision of the HED sides, as HED and DeepCrack train them
        total = total + 0.5 * (F.binary_cross_entropy_with_logits(side, target) + dice_loss(side, target))
    return total


def batch_of(data, rng: random.Random, batch: int, crop: int, added: int = 0, added_share: float = 0.0):
    """A batch of random crops; with `added` images at the end of `data`, each crop comes from
    one of them with probability `added_share` (a few labelled images among 300 are otherwise
    seen a handful of times in a short fine-tune)."""
    xs, ys = [], []
    for _ in range(batch):
        if added and rng.random() < added_share:
            x, y = data[len(data) - added + rng.randrange(added)]
        else:
            x, y = data[rng.randrange(len(data) - added)]
        top, left = rng.randrange(HEIGHT - crop + 1), rng.randrange(WIDTH - crop + 1)
        x, y = x[:, top : top + crop, left : left + crop], y[:, top : top + crop, left : left + crop]
        if rng.random() < 0.5:
            x, y = x.flip(2), y.flip(2)
        if rng.random() < 0.5:
            x, y = x.flip(1), y.flip(1)
        xs.append(x)
        ys.append(y)
    return torch.stack(xs), torch.stack(ys)


def plot_loss(rows, path: str, title: str):
    import matplotlib

    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    steps = [r[0] for r in rows]
    losses = [r[1] for r in rows]
    window = max(1, len(losses) // 40)
    smooth = np.convolve(losses, np.ones(window) / window, mode='valid')
    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=100)
    ax.plot(steps, losses, color='#bbb', linewidth=0.6, label='per step')
    ax.plot(steps[window - 1 :], smooth, color='#1f5fa8', linewidth=1.5, label=f'mean of {window}')
    ax.set_xlabel('step')
    ax.set_ylabel('loss (BCE + Dice)')
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--arch', choices=sorted(ARCHITECTURES), required=True)
    ap.add_argument('--data', default=os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data'))
    ap.add_argument('--out', required=True)
    ap.add_argument('--steps', type=int, default=3000)
    ap.add_argument('--batch', type=int, default=4)
    ap.add_argument('--crop', type=int, default=192)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--init', help='weights to fine-tune from (model.pt of a base run)')
    ap.add_argument('--extra', help='JSON list of {"image": path, "mask": path} (relative to --data) added to the training set')
    ap.add_argument('--extra-share', type=float, default=0.25, help='share of crops drawn from the added images')
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    pairs = folder_pairs(os.path.join(args.data, 'DeepCrack-train'))
    extra = []
    if args.extra:
        with open(args.extra) as f:
            extra = [(os.path.join(args.data, e['image']), os.path.join(args.data, e['mask'])) for e in json.load(f)]
    data = [load_pair(i, m) for i, m in pairs + extra]
    print(f'{len(pairs)} DeepCrack-train images + {len(extra)} added', flush=True)

    net = ARCHITECTURES[args.arch]()
    if args.init:
        net.load_state_dict(torch.load(args.init))
    params = sum(p.numel() for p in net.parameters())
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    # Cosine decay to 2 % of the rate, after a short warm-up.
    warm = min(100, args.steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else 0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * (s - warm) / max(1, args.steps - warm)))
    )
    rows = []
    started = time.time()
    net.train()
    for step in range(args.steps):
        x, y = batch_of(data, rng, args.batch, args.crop, len(extra), args.extra_share)
        logit, sides, _ = net(x)
        loss = loss_of(logit, sides, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        rows.append((step, float(loss)))
        if step % 50 == 0 or step == args.steps - 1:
            print(f'step {step} loss {float(loss):.4f} {time.time() - started:.0f}s', flush=True)
        if step % 500 == 499:
            torch.save(net.state_dict(), os.path.join(args.out, 'model.pt'))
    seconds = time.time() - started

    net.eval()
    torch.save(net.state_dict(), os.path.join(args.out, 'model.pt'))
    with open(os.path.join(args.out, 'loss.csv'), 'w') as f:
        f.write('step,loss\n' + ''.join(f'{s},{l:.6f}\n' for s, l in rows))
    plot_loss(rows, os.path.join(args.out, 'loss.png'), f'{net.__class__.__name__}: training loss')
    torch.onnx.export(
        Exported(net),
        torch.zeros(1, 3, HEIGHT, WIDTH),
        os.path.join(args.out, 'model.onnx'),
        input_names=['image'],
        output_names=['prob', 'stage1', 'stage2', 'stage3', 'stage4'],
        opset_version=13,
        do_constant_folding=True,
    )
    run = {
        'architecture': net.__class__.__name__,
        'parameters': params,
        'steps': args.steps,
        'batch': args.batch,
        'crop': args.crop,
        'learningRate': args.lr,
        'seed': args.seed,
        'threads': args.threads,
        'trainingImages': len(pairs),
        'addedImages': [os.path.relpath(i, args.data) for i, _ in extra],
        'addedShare': args.extra_share if extra else 0,
        'init': args.init and os.path.relpath(args.init),
        'seconds': round(seconds, 1),
        'finalLoss': float(np.mean([l for _, l in rows[-50:]])),
        'torch': torch.__version__,
    }
    with open(os.path.join(args.out, 'run.json'), 'w') as f:
        json.dump(run, f, indent=2)
    print(json.dumps(run), flush=True)


if __name__ == '__main__':
    main()
