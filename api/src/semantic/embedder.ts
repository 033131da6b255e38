import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type {
  EmbedClose,
  EmbedKind,
  EmbedReply,
  EmbedRequest,
  EmbedWorkerData,
} from './embed-protocol.js';
import type { InstalledModel } from './models.js';

// Text → vectors through the model's worker thread. Requests queue in the worker and run one at
// a time; callers await them without blocking the event loop.

export interface Embedder {
  readonly modelId: string;
  readonly modelName: string;
  /** Resolves with the vector size once the model has answered a first inference. */
  ready(): Promise<number>;
  /** One L2-normalised vector per text (texts past the model's limit are truncated). */
  embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]>;
  /** For each text, one vector per sentence chunk of at most the model's limit. */
  embedChunked(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[][]>;
  close(): Promise<void>;
}

export interface EmbedderOptions {
  /** Intra-op threads of the ONNX session. Default 1: it leaves the other core to the API. */
  threads?: number;
  /**
   * Texts per inference. Default 1: the int8 model quantises activations per tensor, so a text
   * padded into a batch gets a slightly different vector (cosine 0.997) than alone, and on two
   * cores one text at a time was also the fastest (bench/embed.ts).
   */
  batchSize?: number;
}

// From sources (tsx, vitest) the worker is a .ts file that node 20 cannot load by itself: it is
// required through tsx's CJS hook, as the embedded search engine does. Built, it is a .js entry.
function spawnWorker(data: EmbedWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./embed-worker.js', import.meta.url), { workerData: data });
  }
  const file = fileURLToPath(new URL('./embed-worker.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

export function createEmbedder(model: InstalledModel, options: EmbedderOptions = {}): Embedder {
  const worker = spawnWorker({
    onnx: model.onnx,
    tokenizer: model.tokenizer,
    pooling: model.spec.pooling,
    queryPrefix: model.spec.queryPrefix,
    passagePrefix: model.spec.passagePrefix,
    maxTokens: model.spec.maxTokens,
    threads: options.threads ?? 1,
    batchSize: options.batchSize ?? 1,
  });
  const pending = new Map<
    number,
    { resolve: (r: EmbedReply) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  let failure: Error | undefined;
  let closed = false;
  let dims = 0;
  let readyResolve: (dims: number) => void = () => undefined;
  let readyReject: (e: Error) => void = () => undefined;
  const readyPromise = new Promise<number>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  // Nobody may be waiting yet; the rejection is reported to whoever asks.
  readyPromise.catch(() => undefined);

  const fail = (error: Error) => {
    failure ??= error;
    readyReject(error);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.unref();
  worker.on('message', (reply: EmbedReply) => {
    if (reply.id === -1) {
      if (reply.ok && 'ready' in reply) {
        dims = reply.dims;
        readyResolve(dims);
      } else if (!reply.ok) fail(new Error(`embedding model failed to load: ${reply.message}`));
      return;
    }
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.ok) waiter.resolve(reply);
    else waiter.reject(new Error(`embedding failed: ${reply.message}`));
  });
  worker.on('error', (error) => {
    fail(error);
  });
  worker.on('exit', (code) => {
    if (!closed) fail(new Error(`embedding worker exited with code ${code}`));
  });

  function request(texts: readonly string[], kind: EmbedKind, chunk: boolean) {
    if (failure) return Promise.reject(failure);
    if (closed) return Promise.reject(new Error('embedder closed'));
    const id = nextId++;
    const message: EmbedRequest = { id, texts: [...texts], kind, chunk };
    return new Promise<Extract<EmbedReply, { data: Float32Array }>>((resolve, reject) => {
      pending.set(id, {
        resolve: (reply) => {
          if ('data' in reply) resolve(reply);
          else reject(new Error('embedding worker answered without vectors'));
        },
        reject,
      });
      worker.ref();
      worker.postMessage(message);
    });
  }

  function rows(data: Float32Array, width: number, count: number, from: number): Float32Array[] {
    const out: Float32Array[] = [];
    for (let i = 0; i < count; i++)
      out.push(data.slice((from + i) * width, (from + i + 1) * width));
    return out;
  }

  return {
    modelId: model.spec.id,
    modelName: model.spec.name,
    ready: () => readyPromise,
    async embed(texts, kind) {
      if (texts.length === 0) return [];
      const reply = await request(texts, kind, false);
      return rows(reply.data, reply.dims, texts.length, 0);
    },
    async embedChunked(texts, kind) {
      if (texts.length === 0) return [];
      const reply = await request(texts, kind, true);
      let at = 0;
      return reply.counts.map((count) => {
        const out = rows(reply.data, reply.dims, count, at);
        at += count;
        return out;
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const waiter of pending.values()) waiter.reject(new Error('embedder closed'));
      pending.clear();
      // Terminating a thread that holds an ONNX session aborts the process when it exits; the
      // worker releases the session and ends by itself, and is terminated only if it hangs.
      const exited = new Promise<void>((resolve) =>
        worker.once('exit', () => {
          resolve();
        }),
      );
      worker.ref();
      worker.postMessage({ op: 'close' } satisfies EmbedClose);
      const hung = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) =>
          setTimeout(() => {
            resolve(true);
          }, 5_000).unref(),
        ),
      ]);
      if (hung) await worker.terminate();
    },
  };
}
