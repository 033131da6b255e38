// Messages between the embedder (embedder.ts) and its worker thread (embed-worker.ts).

export interface EmbedWorkerData {
  onnx: string;
  tokenizer: string;
  pooling: 'cls' | 'mean';
  queryPrefix: string;
  passagePrefix: string;
  maxTokens: number;
  threads: number;
  batchSize: number;
}

export type EmbedKind = 'query' | 'passage';

export interface EmbedRequest {
  id: number;
  texts: string[];
  kind: EmbedKind;
  /** Cut each text into sentence chunks of at most maxTokens instead of truncating it. */
  chunk: boolean;
}

/** Releases the ONNX session and lets the worker end by itself (terminating it mid-session aborts). */
export interface EmbedClose {
  op: 'close';
}

export type EmbedReply =
  | {
      id: number;
      ok: true;
      dims: number;
      /** Row-major vectors of every chunk of every text, L2-normalised. */
      data: Float32Array;
      /** Chunks per text, in order (all 1 without chunking). */
      counts: number[];
    }
  | { id: number; ok: false; message: string }
  | { id: -1; ok: true; ready: true; dims: number };
