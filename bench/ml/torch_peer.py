# SPDX-License-Identifier: GPL-3.0-or-later
"""PyTorch's side of the speed comparison: the same arch, batch, data and threads as
bench-train, one epoch, no augmentation; prints images/s. Run with Debian's python3-torch:
/usr/bin/python3 torch_peer.py DEMO_DIR [THREADS] [EPOCHS]"""
import csv
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from PIL import Image


def load(demo, split):
    xs, ys = [], []
    with open(os.path.join(demo, "labels.csv")) as f:
        for row in csv.DictReader(f):
            if row["split"] != split:
                continue
            img = Image.open(os.path.join(demo, row["path"])).convert("L")
            xs.append(np.asarray(img, dtype=np.float32) / 255.0)
            ys.append(1 if row["label"] == "pneumonia" else 0)
    return np.stack(xs)[:, None], np.array(ys)


def main():
    demo = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x, y = load(demo, "train")
    mean, std = x.mean(), x.std()
    x = torch.from_numpy((x - mean) / std)
    y = torch.from_numpy(y)
    # conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,maxpool2,conv3:128,bn,relu,gap,fc:2
    net = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 2))
    counts = torch.bincount(y, minlength=2).float()
    loss_fn = nn.CrossEntropyLoss(weight=len(y) / (2 * counts))
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-2)
    net.train()
    n, batch = len(y), 64
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for b in range(0, n, batch):
            idx = perm[b:b + batch]
            if len(idx) < 2:
                continue
            opt.zero_grad()
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
    secs = time.perf_counter() - start
    print(f"pytorch {torch.__version__}: {n} images x {epochs} epoch(s) in {secs:.2f} s: "
          f"{n * epochs / secs:.0f} images/s (threads {threads})")


if __name__ == "__main__":
    main()
