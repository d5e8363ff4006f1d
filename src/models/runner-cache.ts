import type { AppConfig } from '../config.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Model } from '../generated/prisma/client.js';
import { type InferenceRunner, startInferenceRunner } from './inference-runner.js';
import { type ModelConfig, modelJson } from './model-config.js';
import type { ModelRepository } from './model.repository.js';
import { exposeTensors } from './onnx-graph.js';
import { installedProviders } from './providers.js';

/** The graph with every tap (and the prediction output) exposed as an output. */
export function tappedGraph(onnx: Uint8Array, config: ModelConfig): Uint8Array {
  const names = [...config.taps.map((t) => t.name), ...(config.predictionOutput ? [config.predictionOutput] : [])];
  return exposeTensors(onnx, names);
}

/**
 * One inference worker per model per process, created on first use and closed on shutdown.
 * Warnings (such as CUDA falling back to CPU) are logged once per process, not per model.
 */
export function createRunnerCache(repo: ModelRepository, config: AppConfig, log: (m: string) => void = console.warn) {
  const runners = new Map<number, Promise<InferenceRunner>>();
  // Providers for the next worker: those installed, less any a worker found it could not load.
  let providers: string[] | null = null;
  const logged = new Set<string>();
  const logOnce = (message: string) => {
    if (logged.has(message)) return;
    logged.add(message);
    log(message);
  };

  async function start(model: Model): Promise<InferenceRunner> {
    if (!model.onnxSha256) {
      throw new AppError(
        ErrorCode.MODEL_UNAVAILABLE,
        `Model ${model.name} v${model.version} is external (no ONNX file): import its embeddings instead`,
      );
    }
    const bytes = await repo.onnxBytes(model.onnxSha256);
    if (!bytes)
      throw new AppError(
        ErrorCode.MODEL_UNAVAILABLE,
        `The ONNX file of ${model.name} v${model.version} is missing from the store`,
      );
    const modelConfig = modelJson(model).config;
    const runner = await startInferenceRunner(
      {
        modelBytes: tappedGraph(bytes, modelConfig),
        config: modelConfig,
        providers: (providers ??= installedProviders(config.ml.executionProviders, logOnce)),
      },
      logOnce,
      { timeoutMs: config.limits.inferenceTimeoutMs },
    );
    // A provider the session fell back from (CUDA without a driver) is not tried again.
    if (providers.indexOf(runner.provider) > 0) providers = providers.slice(providers.indexOf(runner.provider));
    if (model.provider !== runner.provider) await repo.setModelProvider(model.id, runner.provider);
    return runner;
  }

  return {
    get(model: Model): Promise<InferenceRunner> {
      let runner = runners.get(model.id);
      if (!runner) {
        runner = start(model);
        runner.catch(() => runners.delete(model.id));
        runners.set(model.id, runner);
      }
      return runner;
    },
    async closeAll(): Promise<void> {
      const all = [...runners.values()];
      runners.clear();
      await Promise.all(all.map((r) => r.then((x) => x.close()).catch(() => undefined)));
    },
  };
}

export type RunnerCache = ReturnType<typeof createRunnerCache>;
