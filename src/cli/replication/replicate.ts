import fs from 'node:fs/promises';
import path from 'node:path';
import type { Model } from '../../generated/prisma/client.js';
import { registerTrainedFamilies, type RegisteredFamily } from '../../models/index.js';
import type { Services } from '../../services.js';
import { PALETTE, writeLineChartPng } from './figures.js';
import {
  COMPONENTS,
  CONTROL_SEED,
  CRACK_SECONDARIES,
  LABEL_BOUNDS,
  LABEL_COUNTS,
  type LabelPick,
  ODS_CHECK_IMAGES,
  picksFile,
  PRIMARY,
  type ReplicationDataset,
  RULE_SEED,
  SECONDARIES,
  STABILITY_COMPONENTS,
} from './replication-plan.js';

export type Log = (line: string) => void;

const ALL_DATASETS = [PRIMARY, ...SECONDARIES];
const REDUCE = 'SUM' as const;

/** Imports the five sets (idempotent: images already present are skipped by content). */
export async function importDatasets(services: Services, dataDir: string, log: Log): Promise<void> {
  for (const d of ALL_DATASETS) {
    const folder = path.join(dataDir, d.folder);
    const result = await services.ingest.importFolder({
      folder: path.join(folder, 'images'),
      masks: path.join(folder, 'masks'),
      dataset: d.name,
    });
    log(`${d.name}: ${result.added} added, ${result.alreadyPresent} already present, ${result.withMask} with masks`);
  }
}

