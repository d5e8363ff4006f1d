import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReductionKind } from '../../models/model-config.js';
import { listTensors } from '../../models/onnx-graph.js';
import { type CliCommand, type CliValues, requireString } from '../command.js';

const list = (v: CliValues[string]): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const numbers = (v: CliValues[string]) => (typeof v === 'string' ? v.split(',').map(Number) : null);

/** `--tap name:gap`, `--tap name:grid4`, `--tap name:flatten` */
export function parseTap(spec: string): { name: string; reduction: ReductionKind; grid: number | null } {
  const at = spec.lastIndexOf(':');
  const name = at > 0 ? spec.slice(0, at) : spec;
  const how = at > 0 ? spec.slice(at + 1) : 'gap';
  const grid = /^grid(\d+)$/.exec(how);
  if (grid) return { name, reduction: 'grid', grid: Number(grid[1]) };
  if (how === 'gap' || how === 'flatten') return { name, reduction: how, grid: null };
  throw new Error(`--tap ${spec}: the reduction must be gap, gridN or flatten`);
}

export const inspectModelCommand: CliCommand = {
  name: 'inspect-model',
  usage: 'inspect-model <file.onnx>',
  summary: 'List the inputs, outputs and intermediate tensors of an ONNX graph (to choose taps)',
  options: {},
  positionals: 1,
  async run({ positionals }, ctx) {
    const info = listTensors(await fs.readFile(positionals[0]!));
    for (const i of info.inputs) ctx.out(`input   ${i.name} ${JSON.stringify(i.shape)}`);
    for (const o of info.outputs) ctx.out(`output  ${o.name} ${JSON.stringify(o.shape)}`);
    for (const n of info.nodes) ctx.out(`node    ${n.opType.padEnd(18)} -> ${n.outputs.join(', ')}`);
  },
};

export const registerModelCommand: CliCommand = {
  name: 'register-model',
  usage:
    'register-model <file.onnx> --name <name> --tap <tensor:gap|gridN|flatten>... [--input 448x448] [--channel-order RGB|BGR] [--mean a,b,c] [--std a,b,c] [--scale s] [--prediction-output <tensor>] [--family <name>]',
  summary: 'Register an ONNX model with its feature taps (a new version if the name exists)',
  options: {
    name: { type: 'string' },
    tap: { type: 'string', multiple: true },
    input: { type: 'string' },
    'channel-order': { type: 'string' },
    mean: { type: 'string' },
    std: { type: 'string' },
    scale: { type: 'string' },
    'prediction-output': { type: 'string' },
    family: { type: 'string' },
  },
  positionals: 1,
  async run({ values, positionals }, ctx) {
    const onnx = await fs.readFile(path.resolve(positionals[0]!));
    const size = typeof values.input === 'string' ? /^(\d+)x(\d+)$/.exec(values.input) : null;
    if (values.input !== undefined && !size) throw new Error('--input must look like 448x448 (width x height)');
    const order = values['channel-order'];
    const model = await ctx.withServices('cli register-model', (services) =>
      services.registry.registerOnnx(
        {
          name: requireString(values, 'name'),
          family: typeof values.family === 'string' ? values.family : null,
          inputWidth: size ? Number(size[1]) : null,
          inputHeight: size ? Number(size[2]) : null,
          channelOrder: order === 'BGR' || order === 'RGB' ? order : null,
          mean: numbers(values.mean),
          std: numbers(values.std),
          scale: typeof values.scale === 'string' ? Number(values.scale) : null,
          taps: list(values.tap).map(parseTap),
          predictionOutput: typeof values['prediction-output'] === 'string' ? values['prediction-output'] : null,
        },
        onnx,
      ),
    );
    ctx.out(`registered ${model.name} v${model.version}: dimension ${model.dimension}`);
    for (const t of (model.tapShapes ?? []) as { name: string; dims: number[]; length: number }[])
      ctx.out(`  tap ${t.name} ${JSON.stringify(t.dims)} -> ${t.length}`);
  },
};

export const extractCommand: CliCommand = {
  name: 'extract',
  usage: 'extract --model <name> [--version N] --dataset <name>',
  summary: 'Embed every image of a dataset that has no embedding for the model yet (works on the job until it is done)',
  options: { model: { type: 'string' }, version: { type: 'string' }, dataset: { type: 'string' } },
  positionals: 0,
  async run({ values }, ctx) {
    const version = typeof values.version === 'string' ? Number(values.version) : null;
    const job = await ctx.withServices('cli extract', async (services) => {
      await services.startQueue({ work: true }); // this process shares the work with any running workers
      try {
        const started = await services.extraction.startExtraction(
          { name: requireString(values, 'model'), version },
          requireString(values, 'dataset'),
        );
        const bar = ctx.progress(`extract #${started.id}`);
        try {
          return await services.extraction.waitForJob(started.id, bar.update);
        } finally {
          bar.stop();
        }
      } finally {
        await services.stop();
      }
    });
    ctx.out(
      `job ${job.id} ${job.state}: ${job.done}/${job.total} images embedded on ${job.provider ?? 'no provider (nothing to do)'}`,
    );
    for (const e of job.errors as { imageId: number; message: string }[]) ctx.out(`  image ${e.imageId}: ${e.message}`);
    if (job.state === 'failed') throw new Error(`job ${job.id} failed`);
  },
};

export const workerCommand: CliCommand = {
  name: 'worker',
  usage: 'worker',
  summary: 'Take extraction and distance work from the shared queue until stopped (run on extra or GPU machines)',
  options: {},
  positionals: 0,
  async run(_args, ctx) {
    await ctx.withServices('cli worker', async (services) => {
      await services.startQueue({ work: true });
      ctx.out(`worker ready (providers: ${ctx.config.ml.executionProviders.join(',')}); Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await services.stop();
    });
  },
};

export const importEmbeddingsCommand: CliCommand = {
  name: 'import-embeddings',
  usage: 'import-embeddings <file.npy> --names <names.txt> --model <name> [--version N] --dataset <name>',
  summary: 'Import precomputed embeddings (rows = images, names in row order)',
  options: {
    names: { type: 'string' },
    model: { type: 'string' },
    version: { type: 'string' },
    dataset: { type: 'string' },
  },
  positionals: 1,
  async run({ values, positionals }, ctx) {
    const version = typeof values.version === 'string' ? Number(values.version) : null;
    const result = await ctx.withServices('cli import-embeddings', (services) =>
      services.embeddingImport.importEmbeddings(
        { name: requireString(values, 'model'), version },
        requireString(values, 'dataset'),
        path.resolve(positionals[0]!),
        path.resolve(requireString(values, 'names')),
      ),
    );
    ctx.out(
      `${result.imported} embeddings of dimension ${result.dimension} imported into ${result.model.name} v${result.model.version} / ${result.dataset.name}`,
    );
  },
};
