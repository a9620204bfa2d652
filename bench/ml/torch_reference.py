# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference trainer: Sightline's default `train` recipe in PyTorch (Debian's python3-torch, a
benchmark dependency only), so every figure of the default run can be reproduced side by side.

  /usr/bin/python3 torch_reference.py DATASET_DIR [--seed S] [--threads T] [--input-size N]
                                      [--arch SPEC]

DATASET_DIR holds {train,val,test}/<class>/<image>; without val/, 10 % of each class of train
is held out. The same rules as the app (ml/sl-defaults.c): 3 channels when any image is in
colour (gray repeated), input side = median shorter image side in [16, 64], centre square crop
then bilinear resize, per-channel normalisation from train, the default arch by input size (or
--arch, in Sightline's arch text), AdamW (lr 2e-3, weight decay 1e-2), batch 64, one warm-up
epoch then cosine, balanced class weights, label smoothing 0.05, flips; gray inputs up to 40 px
also rotations up to 5 degrees and shifts up to 5 %, larger gray ones rotations up to 20
degrees, shifts up to 12 %, zoom 20 %, brightness 0.4 and contrast 50 %; epochs from a step
budget (1,300 up to 40 px, 2,000 for larger gray inputs, 1,000 for larger colour ones; 4..100);
a moving average of the weights (decay 0.99) scored on val after each epoch, an early stop after
epochs / 3 + 3 epochs without a better val AUC, the best epoch's average kept. Prints the test
accuracy, balanced accuracy, AUC (macro one-vs-rest for more than 2 classes) and the training
time."""
import argparse
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")


def list_split(root, split):
    folder = os.path.join(root, split)
    if not os.path.isdir(folder):
        return []
    items = []
    for name in sorted(os.listdir(folder)):
        class_dir = os.path.join(folder, name)
        if os.path.isdir(class_dir):
            for f in sorted(os.listdir(class_dir)):
                if f.lower().endswith(EXTENSIONS):
                    items.append((os.path.join(class_dir, f), name))
    return items


def load(items, classes, channels, side):
    x = np.empty((len(items), channels, side, side), dtype=np.uint8)
    for i, (path, _) in enumerate(items):
        img = Image.open(path).convert("RGB" if channels == 3 else "L")
        w, h = img.size
        crop = min(w, h)
        left, top = (w - crop) // 2, (h - crop) // 2
        img = img.crop((left, top, left + crop, top + crop))
        if crop != side:
            img = img.resize((side, side), Image.BILINEAR)
        a = np.asarray(img, dtype=np.uint8)
        x[i] = a[None] if channels == 1 else a.transpose(2, 0, 1)
    y = np.array([classes.index(c) for _, c in items], dtype=np.int64)
    return x, y


def default_arch(side, n_classes):
    if side <= 40:
        body = "conv3:16,bn,relu,maxpool2,conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,gap"
    elif side <= 96:
        body = "conv3:32,bn,relu,maxpool2,res:64/s2,res:128/s2,gap"
    else:
        body = "conv3:32/s2,bn,relu,maxpool2,res:64/s2,res:128/s2,gap"
    return "%s,fc:%d" % (body, n_classes)


class Residual(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1)
        self.b2 = nn.BatchNorm2d(cout)
        self.skip = None
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, stride), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        return F.relu(out + (x if self.skip is None else self.skip(x)))


def build(spec, channels):
    layers, c = [], channels
    for item in spec.split(","):
        name, _, arg = item.partition(":")
        opts = arg.split("/")
        stride = next((int(o[1:]) for o in opts[1:] if o.startswith("s")), 1)
        if name.startswith("conv"):
            k = int(name[4:])
            pad = next((int(o[1:]) for o in opts[1:] if o.startswith("p")), (k - 1) // 2)
            layers.append(nn.Conv2d(c, int(opts[0]), k, stride, pad))
            c = int(opts[0])
        elif name == "res":
            layers.append(Residual(c, int(opts[0]), stride))
            c = int(opts[0])
        elif name == "bn":
            layers.append(nn.BatchNorm2d(c))
        elif name == "relu":
            layers.append(nn.ReLU())
        elif name.startswith("maxpool"):
            layers.append(nn.MaxPool2d(int(name[7:])))
        elif name == "gap":
            layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        elif name == "dropout":
            layers.append(nn.Dropout(float(arg)))
        elif name == "fc":
            layers.append(nn.Linear(c, int(arg)))
            c = int(arg)
        else:
            raise SystemExit("unknown layer " + item)
    return nn.Sequential(*layers)


def augmentation(side, channels):
    """(rotation degrees, shift, zoom, brightness, contrast) of the app's defaults."""
    if channels > 1:
        return 0, 0, 0, 0, 0
    if side <= 40:
        return 5, 0.05, 0, 0, 0
    return 20, 0.12, 0.2, 0.4, 0.5


def augment(x, rotate, shift, zoom, brightness, contrast):
    n = x.shape[0]
    flip = torch.rand(n) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    if rotate or shift or zoom:
        angle = (torch.rand(n) * 2 - 1) * math.radians(rotate)
        move = (torch.rand(n, 2) * 2 - 1) * shift * 2  # grid units span 2
        scale = 1 + (torch.rand(n) * 2 - 1) * zoom
        cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
        theta = torch.stack([torch.stack([cos, -sin, move[:, 0]], 1),
                             torch.stack([sin, cos, move[:, 1]], 1)], 1)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        x = F.grid_sample(x, grid, padding_mode="border", align_corners=False)
    if brightness or contrast:
        gain = 1 + (torch.rand(n, 1, 1, 1) * 2 - 1) * contrast
        offset = (torch.rand(n, 1, 1, 1) * 2 - 1) * brightness
        mean = x.mean((2, 3), keepdim=True)
        x = x * gain + mean * (1 - gain) + offset
    return x


def metrics(probs, y, k):
    pred = probs.argmax(1)
    accuracy = float((pred == y).mean())
    recalls = [float((pred[y == c] == c).mean()) for c in range(k) if (y == c).any()]
    aucs = []
    for c in (range(k) if k > 2 else [1]):
        pos, neg = probs[y == c, c], probs[y != c, c]
        if len(pos) and len(neg):
            order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
            ranks = np.empty(len(order))
            ranks[order] = np.arange(1, len(order) + 1)
            scores = np.concatenate([pos, neg])
            for v in np.unique(scores):  # ties share their mean rank
                same = scores == v
                ranks[same] = ranks[same].mean()
            aucs.append((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2)
                        / (len(pos) * len(neg)))
    return accuracy, float(np.mean(recalls)), float(np.mean(aucs)) if aucs else float("nan")


def predict(net, x, mean, std):
    net.eval()
    out = []
    with torch.no_grad():
        for b in range(0, len(x), 256):
            xb = (torch.from_numpy(x[b:b + 256]).float() / 255 - mean) / std
            out.append(F.softmax(net(xb), 1))
    return torch.cat(out).numpy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--input-size", type=int, default=0)
    ap.add_argument("--arch")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    train_items = list_split(args.dataset, "train")
    val_items = list_split(args.dataset, "val")
    test_items = list_split(args.dataset, "test")
    classes = sorted({c for _, c in train_items})
    sides, channels = [], 1
    for path, _ in train_items + val_items + test_items:
        with Image.open(path) as im:
            sides.append(min(im.size))
            if channels == 1 and im.mode in ("RGB", "RGBA", "P"):
                channels = 3 if np.ptp(np.asarray(im.convert("RGB")), axis=2).any() else 1
    side = args.input_size or min(64, max(16, sorted(sides)[len(sides) // 2]))
    if not val_items:
        held = set()
        for c in classes:
            idx = [i for i, (_, n) in enumerate(train_items) if n == c]
            rng.shuffle(idx)
            held.update(idx[:max(1 if len(idx) >= 2 else 0, round(len(idx) * 0.1))])
        val_items = [it for i, it in enumerate(train_items) if i in held]
        train_items = [it for i, it in enumerate(train_items) if i not in held]
        print("no val split: %d train images held out" % len(val_items))

    t0 = time.perf_counter()
    xtr, ytr = load(train_items, classes, channels, side)
    xva, yva = load(val_items, classes, channels, side)
    xte, yte = load(test_items, classes, channels, side)
    print("read %d / %d / %d images, %d channel(s), %dx%d, %.1f s"
          % (len(ytr), len(yva), len(yte), channels, side, side, time.perf_counter() - t0))

    k = len(classes)
    arch = args.arch or default_arch(side, k)
    net = build(arch, channels)
    flat = xtr.reshape(len(xtr), channels, -1).astype(np.float64) / 255
    mean = torch.tensor(flat.mean((0, 2)), dtype=torch.float32)[None, :, None, None]
    std = torch.tensor(flat.std((0, 2)), dtype=torch.float32).clamp(min=1e-6)[None, :, None, None]
    del flat
    counts = np.bincount(ytr, minlength=k).astype(np.float32)
    weights = torch.tensor(len(ytr) / (k * np.maximum(counts, 1)))
    loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=0.05)
    batch = 64
    batches = len(ytr) // batch + (len(ytr) % batch >= 2)
    budget = 1300 if side <= 40 else 2000 if channels == 1 else 1000
    epochs = min(100, max(4, (budget + batches // 2) // max(batches, 1)))
    patience = epochs // 3 + 3
    warps = augmentation(side, channels)
    average = [v.detach().clone().float() for v in net.state_dict().values()]
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-2)
    total, warmup = epochs * batches, batches

    def lr_at(step):
        if step < warmup:
            return (step + 1) / (warmup + 1)
        return 0.5 * (1 + math.cos(math.pi * min((step - warmup) / max(total - warmup, 1), 1)))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
    print("arch %s, %d epochs (early stop after %d)" % (arch, epochs, patience))
    best, best_score, since, step = None, -1.0, 0, 0
    t0 = time.perf_counter()
    for epoch in range(epochs):
        net.train()
        perm = torch.randperm(len(ytr))
        for b in range(0, len(ytr), batch):
            idx = perm[b:b + batch]
            if len(idx) < 2:
                continue
            xb = augment(torch.from_numpy(xtr[idx.numpy()]).float() / 255, *warps)
            loss = loss_fn(net((xb - mean) / std), torch.from_numpy(ytr[idx.numpy()]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            decay = min(0.99, step / (9 + step))
            with torch.no_grad():
                for a, v in zip(average, net.state_dict().values()):
                    a.mul_(decay).add_(v.float(), alpha=1 - decay)
        live = {n: v.clone() for n, v in net.state_dict().items()}
        net.load_state_dict({n: a.to(v.dtype) for (n, v), a in zip(live.items(), average)})
        acc, _, auc = metrics(predict(net, xva, mean, std), yva, k)
        score = acc if math.isnan(auc) else auc
        print("epoch %d/%d val accuracy %.4f AUC %.4f" % (epoch + 1, epochs, acc, auc),
              flush=True)
        if score >= best_score - 0.002:
            best_score = max(best_score, score)
            best = {n: v.clone() for n, v in net.state_dict().items()}
            since = 0
        else:
            since += 1
            if since >= patience:
                break
        net.load_state_dict(live)
    seconds = time.perf_counter() - t0
    net.load_state_dict(best)
    acc, bal, auc = metrics(predict(net, xte, mean, std), yte, k)
    print("reference: test accuracy %.4f, balanced accuracy %.4f, AUC %.4f, training %.0f s"
          % (acc, bal, auc, seconds))


if __name__ == "__main__":
    main()
