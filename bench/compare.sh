#!/usr/bin/env bash
# seqmnist against PyTorch, in one run on one machine: for each model, `bin/seqmnist bench` and
# bench/pytorch/bench.py alternate (seqmnist rnn, pytorch rnn, seqmnist gru, ...), ROUNDS times,
# and the table gives the ratio seqmnist / PyTorch of the median ms per training step (the
# median over rounds of each round's median). A benchmark, not a test: CI does not run it.
#
#   bench/compare.sh [--models rnn,gru,lstm] [--steps 200] [--warmup 20] [--batch-size 64] [--seq-len 28]
#                    [--rounds 1] [--clock wall|cpu] [--cpu N] [--pytorch-malloc glibc|tcmalloc]
#                    [--out-dir target/bench]
#
# --cpu N runs both sides' training on processor N: PyTorch's one-thread process through taskset,
# seqmnist's training thread through `bench --cpu N` (the JVM's compiler and collector threads
# stay free to use the other core, as when it trains). On a shared virtual machine one core can
# run 50-70% slower than another for minutes at a time, for both sides alike; unpinned, a round
# whose two sides landed on different cores compares the cores, not the frameworks.
# --clock cpu times each step by the training thread's CPU time instead of the wall clock: with
# one engine thread both sides compute on that thread, and other busy processes disturb it less.
# The last lines give each round's ratio and their median, the figure to read: the median over
# rounds of each side's step time mixes the core's slow and fast stretches.
#
# seqmnist runs as bin/seqmnist runs it, with the accelerator SEQMNIST_ACCEL chooses (auto, the
# default, or on: libtorch's matrix products on OpenBLAS, the system's when installed, which is
# the one Debian's PyTorch uses; oneMKL's tanh and sqrt on the processor's widest kernels; Adam
# in Java; tcmalloc as the allocator). SEQMNIST_ACCEL=off measures plain DJL and libtorch as
# shipped, on glibc's malloc; fast-X models need the accelerator. In this script's environment,
# SEQMNIST_ENGINE_BLAS=bundled-openblas or =mkl, SEQMNIST_OPENBLAS_ENV=keep or
# SEQMNIST_MALLOC=glibc measure the accelerator's alternatives (bench/README.md). PyTorch runs
# on glibc's malloc, as installed; --pytorch-malloc tcmalloc preloads the same tcmalloc into it.
#
# PyTorch is Debian's python3-torch run by /usr/bin/python3 (a pyenv shim may shadow python3),
# with libopenblas0-pthread: without it python3-torch computes on the reference BLAS, about ten
# times slower. For the PyTorch command alone OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset,
# so OpenBLAS picks its kernels for the processor, AVX-512 ones where it has them: PyTorch's RNN
# step took 3.5 ms on them against 4.6 on the Haswell kernels a shell's OPENBLAS_CORETYPE may
# force. scratch-X and fast-X models are compared with PyTorch's built-in X.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
models=rnn,gru,lstm steps=200 warmup=20 batch=64 rounds=1 clock=wall cpu= out=$ROOT/target/bench seqlen=28
pymalloc=glibc
while [ $# -gt 0 ]; do
  case "$1" in
    --models) models=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --seq-len) seqlen=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --batch-size) batch=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --clock) clock=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --pytorch-malloc) pymalloc=$2; shift 2 ;;
    --out-dir) out=$2; shift 2 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
pypreload=()
case $pymalloc in
  glibc) ;;
  tcmalloc)
    lib=$("$ROOT/bin/fetch-tcmalloc") || exit 1
    pypreload=(LD_PRELOAD="$lib") ;;
  *) echo "compare.sh: --pytorch-malloc must be glibc or tcmalloc, got '$pymalloc'" >&2; exit 2 ;;
esac
PY=/usr/bin/python3
"$PY" -c 'import torch' 2>/dev/null || {
  echo "compare.sh: $PY cannot import torch (apt-get install -y python3-torch libopenblas0-pthread)" >&2; exit 2; }
