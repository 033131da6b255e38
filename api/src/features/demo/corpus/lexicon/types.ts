import type { FieldCodeOf, GroupCode, KeywordPair, taxonomy } from '../../../taxonomy/index.js';

type Leaf = (typeof taxonomy)[number]['leaves'][number];
/** The Chinese keywords of one leaf, so a lexicon can only name methods its leaf really has. */
type KeywordOf<C extends string> = Extract<Leaf, { code: C }>['keywords'][number][0];

/**
 * A measurable indicator as [zh, en, unit, typical current value, typical target value]. The
 * target may be lower (defect rates) or higher (yields); the text generators read the direction
 * from the two numbers, and keep their decimals.
 */
export type MetricData = readonly [zh: string, en: string, unit: string, from: number, to: number];

/** The vocabulary that makes generated texts of one leaf read like that field. */
export interface Lexicon {
  /** What the field works on: products, parts, materials, systems, as [zh, en]. */
  readonly objects: readonly KeywordPair[];
  /** Taxonomy keywords (Chinese side) that read naturally as a technique ("基于…的", "采用…"). */
  readonly methods: readonly string[];
  readonly metrics: readonly MetricData[];
  /** Symptoms as a company names them; each reads after an object ("注塑件" + "表面缩痕"). */
  readonly issues: readonly string[];
}

/** A leaf's lexicon whose methods must be keywords of that very leaf. */
export interface LeafLexicon<C extends string> extends Lexicon {
  readonly methods: readonly KeywordOf<C>[];
}

export interface GroupLexicon<G extends GroupCode> {
  readonly venues: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** Where results are applied, for "面向…" / "for …" phrases. */
  readonly applications: readonly KeywordPair[];
  /** Patent subject heads that end "一种…的…" titles, e.g. 检测装置, 制备方法. */
  readonly patentKinds: readonly string[];
  /** What a company in this field has usually tried before asking for help. */
  readonly tried: readonly string[];
  readonly leaves: { readonly [C in FieldCodeOf<G>]: LeafLexicon<C> };
}
