import { z } from '@hono/zod-openapi';
import type { Lang } from '../../lib/i18n.js';
import { taxonomyData } from './data.js';

export type {
  FieldGroupData as FieldGroup,
  FieldLeafData as FieldLeaf,
  KeywordPair,
} from './data.js';

/** The two-level field tree: groups (e.g. `mech`) holding leaves (e.g. `mech.cnc`). */
export const taxonomy = taxonomyData;

type Group = (typeof taxonomyData)[number];
export type GroupCode = Group['code'];
/** A leaf code: the only kind of code stored on experts and problems. */
export type FieldCode = Group['leaves'][number]['code'];
/** The leaf codes of one group, so per-group data can be checked for completeness at compile time. */
export type FieldCodeOf<G extends GroupCode> = Extract<
  Group,
  { code: G }
>['leaves'][number]['code'];

export const groupCodes: readonly GroupCode[] = taxonomyData.map((group) => group.code);
export const leafCodes: readonly FieldCode[] = taxonomyData.flatMap((group) =>
  group.leaves.map((leaf) => leaf.code),
);

interface Node {
  readonly zh: string;
  readonly en: string;
  readonly group: Group;
}

const nodes = new Map<string, Node>();
for (const group of taxonomyData) {
  nodes.set(group.code, { zh: group.zh, en: group.en, group });
  for (const leaf of group.leaves) nodes.set(leaf.code, { zh: leaf.zh, en: leaf.en, group });
}
type Leaf = Group['leaves'][number];
const leaves = new Map<string, Leaf>(
  taxonomyData.flatMap((group) => group.leaves.map((leaf): [string, Leaf] => [leaf.code, leaf])),
);
const groupSet = new Set<string>(groupCodes);

export function isFieldCode(code: string): code is FieldCode {
  return leaves.has(code);
}

export function isGroupCode(code: string): code is GroupCode {
  return groupSet.has(code);
}

/** The label of a group or leaf code; undefined for a code the taxonomy does not know. */
export function fieldLabel(code: string, lang: Lang): string | undefined {
  return nodes.get(code)?.[lang];
}

/** The group a leaf belongs to (a group code maps to itself); undefined for an unknown code. */
export function groupOf(code: string): Group | undefined {
  return nodes.get(code)?.group;
}

/** The leaf node of a code, with its keywords. */
export function fieldLeaf(code: FieldCode): Leaf {
  const leaf = leaves.get(code);
  if (!leaf) throw new Error(`unknown field code ${code}`);
  return leaf;
}

/**
 * Every label and keyword, deduplicated, in tree order: the words the Chinese segmenter must keep
 * whole and the search engines may treat as synonyms. Pass a language for one side only (the
 * jieba user dictionary wants `zh`).
 */
export function taxonomyWords(lang?: Lang): readonly string[] {
  const words = new Set<string>();
  const add = (zh: string, en: string) => {
    if (lang !== 'en') words.add(zh);
    if (lang !== 'zh') words.add(en);
  };
  for (const group of taxonomyData) {
    add(group.zh, group.en);
    for (const leaf of group.leaves) {
      add(leaf.zh, leaf.en);
      for (const [zh, en] of leaf.keywords) add(zh, en);
    }
  }
  return [...words];
}

export const FieldCodeSchema = z
  .enum(leafCodes, {
    error: '未知的领域代码 / unknown field code',
  })
  .openapi({ example: 'mech.cnc', description: '领域代码 / field code (a taxonomy leaf)' });
