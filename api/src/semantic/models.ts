import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The embedding models semantic matching knows. Their files come from a package registry
// (tools/model/fetch.mjs pins the artifacts and their hashes) into `<MODEL_DIR>/<name>/`.
// bge-small v1.5 pools by the [CLS] token and L2-normalises; a query may carry the model's
// retrieval instruction, passages carry none (BAAI's model card).

export interface ModelSpec {
  name: string;
  /** Stored next to every vector: a new model (or a new way to call it) re-embeds everything. */
  id: string;
  pooling: 'cls' | 'mean';
  queryPrefix: string;
  passagePrefix: string;
  /** The model's position limit, special tokens included. */
  maxTokens: number;
}

export const modelSpecs: Record<string, ModelSpec> = {
  'bge-small-zh-v1.5-q': {
    name: 'bge-small-zh-v1.5-q',
    id: 'bge-small-zh-v1.5-q@1',
    pooling: 'cls',
    queryPrefix: '为这个句子生成表示以用于检索相关文章：',
    passagePrefix: '',
    maxTokens: 512,
  },
  'bge-small-en-v1.5-q': {
    name: 'bge-small-en-v1.5-q',
    id: 'bge-small-en-v1.5-q@1',
    pooling: 'cls',
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    passagePrefix: '',
    maxTokens: 512,
  },
};

/** The model matching uses unless MODEL_NAME says otherwise (chosen by src/semantic/eval-cli.ts). */
export const defaultModelName = 'bge-small-zh-v1.5-q';

export interface InstalledModel {
  spec: ModelSpec;
  dir: string;
  onnx: string;
  tokenizer: string;
}

/** The model's files when they are present in modelDir, otherwise undefined with the reason. */
export function findModel(
  modelDir: string,
  name: string = defaultModelName,
): { model: InstalledModel } | { model?: undefined; reason: string } {
  const spec = modelSpecs[name];
  if (!spec) return { reason: `unknown embedding model ${name}` };
  const dir = join(modelDir, name);
  const onnx = join(dir, 'model.onnx');
  const tokenizer = join(dir, 'tokenizer.json');
  if (!existsSync(onnx) || !existsSync(tokenizer)) {
    return {
      reason: `embedding model ${name} is not in ${dir} (run \`node tools/model/fetch.mjs\`)`,
    };
  }
  return { model: { spec, dir, onnx, tokenizer } };
}
