import type { ArchitectureResult, ReplicationResult, VersionRow } from './replicate.js';
import { CRACK_SECONDARIES, LABEL_BOUNDS, PRIMARY, SECONDARIES } from './replication-plan.js';

const f3 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(2)} %`);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const header = (cells: string[]) => [row(cells), row(cells.map(() => '---'))];

/** A claim of the paper, and whether these numbers agree with it. */
interface Verdict {
  claim: string;
  agrees: boolean | null;
  evidence: string;
}

function verdicts(a: ArchitectureResult): Verdict[] {
  const out: Verdict[] = [];
  const nonCrack = SECONDARIES.filter((s) => !s.cracks).map((s) => s.name);
  const farthest = [...a.odist].sort((x, y) => y.scaled - x.scaled)[0]!;
  out.push({
    claim: 'Non-crack sets are the farthest from the primary (Table 2).',
    agrees: nonCrack.includes(farthest.secondary),
    evidence: `largest scaled ODist: ${farthest.secondary} (${f3(farthest.scaled)})`,
  });
  const nearest = [...a.odist].sort((x, y) => x.scaled - y.scaled)[0]!;
  out.push({
    claim: "The primary's own test split is the nearest set.",
    agrees: nearest.secondary === 'DeepCrack-test',
    evidence: `smallest scaled ODist: ${nearest.secondary} (${f3(nearest.scaled)})`,
  });
  for (const s of CRACK_SECONDARIES) {
    const rho = a.curves[s.name]?.spearman ?? null;
    out.push({
      claim: `F falls as IDist grows on ${s.name} (Figures 4-6).`,
      agrees: rho === null ? null : rho < 0,
      evidence: `Spearman's rho of per-image F against IDist: ${f3(rho)}`,
    });
    const k2 = a.splits[s.name]?.find((x) => x.k === 2);
    if (k2) {
      const [near, far] = k2.parts;
      out.push({
        claim: `The far half of ${s.name} scores lower than the near half (Tables 3-5, k = 2).`,
        agrees: near?.ods == null || far?.ods == null ? null : far.ods < near.ods,
        evidence: `ODS near ${f3(near?.ods)}, far ${f3(far?.ods)}`,
      });
    }
  }
  const base = a.versions.find((v) => v.label === 'base');
  const byLabel = (picks: 'rule' | 'random', label: string) =>
    a.versions.find((v) => v.picks === picks && v.label === label);
  if (base) {
    // Where was the base weakest (lowest held-out ODS), and where did the rule's +7 gain most?
    const gains = CRACK_SECONDARIES.map((s) => ({
      name: s.name,
      base: base.heldOut[s.name] ?? null,
      gain: gainOf(byLabel('rule', '+7'), base, s.name),
    })).filter((g) => g.base !== null && g.gain !== null);
    if (gains.length > 1) {
      const weakest = [...gains].sort((x, y) => x.base! - y.base!)[0]!;
      const most = [...gains].sort((x, y) => y.gain! - x.gain!)[0]!;
      out.push({
        claim: 'A few labelled far images help most where the model was weakest.',
        agrees: weakest.name === most.name,
        evidence: `weakest base (held-out ODS): ${weakest.name} (${f3(weakest.base)}); largest gain of +7 by the rule: ${most.name} (${signed(most.gain)})`,
      });
    }
    for (const label of ['+1', '+3', '+7']) {
      const [rule, random] = [byLabel('rule', label), byLabel('random', label)];
      if (!rule || !random) continue;
      const wins = CRACK_SECONDARIES.filter((s) => (rule.far[s.name] ?? -1) > (random.far[s.name] ?? -1)).length;
      out.push({
        claim: `Images picked by the rule (scaled IDist in [${LABEL_BOUNDS.lower}, ${LABEL_BOUNDS.upper}]) help the far images more than as many random ones (${label}).`,
        agrees: wins * 2 > CRACK_SECONDARIES.length ? true : wins * 2 < CRACK_SECONDARIES.length ? false : null,
        evidence: `rule beats control on the far half of ${wins} of ${CRACK_SECONDARIES.length} crack secondaries`,
      });
    }
  }
  return out;
}