mkdir -p "$out"
"$ROOT/bin/seqmnist" info >/dev/null # build and fetch MNIST before anything is timed
pin=()
[ -n "$cpu" ] && pin=(taskset -c "$cpu")
common=(--batch-size "$batch" --steps "$steps" --warmup "$warmup" --threads 1 --clock "$clock" --seq-len "$seqlen")

for round in $(seq 1 "$rounds"); do
  for m in ${models//,/ }; do
    echo "round $round: seqmnist $m" >&2
    "$ROOT/bin/seqmnist" bench --models "$m" "${common[@]}" ${cpu:+--cpu "$cpu"} --out "$out/seqmnist-$m-$round.csv" >/dev/null
    echo "round $round: pytorch ${m##*-}" >&2
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
      ${pypreload[@]+"${pypreload[@]}"} ${pin[@]+"${pin[@]}"} "$PY" "$ROOT/bench/pytorch/bench.py" --models "${m##*-}" "${common[@]}" \
      --data-dir "$ROOT/data/mnist" --out "$out/pytorch-$m-$round.csv"
  done
done

# One table: per model, the median over rounds of every column, and the ratio of step times.
"$PY" - "$out" "$models" "$rounds" "$clock" "${cpu:-any}" "$pymalloc" "${SEQMNIST_ACCEL:-auto}" "$seqlen" <<'PY'
import csv, statistics, sys
out, models, rounds = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
def row(side, m, r):
    with open(f"{out}/{side}-{m}-{r}.csv") as f:
        return next(csv.DictReader(f))
def med(side, m, key):
    return statistics.median(float(row(side, m, r)[key]) for r in range(1, rounds + 1))
def both(m, key, fmt):
    return fmt.format(med("seqmnist", m, key)), fmt.format(med("pytorch", m, key))
print(f"{'':<13} {'ms per training step (p10-p90)':^43} {'':>6}   {'eval images/s':^17}"
      f"   {'peak RSS MB':^13}   {'outside engine':^15}")
print(f"{'model':<13} {'seqmnist':>21} {'pytorch':>21} {'ratio':>6}   {'seqmnist':>8} {'pytorch':>8}"
      f"   {'seqmnist':>8} {'pytorch':>7}   {'seqmnist':>8} {'pytorch':>7}")
for m in models:
    s, p = med("seqmnist", m, "ms_per_step_median"), med("pytorch", m, "ms_per_step_median")
    sr = "{:.2f} ({}-{})".format(s, *[f"{med('seqmnist', m, k):.1f}" for k in ("ms_per_step_p10", "ms_per_step_p90")])
    pr = "{:.2f} ({}-{})".format(p, *[f"{med('pytorch', m, k):.1f}" for k in ("ms_per_step_p10", "ms_per_step_p90")])
    e, r, o = (both(m, "eval_images_per_second", "{:.0f}"), both(m, "peak_rss_mb", "{:.0f}"),
               both(m, "outside_engine_share", "{:.1%}"))
    print(f"{m:<13} {sr:>21} {pr:>21} {s / p:>6.2f}   {e[0]:>8} {e[1]:>8}   {r[0]:>8} {r[1]:>7}"
          f"   {o[0]:>8} {o[1]:>7}")
for m in models:
    ratios = [float(row("seqmnist", m, r)["ms_per_step_median"])
              / float(row("pytorch", m, r)["ms_per_step_median"]) for r in range(1, rounds + 1)]
    print(f"{m}: ratio per round " + " ".join(f"{x:.2f}" for x in ratios)
          + f" (median {statistics.median(ratios):.2f})")
print(f"({rounds} round(s), T = {sys.argv[8]}, {sys.argv[4]} clock, processor {sys.argv[5]}, seqmnist's accelerator"
      f" SEQMNIST_ACCEL={sys.argv[7]}, PyTorch on {sys.argv[6]} malloc; CSV files in {out})")
PY
