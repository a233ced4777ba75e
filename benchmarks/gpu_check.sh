#!/usr/bin/env bash
# One-shot GPU check (<= 8 minutes): carbonate points/s (1e7 points), the seed-002 20-member
# BOATS ensemble at 1 degree (1,812 monthly steps, or the longest run that fits, extrapolated
# and labelled), and the iterative transport solve; writes the figures into
# benchmarks/RESULTS.md (section "gpu") and, when $OUT is set, copies RESULTS.md there.
#
#   bash benchmarks/gpu_check.sh [--budget-s 420]
#
# JAX with CUDA: used as installed when it already sees a GPU; else `jax[cuda13]` (then
# `jax[cuda12]`) is installed from PyPI. Python packages missing on a machine without network
# can travel as wheels in ./.whl (installed with --no-index). The 1-degree CESM forcing is read
# from $JAXOCEAN_SHARED/data/boats (or ../shared); without it the embedded forcing is used and
# the table says so.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONUNBUFFERED=1
if [ -d .whl ] && ls .whl/*.whl >/dev/null 2>&1; then
    python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/jaxocean_site .whl/*.whl
    export PYTHONPATH=/tmp/jaxocean_site${PYTHONPATH:+:$PYTHONPATH}
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}
has_gpu() { python3 -c "import jax, sys; sys.exit(0 if jax.default_backend() == 'gpu' else 1)" 2>/dev/null; }
if ! has_gpu; then
    python3 -m pip install -q -U "jax[cuda13]" || python3 -m pip install -q -U "jax[cuda12]" || true
fi
if ! has_gpu; then
    echo "gpu_check: JAX sees no GPU (backend: $(python3 -c 'import jax; print(jax.default_backend())' 2>&1))" >&2
    exit 1
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
timeout 480 python3 benchmarks/gpu_check.py "$@"
if [ -n "${OUT:-}" ]; then cp benchmarks/RESULTS.md "$OUT/"; fi
