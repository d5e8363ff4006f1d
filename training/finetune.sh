#!/usr/bin/env bash
# Fine-tunes one architecture's base network into its versions P+1, P+3, P+7, by the paper's
# label rule and by the random control, two runs at a time (one thread each). Needs the picks
# that `npm run replicate -- --picks training/picks` writes, and models/crack/<Name>-base.pt.
#   bash training/finetune.sh unet CrackUNet
set -euo pipefail
cd "$(dirname "$0")/.."
arch=$1 name=$2 steps=${STEPS:-400}
run() {
  local q=$1 kind=$2
  /usr/bin/python3 training/train.py --arch "$arch" --init "models/crack/$name-base.pt" \
    --extra "training/picks/$name-q$q-$kind.json" --steps "$steps" --lr 1e-3 \
    --out "training/runs/$arch-q$q-$kind" > "training/runs/$arch-q$q-$kind.log" 2>&1
}
for q in 1 3 7; do
  run "$q" rule &
  run "$q" random &
  wait
done