const signed = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);

function gainOf(version: VersionRow | undefined, base: VersionRow, secondary: string): number | null {
  const [v, b] = [version?.heldOut[secondary], base.heldOut[secondary]];
  return v === null || v === undefined || b === null || b === undefined ? null : v - b;
}

function architectureSection(a: ArchitectureResult, figuresPath: string): string[] {
  const lines: string[] = [];
  const names = SECONDARIES.map((s) => s.name);
  lines.push(`## ${a.architecture} (${a.base.name})`, '');
  lines.push('### Performance of the base network', '');
  lines.push(...header(['Dataset', 'Images', 'ODS', 'Threshold', 'False-positive pixel rate at t = 0.5']));
  for (const name of [PRIMARY.name, ...names]) {
    const p = a.performance[name]!;
    lines.push(
      row([name, p.images, f3(p.ods), p.threshold === null ? '–' : p.threshold.toFixed(2), pct(p.fpRateAt05)]),
    );
  }
  lines.push(
    '',
    `ODS on ${PRIMARY.name} is on the images the network trained on; BSDS500 has no cracks, so its F is undefined and its false-positive rate is the measure.`,
    '',
  );
  lines.push('### Table 2: scaled ODist from the primary', '');
  lines.push(...header(['Model', ...names]));
  lines.push(
    row([`${a.base.name} v${a.base.version}`, ...names.map((n) => f3(a.odist.find((o) => o.secondary === n)?.scaled))]),
  );
  lines.push('', ...header(['Secondary', 'ODist', 'ODist(P, P) under the same fit', 'z used']));
  for (const o of a.odist) lines.push(row([o.secondary, o.odist.toPrecision(6), o.baseline.toPrecision(6), o.zUsed]));
  lines.push('', '### Table 6: PC stability (scaled ODist for each z)', '');
  lines.push(...header(['z', ...names]));
  for (const r of a.stability) lines.push(row([r.z, ...names.map((n) => f3(r.scaled[n]))]));
  lines.push('', `![PC stability](${figuresPath}/${a.base.name}-pc-stability.png)`, '');
  lines.push('### Tables 3-5: ODS of the IDist splits (part 1 = nearest)', '');
  lines.push(...header(['Secondary', 'k', 'Part', 'Images', 'Mean scaled IDist', 'ODS']));
  for (const s of CRACK_SECONDARIES)
    for (const split of a.splits[s.name] ?? [])
      for (const [i, p] of split.parts.entries())
        lines.push(row([s.name, split.k, i + 1, p.count, f3(p.scaledMean), f3(p.ods)]));
  lines.push('', '### Figures 4-6: per-image F against scaled IDist', '');
  lines.push(...header(['Secondary', "Spearman's rho", 'Images', 'Moving-average window']));
  for (const s of CRACK_SECONDARIES) {
    const c = a.curves[s.name]!;
    lines.push(row([s.name, f3(c.spearman), c.points, c.window]));
  }
  lines.push('');
  for (const s of CRACK_SECONDARIES)
    lines.push(`![${a.architecture} on ${s.name}](${figuresPath}/${a.base.name}-${s.name}-f-vs-idist.png)`, '');
  lines.push('### Fine-tuned versions: the label rule against random controls', '');
  lines.push(
    `Each version adds q labelled images of each crack secondary to DeepCrack-train. "rule": random among scaled IDist in [${LABEL_BOUNDS.lower}, ${LABEL_BOUNDS.upper}] under the base network's own fit; "random": as many images uniformly from the whole secondary. Scores leave out every image any version trained on (held-out images per secondary: ${CRACK_SECONDARIES.map((s) => `${s.name} ${a.heldOutImages[s.name]}`).join(', ')}); "far" is the held-out part of the far half of the base network's k = 2 split (${CRACK_SECONDARIES.map((s) => `${s.name} ${a.farImages[s.name]}`).join(', ')} images).`,
    '',
  );
  const short = a.picks.flatMap((p) =>
    CRACK_SECONDARIES.map((s) => ({
      q: p.q,
      name: s.name,
      n: p.rule.filter((x) => x.dataset === s.name).length,
    })).filter((x) => x.n < x.q),
  );
  if (short.length)
    lines.push(
      `The rule picks fewer than q where a secondary has fewer candidates in [${LABEL_BOUNDS.lower}, ${LABEL_BOUNDS.upper}]: ${short.map((x) => `${x.name} ${x.n} of ${x.q}`).join(', ')}.`,
      '',
    );
  lines.push(
    ...header(['Version', 'Picks', ...CRACK_SECONDARIES.flatMap((s) => [`${s.name} ODS`, `${s.name} far ODS`])]),
  );
  for (const v of a.versions)
    lines.push(
      row([
        `${v.model.name} v${v.model.version} (${v.label})`,
        v.label === 'base' ? '–' : v.picks,
        ...CRACK_SECONDARIES.flatMap((s) => [f3(v.heldOut[s.name]), f3(v.far[s.name])]),
      ]),
    );
  lines.push('', '<details><summary>The images each version added</summary>', '');
  for (const p of a.picks) {
    lines.push(`- q = ${p.q}, rule: ${p.rule.map((x) => `${x.dataset}/${x.fileName} (${f3(x.scaled)})`).join(', ')}`);
    lines.push(
      `- q = ${p.q}, random: ${p.random.map((x) => `${x.dataset}/${x.fileName} (${f3(x.scaled)})`).join(', ')}`,
    );
  }
  lines.push('', '</details>', '');
  lines.push('### Where the results agree with the paper', '');
  lines.push(...header(['Claim', 'Here', 'Evidence']));
  for (const v of verdicts(a))
    lines.push(row([v.claim, v.agrees === null ? 'undecided' : v.agrees ? 'agrees' : 'does not agree', v.evidence]));
  lines.push('');
  return lines;
}

