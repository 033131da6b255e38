// Index settings as data, read by both search engines: the Meilisearch adapter applies them with
// updateSettings; the embedded engine interprets the same fields. Order matters where Meilisearch
// says it does (searchable attributes, ranking rules).

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
}

export interface LocalizedAttributesRule {
  attributePatterns: string[];
  locales: ('cmn' | 'eng')[];
}

export interface IndexSettings {
  primaryKey: string;
  searchableAttributes: string[];
  displayedAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes: string[];
  rankingRules: RankingRule[];
  synonyms: Record<string, string[]>;
  stopWords: string[];
  typoTolerance: TypoTolerance;
  localizedAttributes: LocalizedAttributesRule[];
  pagination: { maxTotalHits: number };
  faceting: { maxValuesPerFacet: number };
}

export type IndexName = 'experts' | 'problems';

const rankingRules: RankingRule[] = [
  'words',
  'typo',
  'proximity',
  'attribute',
  'sort',
  'exactness',
];

const typoTolerance: TypoTolerance = {
  enabled: true,
  minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
  disableOnAttributes: ['id', 'organisationId'],
  disableOnWords: [],
};

// Chinese and English names of the same technique; each group is mutual.
const synonymGroups: string[][] = [
  ['遥感', 'remote sensing', 'rs'],
  ['地理信息系统', 'gis', 'geographic information system'],
  ['数控', 'cnc', 'computer numerical control'],
  ['机器视觉', 'machine vision', 'computer vision', '计算机视觉'],
  ['人工智能', 'ai', 'artificial intelligence'],
  ['锂电池', '锂离子电池', 'lithium-ion battery', 'li-ion'],
  ['新能源汽车', '电动汽车', 'electric vehicle', 'ev', 'nev'],
  ['物联网', 'iot', 'internet of things'],
  ['可编程逻辑控制器', 'plc', 'programmable logic controller'],
  ['有限元', 'fem', 'finite element'],
];

export function synonymsFromGroups(groups: string[][]): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const group of groups) {
    for (const term of group) synonyms[term] = group.filter((other) => other !== term);
  }
  return synonyms;
}

const stopWords = [
  '的',
  '了',
  '和',
  '与',
  '及',
  '等',
  '在',
  '对',
  '我们',
  '公司',
  'the',
  'a',
  'an',
  'of',
  'and',
  'for',
  'in',
  'on',
  'with',
];

export const searchSettings: Record<IndexName, IndexSettings> = {
  experts: {
    primaryKey: 'id',
    searchableAttributes: [
      'name',
      'keywords',
      'fieldLabels',
      'publicationTitles',
      'patentTitles',
      'projectTitles',
      'bio',
    ],
    displayedAttributes: ['*'],
    filterableAttributes: [
      'fields',
      'university',
      'organisationId',
      'town',
      'available',
      'verified',
      'remainingCapacity',
    ],
    sortableAttributes: ['remainingCapacity', 'solvedCount', 'updatedAt'],
    rankingRules,
    synonyms: synonymsFromGroups(synonymGroups),
    stopWords,
    typoTolerance,
    localizedAttributes: [
      {
        attributePatterns: [
          'name',
          'keywords',
          'fieldLabels',
          'publicationTitles',
          'patentTitles',
          'projectTitles',
          'bio',
        ],
        locales: ['cmn', 'eng'],
      },
    ],
    pagination: { maxTotalHits: 1000 },
    faceting: { maxValuesPerFacet: 100 },
  },
  problems: {
    primaryKey: 'id',
    searchableAttributes: [
      'title',
      'keywords',
      'fieldLabels',
      'summary',
      'description',
      'companyName',
    ],
    displayedAttributes: ['*'],
    filterableAttributes: ['fields', 'status', 'town', 'industry', 'companyId', 'confidentiality'],
    sortableAttributes: ['publishedAt', 'deadline', 'budgetMax'],
    rankingRules,
    synonyms: synonymsFromGroups(synonymGroups),
    stopWords,
    typoTolerance,
    localizedAttributes: [
      {
        attributePatterns: [
          'title',
          'keywords',
          'fieldLabels',
          'summary',
          'description',
          'companyName',
        ],
        locales: ['cmn', 'eng'],
      },
    ],
    pagination: { maxTotalHits: 1000 },
    faceting: { maxValuesPerFacet: 100 },
  },
};
