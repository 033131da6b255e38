// Index settings as data, read by both search engines: the Meilisearch adapter applies them with
// updateSettings; the embedded engine interprets the same fields. Order matters where Meilisearch
// says it does (searchable attributes, ranking rules).

export type IndexName = 'experts' | 'problems';

export const indexNames: readonly IndexName[] = ['experts', 'problems'];

/** One expert profile as both engines index it. Dates are epoch milliseconds. */
export interface ExpertSearchDoc {
  id: string;
  name: string;
  /** Academic title, e.g. 教授 or Associate Professor. */
  title: string;
  organisationId: string;
  university: string;
  town?: string;
  /** Taxonomy codes such as `mech.cnc`, for filters and facets. */
  fields: string[];
  /** The labels of `fields` in both languages, for matching text. */
  fieldLabels: string[];
  keywords: string[];
  publicationTitles: string[];
  /** One per publication, in the order of the titles ('' when it has none). */
  publicationAbstracts?: string[];
  /** One per publication, in the order of the titles. */
  publicationYears?: number[];
  patentTitles: string[];
  projectTitles: string[];
  /** One per project, in the order of the titles ('' when it has none). */
  projectSummaries?: string[];
  bio: string;
  available: boolean;
  verified: boolean;
  /** Largest number of active engagements; remainingCapacity is what is left of it. */
  capacity?: number;
  remainingCapacity: number;
  solvedCount: number;
  /** Engagements the expert declined (matching's penalty). */
  declinedCount?: number;
  /**
   * Problems the expert solved, latest first (at most 20): matching's past-outcome evidence.
   * The title is left out when the problem is private.
   */
  solved?: { id: string; title?: string; fields: string[] }[];
  /** Problems the expert declined: matching never suggests those pairs again. */
  declinedProblemIds?: string[];
  /** Problems the expert is engaged on (invited, accepted, active, solved): they read them in full. */
  engagedProblemIds?: string[];
  updatedAt: number;
  /** The store's revision of the source record, so the indexer can tell what it pushed. */
  rev: number;
}

export type Confidentiality = 'public' | 'summary' | 'private';

export type ProblemStatus = 'draft' | 'open' | 'in_progress' | 'solved' | 'closed' | 'withdrawn';

/**
 * One technical problem as both engines index it. `description` is present only when the problem
 * is public: confidential text never reaches a search index.
 */
export interface ProblemSearchDoc {
  id: string;
  title: string;
  summary: string;
  description?: string;
  keywords: string[];
  fields: string[];
  fieldLabels: string[];
  companyId: string;
  companyName: string;
  town: string;
  industry: string;
  status: ProblemStatus;
  confidentiality: Confidentiality;
  publishedAt: number;
  deadline?: number;
  budgetMax?: number;
  /** Present only with the description, when the problem is public; not searchable. */
  desiredOutcome?: string;
  rev: number;
}

export interface SearchDocs {
  experts: ExpertSearchDoc;
  problems: ProblemSearchDoc;
}

export type RankingRule =
  | 'words'
  | 'typo'
  | 'proximity'
  | 'attribute'
  | 'sort'
  | 'exactness'
  | `${string}:${'asc' | 'desc'}`;

export interface TypoTolerance {
  enabled: boolean;
  minWordSizeForTypos: { oneTypo: number; twoTypos: number };
  disableOnAttributes: string[];
  disableOnWords: string[];
  /** Never tolerate typos in words with digits: model numbers (m8, 6061) must match exactly. */
  disableOnNumbers: boolean;
}

export interface LocalizedAttributesRule {
  attributePatterns: string[];
  locales: ('cmn' | 'eng')[];
}

/** The attribute names of an index's documents. */
export type AttributeOf<I extends IndexName> = keyof SearchDocs[I] & string;

export interface IndexSettings {
  primaryKey: 'id';
  /** Highest-ranked first: a match in an earlier attribute outranks one in a later attribute. */
  searchableAttributes: string[];
  displayedAttributes: ['*'];
  filterableAttributes: string[];
  sortableAttributes: string[];
  rankingRules: RankingRule[];
  synonyms: Record<string, string[]>;
  stopWords: string[];
  /** Words the segmenters must keep whole (Meilisearch `dictionary`, jieba user dictionary). */
  dictionary: string[];
  typoTolerance: TypoTolerance;
  localizedAttributes: LocalizedAttributesRule[];
  pagination: { maxTotalHits: number };
  faceting: { maxValuesPerFacet: number };
}

const rankingRules: RankingRule[] = [
  'words',
  'typo',
  'proximity',
  'attribute',
  'sort',
  'exactness',
];

