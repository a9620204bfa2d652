# SPDX-License-Identifier: GPL-3.0-or-later
"""PyTorch's side of the speed comparison: the same arch, batch, data and threads as
`bench-train train`, one epoch, no augmentation; prints images/s. Reads a set laid out as
DIR/train/<class>/*.png (classes in sorted order; gray or RGB as the files are). Run with
Debian's python3-torch: /usr/bin/python3 torch_peer.py DATASET_DIR [THREADS] [EPOCHS]"""
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from PIL import Image


def load(root, split):
    classes = sorted(os.listdir(os.path.join(root, "train")))
    xs, ys = [], []
    for k, name in enumerate(classes):
        folder = os.path.join(root, split, name)
        for f in sorted(os.listdir(folder)):
            img = Image.open(os.path.join(folder, f))
            img = img.convert("RGB" if img.mode in ("RGB", "RGBA", "P") else "L")
            a = np.asarray(img, dtype=np.float32) / 255.0
            xs.append(a.transpose(2, 0, 1) if a.ndim == 3 else a[None])
            ys.append(k)
    return np.stack(xs), np.array(ys), len(classes)


def main():
    root = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x, y, classes = load(root, "train")
    mean, std = x.mean(), x.std()
    x = torch.from_numpy((x - mean) / std)
    y = torch.from_numpy(y)
    c = x.shape[1]
    # conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,maxpool2,conv3:128,bn,relu,gap,fc:<classes>
    net = nn.Sequential(
        nn.Conv2d(c, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, classes))
    counts = torch.bincount(y, minlength=classes).float()
    loss_fn = nn.CrossEntropyLoss(weight=len(y) / (classes * counts.clamp(min=1)))
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-2)
    net.train()
    n, batch = len(y), 64
    start, cpu_start = time.perf_counter(), time.process_time()
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
    secs, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pytorch {torch.__version__}: {n} images x {epochs} epoch(s) in {secs:.2f} s: "
          f"{n * epochs / secs:.0f} images/s (threads {threads}); peak RSS {rss:.0f} MB; "
          f"CPU {cpu:.2f} s")


if __name__ == "__main__":
    main()
