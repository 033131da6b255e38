import type { ExpertSearchDoc, ProblemSearchDoc } from '@jiedui/search-config';
import type {
  ExpertsForProblemReply,
  ExpertsForProblemRequest,
  ProblemsForExpertReply,
  ProblemsForExpertRequest,
} from './plan.js';
import { textTerms } from './text.js';
import { cosine, tfidf, topTerms, type Idf, type Vector } from './vectors.js';

// The text half of a match: TF-IDF cosines between a problem and an expert's publications and
// profile, the shared terms and the patents that say why. Segmenting a hundred candidates'
// publications costs ~0.4 s, so the embedded engine keeps every indexed document's terms in its
// worker (search/term-store.ts) and answers these questions there; with another engine they are
// answered here from the documents the search returned (`createLocalTextScorer`). Both use the
// functions below, so the two paths score alike.

/** An expert's texts, segmented: the profile apart from publications, each publication, each patent. */
export interface ExpertTerms {
  base: string[];
  publications: string[][];
  patents: string[][];
}

/** What the text says about one expert–problem pair. */
export interface PairText {
  /** Cosine against the best publication. */
  publication: number;
  /** Cosine against the profile (keywords, fields, bio, patents, projects). */
  profile: number;
  /** Publications by similarity, best first, above 0.05; at most three. */
  publications: { index: number; similarity: number }[];
  /** Terms the problem shares with the expert, by contribution; at most eight. */
  matchedTerms: string[];
  /** Patents whose titles hold one of the problem's 20 heaviest terms; at most three. */
  patents: number[];
}

export interface ProblemQuery {
  /** The problem's id when the scorer may read its indexed text; otherwise `text` is used. */
  id?: string;
  /** The text the reader may see; overrides the indexed one. */
  text?: string;
}

/** Text similarity for matching; one implementation per place the terms live. */
export interface TextScorer {
  /** The heaviest terms of a text, heaviest first: the matcher's queries. */
  topTerms(text: string, count: number): Promise<string[]>;
  /** The heaviest terms of an expert's whole profile and of each of its latest publications. */
  expertQueries(
    expert: ExpertSearchDoc,
    counts: { profile: number; publications: number; perPublication: number },
  ): Promise<{ profile: string[]; publications: string[][] }>;
  /** The engine's copy of an expert's document, when it keeps documents beside the terms. */
  indexed?(expertId: string): Promise<ExpertSearchDoc | undefined>;
  /** One problem text against many experts. */
  forProblem(text: string, experts: readonly ExpertSearchDoc[]): Promise<Map<string, PairText>>;
  /** One expert against many problems. */
  forExpert(
    expert: ExpertSearchDoc,
    problems: readonly (ProblemQuery & { doc?: ProblemSearchDoc })[],
  ): Promise<Map<string, PairText>>;
  /**
   * The whole candidate side of a match in one call, where the engine keeps the terms next to
   * its indexes (the embedded worker): key terms, queries, fusion, eligibility, text evidence.
   */
  expertsForProblem?(
    request: ExpertsForProblemRequest,
    /**
     * The vector index's nearest experts, computed by the caller while the engine runs its
     * queries; fused as `request.semantic` would be.
     */
    later?: () => readonly string[],
  ): Promise<ExpertsForProblemReply>;
  /** As expertsForProblem: `later` gives the vector index's nearest problems. */
  problemsForExpert?(
    request: ProblemsForExpertRequest,
    later?: () => readonly string[],
  ): Promise<ProblemsForExpertReply>;
}

/** The pieces of an expert document the matcher reads, in the shape ExpertTerms segments. */
export function expertPieces(doc: ExpertSearchDoc) {
  const abstracts = doc.publicationAbstracts ?? [];
  const summaries = doc.projectSummaries ?? [];
  return {
    base: [
      ...doc.keywords,
      ...doc.fieldLabels,
      doc.bio,
      ...doc.projectTitles.flatMap((title, i) => [title, summaries[i] ?? '']),
    ].join('\n'),
    publications: doc.publicationTitles.map((title, i) => `${title}\n${abstracts[i] ?? ''}`),
    patents: doc.patentTitles,
  };
}

/** What every reader who finds a problem may read of it, as the index holds it. */
export function problemPiece(doc: ProblemSearchDoc): string {
  return [
    doc.title,
    doc.summary,
    ...doc.keywords,
    ...doc.fieldLabels,
    ...(doc.confidentiality === 'public' ? [doc.description ?? '', doc.desiredOutcome ?? ''] : []),
  ].join('\n');
}

export function segmentExpert(doc: ExpertSearchDoc): ExpertTerms {
  const pieces = expertPieces(doc);
  return {
    base: textTerms(pieces.base),
    publications: pieces.publications.map(textTerms),
    patents: pieces.patents.map(textTerms),
  };
}

/** The vectors of an expert: the profile (base and patents) and each publication. */
export function expertVectors(terms: ExpertTerms, idf: Idf) {
  return {
    profile: tfidf([...terms.base, ...terms.patents.flat()], idf),
    publications: terms.publications.map((p) => tfidf(p, idf)),
  };
}