// Meilisearch's defaults: one typo from 5 letters, two from 9. Short abbreviations (plc, cnc, bms)
// are never fuzzy, so "plc" cannot turn into "pla".
const typoTolerance: TypoTolerance = {
  enabled: true,
  minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
  disableOnAttributes: [],
  disableOnWords: [],
  disableOnNumbers: true,
};

// Chinese and English names of the same technique; each group is mutual. Lowercase, because both
// engines compare normalised text.
export const synonymGroups: readonly (readonly string[])[] = [
  ['遥感', 'remote sensing'],
  ['地理信息系统', 'gis', 'geographic information system'],
  ['数控', 'cnc', 'computer numerical control'],
  ['数控机床', 'cnc machine tool'],
  ['机器视觉', 'machine vision', '计算机视觉', 'computer vision'],
  ['人工智能', 'ai', 'artificial intelligence'],
  ['机器学习', 'machine learning'],
  ['深度学习', 'deep learning'],
  ['锂电池', '锂离子电池', 'lithium-ion battery', 'li-ion battery'],
  ['电池管理系统', 'bms', 'battery management system'],
  ['新能源汽车', '电动汽车', 'electric vehicle', 'ev'],
  ['物联网', 'iot', 'internet of things'],
  ['可编程逻辑控制器', 'plc', 'programmable logic controller'],
  ['有限元', '有限元分析', 'fem', 'fea', 'finite element analysis'],
  ['计算流体力学', 'cfd', 'computational fluid dynamics'],
  ['计算机辅助设计', 'cad', 'computer-aided design'],
  ['数字孪生', 'digital twin'],
  ['增材制造', '3d打印', '3d printing', 'additive manufacturing'],
  ['工业机器人', 'industrial robot'],
  ['注塑', '注塑成型', 'injection molding', 'injection moulding'],
  ['热处理', 'heat treatment'],
  ['表面处理', 'surface treatment'],
  ['焊接', 'welding'],
  ['无损检测', 'ndt', 'non-destructive testing'],
  ['污水处理', 'wastewater treatment'],
  ['光伏', 'photovoltaic', 'pv'],
  ['储能', 'energy storage'],
  ['电机', 'electric motor'],
  ['变频器', 'inverter', 'frequency converter'],
  ['传感器', 'sensor'],
  ['无人机', 'uav', 'drone', 'unmanned aerial vehicle'],
  ['激光雷达', 'lidar'],
  ['图像识别', 'image recognition'],
  ['自然语言处理', 'nlp', 'natural language processing'],
  ['大数据', 'big data'],
  ['云计算', 'cloud computing'],
  ['区块链', 'blockchain'],
  ['制造执行系统', 'mes', 'manufacturing execution system'],
  ['企业资源计划', 'erp', 'enterprise resource planning'],
  ['印制电路板', '电路板', 'pcb', 'printed circuit board'],
  ['纺织', 'textile'],
  ['茶叶', 'tea'],
  ['农产品', 'agricultural products'],
  ['复合材料', 'composite material', 'composites'],
  ['碳纤维', 'carbon fiber', 'carbon fibre'],
];

/** Turns synonym groups into Meilisearch's mutual synonym map. */
export function synonymsFromGroups(
  groups: readonly (readonly string[])[],
): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const group of groups) {
    for (const term of group) {
      const others = group.filter((other) => other !== term);
      synonyms[term] = [...new Set([...(synonyms[term] ?? []), ...others])];
    }
  }
  return synonyms;
}

// Function words only: dropping a content word here would make it unsearchable in both engines.
export const stopWords: readonly string[] = [
  '的',
  '了',
  '和',
  '与',
  '及',
  '或',
  '等',
  '在',
  '对',
  '是',
  '把',
  '被',
  '将',
  '从',
  '以及',
  '一个',
  '一种',
  '我们',
  '进行',
  'the',
  'a',
  'an',
  'of',
  'and',
  'or',
  'for',
  'in',
  'on',
  'to',
  'with',
  'by',
  'is',
  'are',
];

// Technical terms that jieba's general dictionary splits (机器|视觉) or does not know. Every
// Chinese synonym is added too, so a synonym always arrives at the engine as one word.
const technicalTerms = [
  '机器视觉',
  '数字孪生',
  '增材制造',
  '工业机器人',
  '激光雷达',
  '无损检测',
  '表面处理',
  '注塑成型',
  '电池管理系统',
  '锂离子电池',
  '新能源汽车',
  '制造执行系统',
  '印制电路板',
  '缺陷检测',
  '智能制造',
  '工业互联网',
  '边缘计算',
  '碳纤维',
  '复合材料',
];