/** Embeds (and predicts) every image of the sets with each model, on this process's queue worker. */
export async function extractAll(services: Services, models: Model[], datasets: readonly string[], log: Log) {
  for (const model of models) {
    const started = Date.now();
    let images = 0;
    for (const dataset of datasets) {
      const job = await services.extraction.startExtraction({ name: model.name, version: model.version }, dataset);
      const done = await services.extraction.waitForJob(job.id, () => {});
      if (done.state === 'failed') throw new Error(`extraction of ${dataset} with ${model.name} failed`);
      images += done.total;
    }
    log(
      `${model.name} v${model.version}: ${images} images extracted in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  }
}

/** Distinct model files: a base shared by a rule family and its control is extracted once. */
function distinctModels(models: Model[]): Model[] {
  const seen = new Set<string>();
  return models.filter((m) => {
    const key = m.onnxSha256 ?? `${m.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function picksOf(
  services: Services,
  model: Model,
  secondary: ReplicationDataset,
  q: number,
  rule: boolean,
): Promise<LabelPick[]> {
  const answer = await services.performance.labelCandidates({
    model,
    primary: PRIMARY.name,
    secondary: secondary.name,
    components: COMPONENTS,
    reduce: REDUCE,
    strategy: 'RANDOM',
    count: q,
    // The control picks uniformly from the whole secondary: every scaled IDist is in [0, 1].
    ...(rule ? { ...LABEL_BOUNDS, seed: RULE_SEED } : { lower: 0, upper: 1, seed: CONTROL_SEED }),
  });
  const images = new Map((await services.performance.images(answer.picks.map((p) => p.imageId))).map((i) => [i.id, i]));
  return answer.picks.map((p) => {
    const fileName = images.get(p.imageId)!.fileName;
    return {
      dataset: secondary.name,
      fileName,
      image: path.join(secondary.folder, 'images', fileName),
      mask: path.join(secondary.folder, 'masks', `${path.parse(fileName).name}.png`),
      scaled: p.scaled,
    };
  });
}

/** Per q, the rule's picks and the control's, over the three crack secondaries, under `base`'s fits. */
export async function labelPicks(services: Services, base: Model) {
  const out: { q: number; rule: LabelPick[]; random: LabelPick[] }[] = [];
  for (const q of LABEL_COUNTS) {
    const rule: LabelPick[] = [];
    const random: LabelPick[] = [];
    for (const s of CRACK_SECONDARIES) {
      rule.push(...(await picksOf(services, base, s, q, true)));
      random.push(...(await picksOf(services, base, s, q, false)));
    }
    out.push({ q, rule, random });
  }
  return out;
}

/** The first stage: import, register, extract with the base versions, and write the picks to fine-tune with. */
export async function writeLabelPicks(services: Services, dataDir: string, picksDir: string, log: Log) {
  await importDatasets(services, dataDir, log);
  const families = await registerTrainedFamilies(services.registry, log);
  const bases = families.filter((f) => f.family.picks === 'rule').map((f) => f.models[0]!);
  await extractAll(services, bases, [PRIMARY.name, ...CRACK_SECONDARIES.map((s) => s.name)], log);
  await fs.mkdir(picksDir, { recursive: true });
  for (const { family, models } of families.filter((f) => f.family.picks === 'rule')) {
    for (const { q, rule, random } of await labelPicks(services, models[0]!)) {
      for (const [kind, picks] of [
        ['rule', rule],
        ['random', random],
      ] as const) {
        const file = path.join(picksDir, picksFile(family.name, q, kind));
        await fs.writeFile(file, `${JSON.stringify(picks, null, 2)}\n`);
        log(`${file}: ${picks.map((p) => `${p.dataset}/${p.fileName} (${p.scaled.toFixed(3)})`).join(', ')}`);
      }
    }
  }
}

/** Image ids of a dataset by file name. */
async function imageIdsByName(services: Services, dataset: string): Promise<Map<string, number>> {
  const d = await services.datasets.requireDataset(dataset);
  const out = new Map<string, number>();
  let after: string | null = null;
  for (;;) {
    const page = await services.datasets.imagesPage(d.id, 100, after);
    for (const edge of page.edges) out.set(edge.node.fileName, edge.node.id);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

const ref = (m: Model) => ({ name: m.name, version: m.version });
const secondaryNames = SECONDARIES.map((s) => s.name);

/** One model's ODS on a set, optionally with images left out; null when undefined. */
async function odsOf(services: Services, model: Model, dataset: string, exceptImages: readonly number[] = []) {
  const p = await services.performance.performance({ model: ref(model), dataset, exceptImages });
  return { ods: p.ods?.f ?? null, threshold: p.ods?.threshold ?? null, images: p.imageCount, fpRateAt05: p.fpRateAt05 };
}

export interface VersionRow {
  model: Model;
  label: string;
  picks: 'rule' | 'random';
  /** Per crack secondary: ODS on the held-out images, and on the far half of them. */
  heldOut: Record<string, number | null>;
  far: Record<string, number | null>;
}

export interface ArchitectureResult {
  architecture: string;
  base: Model;
  odist: { secondary: string; odist: number; scaled: number; baseline: number; zUsed: number }[];
  stability: { z: number; scaled: Record<string, number> }[];
  performance: Record<
    string,
    { ods: number | null; threshold: number | null; images: number; fpRateAt05: number | null }
  >;
  splits: Record<
    string,
    { k: number; parts: { count: number; ods: number | null; scaledMean: number; idistMean: number }[] }[]
  >;
  curves: Record<string, { spearman: number | null; points: number; window: number; ods: number | null }>;
  picks: { q: number; rule: LabelPick[]; random: LabelPick[] }[];
  heldOutImages: Record<string, number>;
  farImages: Record<string, number>;
  versions: VersionRow[];
  figures: string[];
}

export interface ModelOds {
  model: Model;
  file: string;
  /** ODS on all of DeepCrack test, and on its first ODS_CHECK_IMAGES images by file name. */
  ods: number | null;
  ods20: number | null;
}

export interface ReplicationResult {
  architectures: ArchitectureResult[];
  modelOds: ModelOds[];
  seconds: number;
  extractionSeconds: number;
}

/**
 * Everything the paper reports, for each trained architecture: Table 2 (scaled ODist), Table 6
 * (PC stability), Tables 3-5 (F over IDist splits, k = 2 and 3), Figures 4-6 (F against scaled
 * IDist with Spearman's rho) and the label-rule versions against their random controls. Figures
 * are written as PNG into `figuresDir`.
 */
export async function replicate(
  services: Services,
  dataDir: string,
  figuresDir: string,
  log: Log,
): Promise<ReplicationResult> {
  const started = Date.now();
  await importDatasets(services, dataDir, log);
  const families = await registerTrainedFamilies(services.registry, log);
  const all = distinctModels(families.flatMap((f) => f.models));
  const bases = new Set(families.filter((f) => f.family.picks === 'rule').map((f) => f.models[0]!.id));
  const extracting = Date.now();
  // Bases on every set; the fine-tunes on the crack secondaries, where their scores are compared.
  await extractAll(
    services,
    all.filter((m) => bases.has(m.id)),
    [PRIMARY.name, ...secondaryNames],
    log,
  );
  const crackNames = CRACK_SECONDARIES.map((s) => s.name);
  await extractAll(
    services,
    all.filter((m) => !bases.has(m.id)),
    crackNames,
    log,
  );
  const extractionSeconds = (Date.now() - extracting) / 1000;
  await fs.mkdir(figuresDir, { recursive: true });

  const architectures: ArchitectureResult[] = [];
  for (const ruleFamily of families.filter((f) => f.family.picks === 'rule')) {
    const arch = ruleFamily.family.architecture;
    const control = families.find((f) => f.family.architecture === arch && f.family.picks === 'random');
    const base = ruleFamily.models[0]!;
    log(`${arch}: distances, splits and curves under ${base.name} v${base.version}`);
    const odist = await services.analytics.odist({
      model: ref(base),
      primary: PRIMARY.name,
      secondaries: secondaryNames,
      components: COMPONENTS,
      fitOn: 'PAIR',
      reduce: REDUCE,
    });
    const stability = await services.analytics.pcStability({
      model: ref(base),
      primary: PRIMARY.name,
      secondaries: secondaryNames,
      components: STABILITY_COMPONENTS,
      fitOn: 'PAIR',
      reduce: REDUCE,
    });
    const performance: ArchitectureResult['performance'] = {};
    for (const name of [PRIMARY.name, ...secondaryNames]) performance[name] = await odsOf(services, base, name);

    const splits: ArchitectureResult['splits'] = {};
    const curves: ArchitectureResult['curves'] = {};
    const figures: string[] = [];
    const pair = (secondary: string) => ({
      model: base,
      primary: PRIMARY.name,
      secondary,
      components: COMPONENTS,
      reduce: REDUCE,
    });
    const farHalf: Record<string, number[]> = {};
    for (const s of CRACK_SECONDARIES) {
      splits[s.name] = [];
      for (const k of [2, 3]) {
        const v = await services.performance.splits({ ...pair(s.name), k });
        splits[s.name]!.push({
          k,
          parts: v.parts.map((p) => ({ count: p.count, ods: p.ods, scaledMean: p.scaledMean, idistMean: p.idistMean })),
        });
        if (k === 2) farHalf[s.name] = v.parts[1]!.imageIds;
      }
      const curve = await services.performance.curve(pair(s.name));
      curves[s.name] = {
        spearman: curve.spearman,
        points: curve.points.length,
        window: curve.window,
        ods: curve.ods?.f ?? null,
      };
      const file = `${base.name}-${s.name}-f-vs-idist.png`;
      await writeLineChartPng(
        path.join(figuresDir, file),
        [
          {
            name: `${base.name} v${base.version}`,
            color: PALETTE[0]!,
            points: curve.points.map((p) => [p.scaled, p.smoothed] as [number, number]),
            dots: curve.points.map((p) => [p.scaled, p.f] as [number, number]),
          },
        ],
        {
          xName: 'min-max scaled IDist',
          yName: 'F-score',
          xMin: 0,
          xMax: 1,
          yMin: 0,
          yMax: 1,
          legend: false,
          title: `${arch} on ${s.name}: F against scaled IDist (Spearman ${curve.spearman?.toFixed(3) ?? 'undefined'})`,
        },
      );
      figures.push(file);
    }
    const stabilityFile = `${base.name}-pc-stability.png`;
    await writeLineChartPng(
      path.join(figuresDir, stabilityFile),
      secondaryNames.map((name, i) => ({
        name,
        color: PALETTE[i % PALETTE.length]!,
        points: stability.rows.map(
          (r) => [r.componentsRequested, r.entries.find((e) => e.secondary.name === name)!.scaled] as [number, number],
        ),
      })),
      {
        xName: 'principal components z',
        yName: 'scaled ODist',
        xMin: 0,
        yScale: true,
        title: `${arch}: scaled ODist against z (PC stability)`,
      },
    );
    figures.push(stabilityFile);

    // Versions: every image any version of this architecture trained on is left out of every
    // score, so base, rule and control versions are compared on the same held-out images.
    const picks = await labelPicks(services, base);
    const versions: VersionRow[] = [];
    const heldOutImages: Record<string, number> = {};
    const farImages: Record<string, number> = {};
    const excluded: Record<string, number[]> = {};
    for (const s of CRACK_SECONDARIES) {
      const ids = await imageIdsByName(services, s.name);
      const used = new Set(
        picks
          .flatMap((p) => [...p.rule, ...p.random])
          .filter((p) => p.dataset === s.name)
          .map((p) => ids.get(p.fileName)!),
      );
      excluded[s.name] = [...used];
      heldOutImages[s.name] = ids.size - used.size;
      const far = new Set(farHalf[s.name]!.filter((id) => !used.has(id)));
      farImages[s.name] = far.size;
      // The far score leaves out the near half too.
      excluded[`${s.name}:far`] = [...ids.values()].filter((id) => !far.has(id));
    }
    const rows: RegisteredFamily[] = [ruleFamily, ...(control ? [control] : [])];
    for (const { family, models } of rows) {
      for (const [i, model] of models.entries()) {
        const heldOut: Record<string, number | null> = {};
        const far: Record<string, number | null> = {};
        for (const s of CRACK_SECONDARIES) {
          heldOut[s.name] = (await odsOf(services, model, s.name, excluded[s.name])).ods;
          far[s.name] = (await odsOf(services, model, s.name, excluded[`${s.name}:far`])).ods;
        }
        versions.push({ model, label: family.versions[i]!.label, picks: family.picks, heldOut, far });
      }
    }
    architectures.push({
      architecture: arch,
      base,
      odist: odist.secondaries.map((e) => ({
        secondary: e.secondary.name,
        odist: e.odist,
        scaled: e.scaled,
        baseline: e.baseline,
        zUsed: e.fit.componentsUsed,
      })),
      stability: stability.rows.map((r) => ({
        z: r.componentsRequested,
        scaled: Object.fromEntries(r.entries.map((e) => [e.secondary.name, e.scaled])),
      })),
      performance,
      splits,
      curves,
      picks,
      heldOutImages,
      farImages,
      versions,
      figures,
    });
  }

  // Every model file's ODS on DeepCrack test: all of it, and the first images CI re-checks.
  const testIds = await imageIdsByName(services, 'DeepCrack-test');
  const names = [...testIds.keys()].sort();
  const notFirst = names.slice(ODS_CHECK_IMAGES).map((n) => testIds.get(n)!);
  const modelOds: ModelOds[] = [];
  for (const { family, models } of families) {
    for (const [i, model] of models.entries()) {
      const file = family.versions[i]!.file;
      if (modelOds.some((m) => m.file === file)) continue;
      modelOds.push({
        model,
        file,
        ods: (await odsOf(services, model, 'DeepCrack-test')).ods,
        ods20: (await odsOf(services, model, 'DeepCrack-test', notFirst)).ods,
      });
    }
  }
  return { architectures, modelOds, seconds: (Date.now() - started) / 1000, extractionSeconds };
}
