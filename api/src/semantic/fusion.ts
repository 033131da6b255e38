// How the semantic score joins the matcher's score (the integration plan puts this weight into
// matching/score.ts as the `semantic` feature). Chosen with src/semantic/eval-cli.ts on
// eval/example.jsonl and eval/bilingual.jsonl: the loss is flat from 0.2 to 0.5 on both files
// and rises past 0.75, where the semantic score starts to override field evidence.

/** Weight of the semantic feature: the best cosine between the problem and the expert's texts. */
export const semanticWeight = 0.3;

/**
 * The matcher's score plus the weighted semantic similarity. Without a semantic score (model off,
 * vectors not computed yet) the lexical score stands alone.
 */
export function fusedScore(lexical: number, semantic: number | undefined): number {
  if (semantic === undefined) return lexical;
  return lexical + semanticWeight * Math.max(0, semantic);
}
