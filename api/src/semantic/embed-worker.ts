import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import * as tokenizers from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { chunkText } from './chunk.js';
import type { EmbedClose, EmbedReply, EmbedRequest, EmbedWorkerData } from './embed-protocol.js';

// The embedder's worker: the ONNX session and the tokenizer live here, so that a batch of
// inference (tens to hundreds of milliseconds per text on one core) never blocks the HTTP loop.

const config = workerData as EmbedWorkerData;
// The package's declarations do not resolve under NodeNext; the two methods used are typed here.
interface TokenizerLike {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  token_to_id(token: string): number | undefined;
}
const { Tokenizer } = tokenizers as unknown as {
  Tokenizer: new (json: object, config: object) => TokenizerLike;
};
const tokenizer = new Tokenizer(JSON.parse(readFileSync(config.tokenizer, 'utf8')) as object, {});
const clsId = tokenizer.token_to_id('[CLS]') ?? 101;
const sepId = tokenizer.token_to_id('[SEP]') ?? 102;
const padId = tokenizer.token_to_id('[PAD]') ?? 0;

const sessionReady = ort.InferenceSession.create(config.onnx, {
  intraOpNumThreads: config.threads,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
});

function tokens(text: string): number[] {
  return tokenizer.encode(text, { add_special_tokens: false }).ids;
}

/** [CLS] prefix text [SEP], cut to the model's limit. */
function sequence(prefixIds: number[], text: string): number[] {
  const room = config.maxTokens - 2 - prefixIds.length;
  return [clsId, ...prefixIds, ...tokens(text).slice(0, Math.max(1, room)), sepId];
}

async function run(batch: number[][]): Promise<{ dims: number; rows: Float32Array[] }> {
  const session = await sessionReady;
  const width = Math.max(...batch.map((s) => s.length));
  const n = batch.length;
  const ids = new BigInt64Array(n * width).fill(BigInt(padId));
  const mask = new BigInt64Array(n * width);
  batch.forEach((seq, row) => {
    seq.forEach((id, col) => {
      ids[row * width + col] = BigInt(id);
      mask[row * width + col] = 1n;
    });
  });
  const shape = [n, width];
  const output = await session.run({
    input_ids: new ort.Tensor('int64', ids, shape),
    attention_mask: new ort.Tensor('int64', mask, shape),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(n * width), shape),
  });
  const hidden = output.last_hidden_state;
  if (!hidden) throw new Error('the model has no last_hidden_state output');
  const dims = hidden.dims[2] ?? 0;
  const values = hidden.data as Float32Array;
  const rows = batch.map((seq, row) => {
    const vector = new Float32Array(dims);
    const base = row * width * dims;
    if (config.pooling === 'cls') {
      vector.set(values.subarray(base, base + dims));
    } else {
      for (let t = 0; t < seq.length; t++)
        for (let d = 0; d < dims; d++)
          vector[d] = (vector[d] ?? 0) + (values[base + t * dims + d] ?? 0);
    }
    let norm = 0;
    for (const v of vector) norm += v * v;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dims; d++) vector[d] = (vector[d] ?? 0) * scale;
    return vector;
  });
  return { dims, rows };
}

async function embed(request: EmbedRequest): Promise<EmbedReply> {
  const prefix = request.kind === 'query' ? config.queryPrefix : config.passagePrefix;
  const prefixIds = prefix ? tokens(prefix) : [];
  const budget = config.maxTokens - 2 - prefixIds.length;
  const pieces: string[][] = request.texts.map((text) => {
    const chunks = request.chunk ? chunkText(text, budget, (s) => tokens(s).length) : [text];
    return chunks.length > 0 ? chunks : [''];
  });
  const sequences = pieces.flat().map((text) => sequence(prefixIds, text));
  // Similar lengths in one batch waste less work on padding.
  const order = sequences
    .map((_, i) => i)
    .sort((a, b) => (sequences[a]?.length ?? 0) - (sequences[b]?.length ?? 0));
  const vectors: Float32Array[] = new Array<Float32Array>(sequences.length);
  let dims = 0;
  for (let start = 0; start < order.length; start += config.batchSize) {
    const slice = order.slice(start, start + config.batchSize);
    const result = await run(slice.map((i) => sequences[i] ?? []));
    dims = result.dims;
    slice.forEach((i, k) => {
      const row = result.rows[k];
      if (row) vectors[i] = row;
    });
  }
  const data = new Float32Array(vectors.length * dims);
  vectors.forEach((v, i) => {
    data.set(v, i * dims);
  });
  return { id: request.id, ok: true, dims, data, counts: pieces.map((p) => p.length) };
}

// Requests run one at a time: two inferences at once would only fight over the same cores.
let queue: Promise<unknown> = Promise.resolve();
parentPort?.on('message', (request: EmbedRequest | EmbedClose) => {
  if ('op' in request) {
    // After the queued requests: release the session, then let the thread end by itself.
    queue = queue.then(async () => {
      await (await sessionReady).release();
      parentPort?.close();
    });
    return;
  }
  queue = queue.then(async () => {
    let reply: EmbedReply;
    try {
      reply = await embed(request);
    } catch (error) {
      reply = {
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    if (reply.ok && 'data' in reply)
      parentPort?.postMessage(reply, [reply.data.buffer as ArrayBuffer]);
    else parentPort?.postMessage(reply);
  });
});

sessionReady.then(
  async () => {
    const probe = await run([sequence([], 'ready')]);
    parentPort?.postMessage({
      id: -1,
      ok: true,
      ready: true,
      dims: probe.dims,
    } satisfies EmbedReply);
  },
  (error: unknown) => {
    parentPort?.postMessage({
      id: -1,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  },
);
