"""Copies finished training runs into models/crack/ and writes its manifest.json.

    python3 training/package.py

For each architecture, runs are read from training/runs/<arch>-base and <arch>-q<q>-<rule|random>;
a run is packaged once its model.onnx exists; a version whose run folder is gone (another machine,
a fresh clone) keeps its files already in models/crack/. The manifest lists two families per architecture,
in version order: Crack<Arch> (base, then +1, +3, +7 by the paper's label rule) and
Crack<Arch>-random (+1, +3, +7 with random picks: the control). ODS values already recorded in an
existing manifest are kept for files whose bytes did not change; `npm run replicate` records them.
"""

import hashlib
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = os.environ.get('RUNS', os.path.join(HERE, 'runs'))
OUT = os.environ.get('OUT', os.path.join(HERE, '..', 'models', 'crack'))
NAMES = {'unet': 'CrackUNet', 'hed': 'CrackHED'}
ARCHITECTURES = {'unet': 'U-Net', 'hed': 'DeepCrack/HED-style'}
MAX_BYTES = 10 * 1024 * 1024


def sha(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    os.makedirs(OUT, exist_ok=True)
    old = {}
    manifest_path = os.path.join(OUT, 'manifest.json')
    if os.path.exists(manifest_path):
        for family in json.load(open(manifest_path))['families']:
            for v in family['versions']:
                old[v['file']] = v
    old_sha = {}
    families = []
    for arch, name in NAMES.items():
        runs = [('base', f'{arch}-base', 'base')] + [
            (kind, f'{arch}-q{q}-{kind}', f'+{q}') for kind in ('rule', 'random') for q in (1, 3, 7)
        ]
        versions = {'rule': [], 'random': []}
        for kind, run, label in runs:
            src = os.path.join(RUNS, run)
            stem = f'{name}-{"base" if kind == "base" else f"q{label[1:]}-{kind}"}'
            target = os.path.join(OUT, f'{stem}.onnx')
            family = versions['rule' if kind in ('base', 'rule') else 'random']
            if not os.path.exists(os.path.join(src, 'model.onnx')) or not os.path.exists(os.path.join(src, 'run.json')):
                if os.path.exists(target) and f'{stem}.onnx' in old:  # packaged before: keep it as it is
                    family.append(old[f'{stem}.onnx'])
                continue
            before = sha(target) if os.path.exists(target) else None
            shutil.copyfile(os.path.join(src, 'model.onnx'), target)
            assert os.path.getsize(target) <= MAX_BYTES, f'{target} is over 10 MB'
            if kind == 'base':  # the weights the fine-tunes start from
                shutil.copyfile(os.path.join(src, 'model.pt'), os.path.join(OUT, f'{stem}.pt'))
            shutil.copyfile(os.path.join(src, 'run.json'), os.path.join(OUT, f'{stem}.run.json'))
            shutil.copyfile(os.path.join(src, 'loss.png'), os.path.join(OUT, f'{stem}.loss.png'))
            kept = old.get(f'{stem}.onnx', {})
            ods20 = kept.get('ods20') if before == sha(target) else None
            entry = {'label': label, 'file': f'{stem}.onnx', 'card': f'{stem}.md', 'ods20': ods20}
            family.append(entry)
        if versions['rule']:
            families.append({'name': name, 'architecture': ARCHITECTURES[arch], 'picks': 'rule', 'versions': versions['rule']})
        if versions['random']:
            families.append(
                {'name': f'{name}-random', 'architecture': ARCHITECTURES[arch], 'picks': 'random', 'versions': versions['random']}
            )
    with open(manifest_path, 'w') as f:
        json.dump({'families': families}, f, indent=2)
        f.write('\n')
    print(json.dumps({'families': [(fam['name'], [v['label'] for v in fam['versions']]) for fam in families]}))


if __name__ == '__main__':
    main()