/** docs/replication.md: the paper's tables and figures from one `npm run replicate` run. */
export function replicationReport(r: ReplicationResult, o: { dataDir: string; figuresPath: string; command: string }) {
  const lines = [
    '# The paper, replicated with crack networks trained here',
    '',
    `Written by \`${o.command}\` (src/cli/replication/). Data: ${o.dataDir} (${[PRIMARY, ...SECONDARIES].map((d) => d.folder).join(', ')}). ` +
      `Models: models/crack/ (trained by training/train.py; see each model card). Wall time of this run: ${(r.seconds / 60).toFixed(1)} min, of which extraction ${(r.extractionSeconds / 60).toFixed(1)} min (a run reuses the imports, embeddings, predictions and fits its store already holds, so only a first run extracts). ` +
      'Re-running it on the same data gives the same numbers: the fits, the picks and the scores are deterministic.',
    '',
    `Primary P: ${PRIMARY.name} (the networks' training set). Secondaries: ${SECONDARIES.map((s) => s.name).join(', ')}. ` +
      "Every image is resized to the networks' input, 544 x 384, as the server does for any model. IDist is the row sum over the primary (the paper), z = 25, one PCA fit per (primary, secondary).",
    '',
    '## ODS of every model file on DeepCrack test',
    '',
    ...header(['Model', 'File', 'ODS (237 images)', 'ODS (first 20 by file name, re-checked in CI)']),
    ...r.modelOds.map((m) => row([`${m.model.name} v${m.model.version}`, m.file, f3(m.ods), f3(m.ods20)])),
    '',
  ];
  for (const a of r.architectures) lines.push(...architectureSection(a, o.figuresPath));
  return `${lines.join('\n')}\n`;
}
