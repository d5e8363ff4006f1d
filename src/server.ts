import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppConfig, loadConfig } from './config.js';
import { openStore, type Store } from './db/store.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { createApolloServer } from './graphql/apollo.js';
import { createHttpApp } from './http.js';
import { registerTrainedFamilies } from './models/index.js';
import { createServices, type Services } from './services.js';

export interface RunningServer {
  url: string;
  port: number;
  /** The process's services and store (tests and benchmarks read them directly). */
  services: Services;
  store: Store;
  close(): Promise<void>;
}

/** loadConfig → openStore → migrate → seed → Apollo → listen. */
export async function startServer(config: AppConfig, log: (msg: string) => void = console.log): Promise<RunningServer> {
  const store = await openStore(config, { role: 'server', joinRunning: false });
  const services = createServices(store, config);
  try {
    // Before anything else runs: refuses to serve a non-loopback address without a key.
    await services.auth.prepare(log);
    await services.startQueue({ work: config.jobs.runWorker });
    if (config.server.seedDemo) await seedDemoIfEmpty(services, log);
    const apollo = createApolloServer(config);
    await apollo.start();
    const app = createHttpApp(apollo, services);
    const http: Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.server.port, config.server.host, () => resolve(s));
      s.once('error', reject);
    });
    const port = (http.address() as AddressInfo).port;
    // The crack networks in models/crack/ are registered once the server answers: probing each
    // new version takes about a second, and the first start on a store registers all of them.
    const stopping = new AbortController();
    const trained = config.server.registerTrained
      ? registerTrainedFamilies(services.registry, log, { signal: stopping.signal }).catch((e: unknown) =>
          log(`Registering the trained crack models failed: ${(e as Error).message}`),
        )
      : Promise.resolve();
    return {
      url: `http://${config.server.host === '0.0.0.0' ? '127.0.0.1' : config.server.host}:${port}`,
      port,
      services,
      store,
      close: async () => {
        stopping.abort();
        await trained;
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
        await apollo.stop();
        await services.stop();
        await store.close();
      },
    };
  } catch (e) {
    await services.stop();
    await store.close();
    throw e;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  console.log(
    `distmetrics ready: ${server.url}  (GraphQL at ${server.url}/graphql, store: ${config.db.url ? 'postgres' : config.db.dataDir})`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping: finishing the extraction chunk in hand, then closing the store…');
    // Bounded whatever hangs (a stuck model is cut after 10 s already): exit regardless.
    setTimeout(() => {
      console.error('Stopping took over 30 s: exiting without a clean close');
      process.exit(1);
    }, 30_000).unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
