import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ExecutionProvider } from './onnx-session.js';

// Kept apart from onnx-session.ts so that the main thread can decide the providers without
// loading ONNX Runtime itself (the inference workers load it).

/** The CUDA provider's library, beside the binding when onnxruntime-node was installed for CUDA. */
function cudaProviderLibrary(): string {
  const packageMain = createRequire(import.meta.url).resolve('onnxruntime-node');
  const binDir = path.join(path.dirname(packageMain), '..', 'bin', 'napi-v6', process.platform, process.arch);
  return path.join(
    binDir,
    process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so',
  );
}

let installed: ExecutionProvider[] | null = null;

/**
 * The providers of `requested` that this installation has, decided once per process by looking
 * for their libraries instead of loading them: ONNX Runtime prints a multi-line native error for
 * every session that tries a missing CUDA provider (each model's worker, each probe), so a missing
 * one is dropped here and said once, in one line. CPU is always there.
 */
export function installedProviders(requested: readonly string[], log: (message: string) => void = console.warn) {
  if (!installed) {
    const cuda = fs.existsSync(cudaProviderLibrary());
    installed = [...new Set([...requested, 'cpu'])].filter((p) => p !== 'cuda' || cuda) as ExecutionProvider[];
    if (requested.includes('cuda') && !cuda) {
      log(
        'ONNX Runtime: no CUDA provider in this installation (ONNXRUNTIME_NODE_INSTALL=cuda12 npm install adds it); inference runs on the CPU',
      );
    }
  }
  return [...installed];
}