export const dictionary: readonly string[] = [
  ...new Set([
    ...technicalTerms,
    ...synonymGroups.flat().filter((term) => /\p{Script=Han}/u.test(term)),
  ]),
];

const expertSearchable: AttributeOf<'experts'>[] = [
  'name',
  'keywords',
  'fieldLabels',
  'publicationTitles',
  'patentTitles',
  'projectTitles',
  'bio',
  'publicationAbstracts',
  'university',
];

const problemSearchable: AttributeOf<'problems'>[] = [
  'title',
  'keywords',
  'fieldLabels',
  'summary',
  'description',
  'companyName',
];

const experts: IndexSettings = {
  primaryKey: 'id',
  searchableAttributes: expertSearchable,
  displayedAttributes: ['*'],
  filterableAttributes: [
    'fields',
    'university',
    'organisationId',
    'town',
    'available',
    'verified',
    'remainingCapacity',
    'solvedCount',
  ] satisfies AttributeOf<'experts'>[],
  sortableAttributes: [
    'remainingCapacity',
    'solvedCount',
    'updatedAt',
  ] satisfies AttributeOf<'experts'>[],
  rankingRules,
  synonyms: synonymsFromGroups(synonymGroups),
  stopWords: [...stopWords],
  dictionary: [...dictionary],
  typoTolerance,
  // Names and titles mix Chinese and English; naming both stops Meilisearch guessing Japanese
  // for short Han strings.
  localizedAttributes: [{ attributePatterns: [...expertSearchable], locales: ['cmn', 'eng'] }],
  pagination: { maxTotalHits: 1000 },
  faceting: { maxValuesPerFacet: 100 },
};

const problems: IndexSettings = {
  primaryKey: 'id',
  searchableAttributes: problemSearchable,
  displayedAttributes: ['*'],
  filterableAttributes: [
    'fields',
    'status',
    'town',
    'industry',
    'companyId',
    'confidentiality',
    'publishedAt',
    'deadline',
    'budgetMax',
  ] satisfies AttributeOf<'problems'>[],
  sortableAttributes: ['publishedAt', 'deadline', 'budgetMax'] satisfies AttributeOf<'problems'>[],
  rankingRules,
  synonyms: synonymsFromGroups(synonymGroups),
  stopWords: [...stopWords],
  dictionary: [...dictionary],
  typoTolerance,
  localizedAttributes: [{ attributePatterns: [...problemSearchable], locales: ['cmn', 'eng'] }],
  pagination: { maxTotalHits: 1000 },
  faceting: { maxValuesPerFacet: 100 },
};

export const searchSettings: Record<IndexName, IndexSettings> = { experts, problems };

// Semantic search settings as data. Both indexes get one embedder whose vectors the API computes
// itself (Meilisearch `source: 'userProvided'`): the model runs in the API (src/semantic), never
// inside the search engine. The dimensions are not written here: they are the output size of the
// model in use (512 for bge-small-zh-v1.5, 384 for bge-small-en-v1.5), measured from the model
// when the settings are applied, so a change of model cannot leave a stale constant behind.

/** The model whose vectors an index holds, as the API measured it. */
export interface EmbeddingModel {
  /** The model's name, e.g. bge-small-zh-v1.5-q (for messages; not sent to the engine). */
  name: string;
  /** Length of every vector the model produces. */
  dimensions: number;
}

/** Meilisearch's embedder for vectors computed outside the engine. */
export interface UserProvidedEmbedderSettings {
  source: 'userProvided';
  dimensions: number;
}

/** Embedder name → settings, as Meilisearch's `embedders` index setting takes it. */
export type EmbedderSettings = Record<string, UserProvidedEmbedderSettings>;

/**
 * The embedder of each index. A document's vectors are sent under `_vectors.<name>` and a hybrid
 * search names it in `hybrid.embedder`.
 */
export const embedderNames: Readonly<Record<IndexName, string>> = {
  experts: 'semantic',
  problems: 'semantic',
};

/**
 * Weight of the vector ranking in a hybrid search when the caller gives none: 0 is keyword
 * relevance only, 1 vector similarity only (Meilisearch's own default is 0.5 too).
 */
export const defaultSemanticRatio = 0.5;

/** The `embedders` setting of an index for the given model. */
export function embedderSettings(index: IndexName, model: EmbeddingModel): EmbedderSettings {
  if (!Number.isInteger(model.dimensions) || model.dimensions <= 0) {
    throw new Error(
      `embedding model ${model.name} reports ${model.dimensions} dimensions; expected a positive integer`,
    );
  }
  return { [embedderNames[index]]: { source: 'userProvided', dimensions: model.dimensions } };
}
