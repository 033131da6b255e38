import type { ExpertDoc } from '../features/experts/repository.js';
import type { ProblemDoc } from '../features/problems/repository.js';
import type { Repositories } from '../features/repositories.js';
import { fieldLabels } from '../search/documents.js';
import { textTerms } from './text.js';
import type { Idf } from './vectors.js';

// Document frequencies for IDF when the search engine does not keep the matcher's terms
// (Meilisearch; the embedded engine computes them over its whole index, search/term-store.ts),
// from the profiles and problems in the store. A few thousand
// records estimate the frequencies of the terms that matter well enough, and a scan of the whole
// store at 100k records costs seconds on the local server, so the statistics come from a capped
// sample and are refreshed in the background once they are older than `maxAgeMs`.

export function expertText(doc: ExpertDoc): string {
  return [
    ...doc.keywords,
    ...fieldLabels(doc.fields),
    doc.bio,
    ...doc.publications.flatMap((p) => [p.title, p.abstract ?? '']),
    ...doc.patents.map((p) => p.title),
    ...doc.projects.flatMap((p) => [p.title, p.summary ?? '']),
  ].join('\n');
}

/** The text of a problem that every reader who can find it may read. */
export function problemPublicText(doc: ProblemDoc): string {
  return [
    doc.title,
    doc.summary,
    ...doc.keywords,
    ...fieldLabels(doc.fields),
    ...(doc.confidentiality === 'public' ? [doc.description, doc.desiredOutcome] : []),
  ].join('\n');
}

export interface Corpus {
  idf(): Promise<Idf>;
}

export function createCorpus(
  repos: Repositories,
  options: { sampleSize?: number; maxAgeMs?: number; now?: () => number } = {},
): Corpus {
  const sampleSize = options.sampleSize ?? 4_000;
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const now = options.now ?? Date.now;
  let current: { idf: Idf; at: number } | undefined;
  let refreshing: Promise<{ idf: Idf; at: number }> | undefined;

  async function compute() {
    const [experts, problems] = await Promise.all([
      repos.experts.sample(sampleSize),
      repos.problems.sample(sampleSize),
    ]);
    const df = new Map<string, number>();
    const texts = [...experts.map(expertText), ...problems.map(problemPublicText)];
    for (const text of texts)
      for (const term of new Set(textTerms(text))) df.set(term, (df.get(term) ?? 0) + 1);
    const n = texts.length;
    const idf: Idf = (term) => Math.log((n + 1) / ((df.get(term) ?? 0) + 1)) + 1;
    return { idf, at: now() };
  }

  function refresh() {
    refreshing ??= compute().then(
      (fresh) => {
        current = fresh;
        refreshing = undefined;
        return fresh;
      },
      (error: unknown) => {
        refreshing = undefined;
        throw error;
      },
    );
    return refreshing;
  }

  return {
    async idf() {
      if (!current) return (await refresh()).idf;
      if (now() - current.at > maxAgeMs) refresh().catch(() => undefined);
      return current.idf;
    },
  };
}