/** Every term of the expert, for the vector of the whole profile. */
export function allExpertTerms(terms: ExpertTerms): string[] {
  return [...terms.base, ...terms.publications.flat(), ...terms.patents.flat()];
}

/** A problem's 20 heaviest terms: a patent holding one is named as evidence. */
export function heavyTerms(problem: Vector): ReadonlySet<string> {
  return new Set(topTerms(problem, 20));
}

/** `heavy` is heavyTerms(problem), given when one problem is weighed against many experts. */
export function pairText(
  problem: Vector,
  patentTerms: readonly (readonly string[])[],
  vectors: ReturnType<typeof expertVectors>,
  heavy: ReadonlySet<string> = heavyTerms(problem),
): PairText {
  const ranked = vectors.publications
    .map((vector, index) => ({ index, vector, similarity: cosine(problem, vector) }))
    .sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  const best = ranked[0];
  // The terms shared with the profile merged with the best publication (the larger weight of
  // the two), by contribution: the problem's terms looked up in both, without merging them.
  const shared: [string, number][] = [];
  for (const [term, weight] of problem) {
    const inProfile = vectors.profile.get(term);
    const inBest = best?.vector.get(term);
    if (inProfile === undefined && inBest === undefined) continue;
    const merged = inBest === undefined ? (inProfile ?? 0) : Math.max(inBest, inProfile ?? 0);
    shared.push([term, weight * merged]);
  }
  return assemblePairText(ranked, cosine(problem, vectors.profile), shared, patentTerms, heavy);
}

/**
 * A pair's evidence from what both paths compute (pairText over Maps here, compactPairText in
 * the engine's worker): the publications by similarity, best first; the profile's cosine; the
 * shared terms with their contributions; the patents' terms and the problem's heavy terms.
 */
export function assemblePairText(
  ranked: readonly { index: number; similarity: number }[],
  profile: number,
  shared: [string, number][],
  patentTerms: readonly (readonly string[])[],
  heavy: ReadonlySet<string>,
): PairText {
  const patents: number[] = [];
  patentTerms.forEach((terms, i) => {
    if (patents.length < 3 && terms.some((t) => heavy.has(t))) patents.push(i);
  });
  return {
    publication: ranked[0]?.similarity ?? 0,
    profile,
    publications: ranked
      .filter((p) => p.similarity > 0.05)
      .slice(0, 3)
      .map((p) => ({ index: p.index, similarity: Math.round(p.similarity * 1000) / 1000 })),
    matchedTerms: shared
      .sort((x, y) => y[1] - x[1])
      .slice(0, 8)
      .map(([term]) => term),
    patents,
  };
}

/** Indices of the latest publications, latest first (ties keep the list order). */
export function latestPublications(doc: ExpertSearchDoc, count: number): number[] {
  const years = doc.publicationYears ?? [];
  return doc.publicationTitles
    .map((_, i) => i)
    .sort((a, b) => (years[b] ?? 0) - (years[a] ?? 0) || a - b)
    .slice(0, count);
}

/** The queries of an expert: its whole profile's and its latest publications' heaviest terms. */
export function expertQueryTerms(
  doc: ExpertSearchDoc,
  terms: ExpertTerms,
  idf: Idf,
  counts: { profile: number; publications: number; perPublication: number },
) {
  return {
    profile: topTerms(tfidf(allExpertTerms(terms), idf), counts.profile),
    publications: latestPublications(doc, counts.publications).map((i) =>
      topTerms(tfidf(terms.publications[i] ?? [], idf), counts.perPublication),
    ),
  };
}

/**
 * The text scorer of the main thread, for engines that do not keep the terms (Meilisearch):
 * segments the documents the search returned, with IDF from the store's sample (corpus.ts).
 */
export function createLocalTextScorer(idf: () => Promise<Idf>): TextScorer {
  return {
    async topTerms(text, count) {
      return topTerms(tfidf(textTerms(text), await idf()), count);
    },
    async expertQueries(expert, counts) {
      return expertQueryTerms(expert, segmentExpert(expert), await idf(), counts);
    },
    async forProblem(text, experts) {
      const weights = await idf();
      const problem = tfidf(textTerms(text), weights);
      const heavy = heavyTerms(problem);
      const out = new Map<string, PairText>();
      for (const doc of experts) {
        const terms = segmentExpert(doc);
        out.set(doc.id, pairText(problem, terms.patents, expertVectors(terms, weights), heavy));
      }
      return out;
    },
    async forExpert(expert, problems) {
      const weights = await idf();
      const terms = segmentExpert(expert);
      const vectors = expertVectors(terms, weights);
      const out = new Map<string, PairText>();
      for (const p of problems) {
        const text = p.text ?? (p.doc ? problemPiece(p.doc) : undefined);
        const key = p.id ?? p.doc?.id;
        if (text === undefined || !key) continue;
        out.set(key, pairText(tfidf(textTerms(text), weights), terms.patents, vectors));
      }
      return out;
    },
  };
}
