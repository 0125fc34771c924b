#!/usr/bin/python3
"""The seqmnist bench, written in plain PyTorch, for a side-by-side comparison.

Same measurement as `bin/seqmnist bench`: per model, median and p10/p90 milliseconds per training
step on real MNIST batches of 64, test-set evaluation images per second, peak resident memory
(VmHWM; each model in its own process) and the share of step time outside torch's forward,
loss + backward and optimizer calls. One step = fetch a shuffled batch (one gather from the
images held as one float tensor), forward, cross-entropy, backward, Adam, and the per-batch
bookkeeping a training loop keeps (loss.item(), correct count). Writes the same CSV as seqmnist.

Run with Debian's torch: /usr/bin/python3 bench/pytorch/bench.py --models rnn --out pt.csv
"""
import argparse
import gzip
import os
import subprocess
import sys
import time

import numpy as np
import torch
from torch import nn

HEADER = ("model,batch_size,threads,ms_per_step_median,ms_per_step_p10,ms_per_step_p90,"
          "eval_images_per_second,peak_rss_mb,outside_engine_share")
HIDDEN = 150
UNITS = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


class Classifier(nn.Module):
    """nn.RNN/GRU/LSTM(784/T, 150, batch_first=True) + Linear(150, 10) on the last time step."""

    def __init__(self, kind, width=28):
        super().__init__()
        self.kind = kind
        self.unit = UNITS[kind](width, HIDDEN, batch_first=True)
        self.out = nn.Linear(HIDDEN, 10)

    def forward(self, x):
        h0 = torch.zeros(1, x.size(0), HIDDEN)
        state = (h0, torch.zeros(1, x.size(0), HIDDEN)) if self.kind == "lstm" else h0
        sequence, _ = self.unit(x, state)
        return self.out(sequence[:, -1, :])


def read_idx(folder, base):
    path = os.path.join(folder, base)
    if not os.path.exists(path):
        path += ".gz"
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, prefix):
    images = torch.from_numpy(read_idx(folder, prefix + "-images-idx3-ubyte").astype(np.float32) / 255)
    labels = torch.from_numpy(read_idx(folder, prefix + "-labels-idx1-ubyte").astype(np.int64))
    return images, labels


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def bench(kind, args):
    torch.manual_seed(0)
    train_x, train_y = load(args.data_dir, "train")
    test_x, test_y = load(args.data_dir, "t10k")
    # T steps of 784/T consecutive pixels in raster order, as seqmnist's --seq-len cuts them
    width = 784 // args.seq_len
    train_x = train_x.reshape(-1, args.seq_len, width)
    test_x = test_x.reshape(-1, args.seq_len, width)
    wanted = args.warmup + args.steps
    limit = min(len(train_y), (wanted + 1) * args.batch_size)
    train_x, train_y = train_x[:limit].contiguous(), train_y[:limit].contiguous()
    model = Classifier(kind, width)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    step_ns, step_cpu_ns, engine_ns = [], [], []
    generator = torch.Generator().manual_seed(0)
    while len(step_ns) < wanted:  # the first step of an epoch (with its shuffle) is not timed
        order = torch.randperm(limit, generator=generator)
        loss_sum, correct, last, last_cpu = 0.0, 0, None, 0
        for start in range(0, limit, args.batch_size):
            index = order[start:start + args.batch_size]
            x, y = train_x[index], train_y[index]
            t0 = time.perf_counter_ns()
            logits = model(x)
            t1 = time.perf_counter_ns()
            loss = loss_fn(logits, y)
            loss.backward()
            t2 = time.perf_counter_ns()
            optimizer.step()
            optimizer.zero_grad()
            t3 = time.perf_counter_ns()
            loss_sum += loss.item() * len(y)
            correct += (logits.argmax(1) == y).sum().item()
            now = time.perf_counter_ns()
            now_cpu = time.thread_time_ns()
            if last is not None and len(step_ns) < wanted:
                step_ns.append(now - last)
                step_cpu_ns.append(now_cpu - last_cpu)
                engine_ns.append(t3 - t0)
            last, last_cpu = now, now_cpu
    model.eval()
    start = time.perf_counter()
    with torch.no_grad():
        hits = sum((model(test_x[i:i + 1000]).argmax(1) == test_y[i:i + 1000]).sum().item()
                   for i in range(0, len(test_y), 1000))
    eval_seconds = time.perf_counter() - start
    steps = np.array((step_cpu_ns if args.clock == "cpu" else step_ns)[args.warmup:]) / 1e6
    outside = 1 - sum(engine_ns[args.warmup:]) / sum(step_ns[args.warmup:])
    return (f"{kind},{args.batch_size},{args.threads},{np.median(steps):.3f},"
            f"{np.percentile(steps, 10):.3f},{np.percentile(steps, 90):.3f},"
            f"{len(test_y) / eval_seconds:.0f},{peak_rss_mb():.1f},{max(0.0, outside):.4f}")


def blas_description():
    try:
        import threadpoolctl
        return "; ".join(f"{i['internal_api']} {i.get('version') or ''} "
                         f"{i.get('architecture') or ''} threads={i['num_threads']}".strip()
                         for i in threadpoolctl.threadpool_info())
    except ImportError:
        return "threadpoolctl not installed; torch config: " + torch.__config__.show()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="rnn,gru,lstm")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--seq-len", type=int, default=28)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="cpu: a step's time is this thread's CPU time (steadier on a busy machine)")
    parser.add_argument("--out", default="bench-pytorch.csv")
    parser.add_argument("--data-dir", default=os.path.join(os.path.dirname(__file__), "../../data/mnist"))
    args = parser.parse_args()
    models = args.models.split(",")
    for kind in models:
        if kind not in UNITS:
            parser.error(f"--models: unknown model '{kind}', expected rnn, gru or lstm")
    if len(models) > 1:  # one process per model: its peak memory is its own
        rows = []
        for kind in models:
            child = [sys.executable, __file__, *sys.argv[1:], "--models", kind, "--out", "/dev/stdout"]
            output = subprocess.run(child, check=True, stdout=subprocess.PIPE, text=True).stdout
            rows.append(output.strip().splitlines()[-1])
    else:
        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(1)
        try:
            import threadpoolctl
            threadpoolctl.threadpool_limits(args.threads)
        except ImportError:
            pass
        print(f"pytorch {torch.__version__}, BLAS: {blas_description()}", file=sys.stderr)
        rows = [bench(models[0], args)]
    with open(args.out, "w") as f:
        f.write(HEADER + "\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
