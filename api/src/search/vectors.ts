import {
  defaultSemanticRatio,
  type EmbeddingModel,
  type IndexName,
  type SearchDocs,
} from '@jiedui/search-config';
import { z } from 'zod';
import { ApiError } from '../lib/errors.js';
import type { Semantic } from '../semantic/service.js';

// Vectors for an engine that stores them itself (Meilisearch's userProvided embedders): where they
// come from, how they ride along with a document, and the hybrid part of a query. The embedded
// engine keeps no vectors: semantic matching has its own index (src/semantic/vector-index.ts).

/** One document's embeddings: a profile and one per publication, or one per chunk of a problem. */
export type DocVectors = readonly (readonly number[] | Float32Array)[];

/**
 * Where an engine reads the vectors of the documents it indexes, at the moment it writes them.
 * Vectors are keyed like the store's (kind, id, rev, model): only those computed from exactly the
 * document's rev count, so a document never carries the meaning of an older text.
 */
export interface VectorSource {
  /** The model in use with its output size; undefined while semantic matching is off. */
  model(): Promise<EmbeddingModel | undefined>;
  /** The vectors of each document computed from its rev; a document without any is left out. */
  vectorsOf(
    index: IndexName,
    docs: readonly { id: string; rev: number }[],
  ): Promise<ReadonlyMap<string, DocVectors>>;
}

type VectorsOf = Semantic['expertVectors'];

/**
 * What the source reads of the semantic service. `problemVectors` is not on `Semantic` yet: until
 * it is, problem documents go to the engine without vectors (see the report of issue #10).
 */
export type SemanticVectors = Pick<
  Semantic,
  'enabled' | 'status' | 'embedText' | 'expertVectors'
> & {
  problemVectors?: VectorsOf;
};

/**
 * A vector source over the semantic service. The dimensions are measured from the model itself
 * (the length of a vector it returns), as the service's own index does, not copied from a table.
 */
export function semanticVectorSource(semantic: SemanticVectors): VectorSource {
  let dimensions: Promise<number> | undefined;
  // Read afresh each time: the service turns itself off when its model fails to load.
  const on = () => semantic.enabled;
  return {
    async model() {
      if (!on()) return undefined;
      dimensions ??= semantic
        .embedText('维度 dimensions')
        .then((vectors) => vectors[0]?.length ?? 0);
      const measured = await dimensions.catch(() => {
        // A model that fails to load turns semantic matching off; ask again next time.
        dimensions = undefined;
        return 0;
      });
      if (measured <= 0 || !on()) return undefined;
      return { name: semantic.status().model ?? 'unknown', dimensions: measured };
    },
    vectorsOf(index, docs) {
      const found = new Map<string, DocVectors>();
      const read: VectorsOf | undefined =
        index === 'experts'
          ? (id) => semantic.expertVectors(id)
          : semantic.problemVectors && ((id) => semantic.problemVectors?.(id));
      if (!read || !on()) return Promise.resolve(found);
      for (const doc of docs) {
        const stored = read(doc.id);
        if (stored?.rev === doc.rev && stored.items.length > 0) {
          found.set(
            doc.id,
            stored.items.map((item) => item.vector),
          );
        }
      }
      return Promise.resolve(found);
    },
  };
}

/** Meilisearch's `_vectors` of a document: its embeddings under the embedder's name, or null. */
export type DocumentVectors = Record<string, number[][] | null>;

export type WithVectors<I extends IndexName> = SearchDocs[I] & { _vectors: DocumentVectors };

// Six decimals keep a unit vector's cosine exact to ~1e-6 and halve the JSON of float32 digits.
const round = (value: number) => Math.round(value * 1e6) / 1e6;

function vectorError(message: string): ApiError {
  return new ApiError('SEARCH_UNAVAILABLE', {
    message: {
      zh: `语义搜索配置有误：${message}`,
      en: `Semantic search is misconfigured: ${message}`,
    },
  });
}

/**
 * The documents as Meilisearch takes them with a userProvided embedder: every one carries
 * `_vectors.<embedder>`, its embeddings or `null`. Null is said, not left out: a replaced document
 * keeps its user-provided embeddings unless told otherwise, and Meilisearch before 1.9 requires
 * the field. A vector of the wrong size means the index was configured for another model.
 */
export function withVectors<I extends IndexName>(
  docs: readonly SearchDocs[I][],
  embedder: { name: string; dimensions: number },
  vectors: ReadonlyMap<string, DocVectors>,
): WithVectors<I>[] {
  return docs.map((doc) => {
    const own = vectors.get(doc.id);
    const list = own && own.length > 0 ? own : undefined;
    for (const vector of list ?? []) {
      if (vector.length !== embedder.dimensions) {
        throw vectorError(
          `a vector of ${doc.id} has ${vector.length} dimensions, the embedder "${embedder.name}" ` +
            `${embedder.dimensions}; apply the settings again for the model in use`,
        );
      }
    }
    return {
      ...doc,
      _vectors: {
        [embedder.name]: list
          ? list.map((vector) => Array.from(vector, (value) => round(value)))
          : null,
      },
    };
  });
}

export interface ResolvedHybrid {
  vector: number[];
  semanticRatio: number;
}

const hybridSchema = z
  .object({
    vector: z.array(z.number()).min(1).max(4096).optional(),
    semanticRatio: z.number().min(0).max(1).optional(),
  })
  .refine((query) => query.semanticRatio === undefined || query.vector !== undefined, {
    error: 'semanticRatio needs a vector',
    path: ['semanticRatio'],
  });

function invalid(message: string, details: unknown): ApiError {
  return new ApiError('VALIDATION_FAILED', {
    message: { zh: `搜索条件有误：${message}`, en: `Invalid search: ${message}` },
    details,
  });
}

/**
 * Takes the hybrid fields (`vector`, `semanticRatio`) off a query: the rest is parsed by the
 * port's own validation, which knows no vectors; the hybrid part is checked here.
 */
export function splitHybrid<Q extends { vector?: number[]; semanticRatio?: number }>(
  query: Q,
): { rest: Omit<Q, 'vector' | 'semanticRatio'>; hybrid?: ResolvedHybrid } {
  const { vector, semanticRatio, ...rest } = query;
  const parsed = hybridSchema.safeParse({ vector, semanticRatio });
  if (!parsed.success) throw invalid('vector', z.flattenError(parsed.error));
  if (!parsed.data.vector) return { rest };
  return {
    rest,
    hybrid: {
      vector: parsed.data.vector,
      semanticRatio: parsed.data.semanticRatio ?? defaultSemanticRatio,
    },
  };
}

/** Meilisearch's hybrid search parameters for a query vector of the right size. */
export function hybridParams(
  hybrid: ResolvedHybrid,
  embedder: { name: string; dimensions: number },
): { vector: number[]; hybrid: { embedder: string; semanticRatio: number } } {
  if (hybrid.vector.length !== embedder.dimensions) {
    throw invalid(
      `the query vector has ${hybrid.vector.length} dimensions, the index's embedder ${embedder.dimensions}`,
      { vector: hybrid.vector.length, dimensions: embedder.dimensions },
    );
  }
  return {
    vector: hybrid.vector,
    hybrid: { embedder: embedder.name, semanticRatio: hybrid.semanticRatio },
  };
}
