// The one place where a match's score is put together. Every feature is in [0, 1]; the score is
// their weighted sum. The weights were set with the evaluation harness (src/matching/eval-cli.ts,
// `--tune`) on eval/example.jsonl; re-run the harness before changing them.

import { semanticWeight } from '../semantic/fusion.js';

export interface MatchFeatures {
  /** TF-IDF cosine of the problem against the expert's best publication (title + abstract). */
  publication: number;
  /** TF-IDF cosine of the problem against the rest of the profile (keywords, fields, bio, patents, projects). */
  profile: number;
  /** Share of the problem's fields the expert covers (a field of the same group counts half). */
  fields: number;
  /** How high the search engine ranked the pair among the fused candidate queries (1 = first). */
  retrieval: number;
  /** Solved problems of the expert in the problem's fields, saturating at three. */
  outcomes: number;
  /** Remaining capacity over capacity. */
  capacity: number;
  /** 1 when the expert's university and the company are in the same town. */
  locality: number;
  /** Engagements the expert declined, saturating at three (a penalty). */
  declines: number;
  /**
   * Embedding cosine of the problem against the expert's best publication or profile
   * (src/semantic); 0 for every candidate when semantic matching is off: lexical-only ranking.
   */
  semantic: number;
}

export type FeatureName = keyof MatchFeatures;

export const featureNames: readonly FeatureName[] = [
  'publication',
  'profile',
  'fields',
  'retrieval',
  'outcomes',
  'capacity',
  'locality',
  'declines',
  'semantic',
];

export type Weights = Record<FeatureName, number>;

// Grid search of `eval --tune` on eval/example.jsonl (80 judgements): loss 0.061 here against
// 0.064 for the earlier hand-set 0.45 / 0.25 / 0.15 / 0.05. The file is small and its problems
// carry well-chosen fields, so the field weight is likely too high for real data; re-tune on
// the platform's own accepted and solved engagements once there are enough.
export const weights: Weights = {
  publication: 0.1,
  profile: 0.3,
  fields: 0.2,
  retrieval: 0.15,
  outcomes: 0.04,
  capacity: 0.03,
  locality: 0.03,
  declines: -0.05,
  // src/semantic/eval-cli.ts: loss 0.063 → 0.037 on eval/example.jsonl, 0.015 → 0.012 on
  // eval/bilingual.jsonl (texts alone: 0.181 → 0.127 and 0.169 → 0.114); flat from 0.2 to 0.5.
  semantic: semanticWeight,
};

/** The weighted sum of the features, rounded for stable output. */
export function scoreOf(features: MatchFeatures, using: Weights = weights): number {
  let score = 0;
  for (const name of featureNames) score += using[name] * features[name];
  return Math.round(score * 10_000) / 10_000;
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

/** Solved counts and declines saturate: the third says as much as any later one. */
export function saturate(count: number, at = 3): number {
  return clamp(count / at);
}

/** Field overlap: each problem field the expert has counts 1, one of the same group ½. */
export function fieldOverlap(problemFields: readonly string[], expertFields: readonly string[]) {
  if (problemFields.length === 0) return { score: 0, matched: [] as string[] };
  const own = new Set(expertFields);
  const groups = new Set(expertFields.map((code) => code.split('.')[0]));
  let total = 0;
  const matched: string[] = [];
  for (const code of problemFields) {
    if (own.has(code)) {
      total += 1;
      matched.push(code);
    } else if (groups.has(code.split('.')[0])) total += 0.5;
  }
  return { score: clamp(total / problemFields.length), matched };
}
