import {
  fieldLeaf,
  groupOf,
  leafCodes,
  type FieldCode,
  type GroupCode,
} from '../../taxonomy/index.js';
import { leafLexicon } from './lexicon/index.js';
import { academicTitle, personName, type Gender } from './people.js';
import type { Rng } from './rng.js';
import { tidy } from './text-kit.js';
import { universities, type College, type University } from './universities.js';

export interface ExpertProfile {
  readonly name: string;
  readonly gender: Gender;
  readonly title: { readonly zh: string; readonly en: string };
  readonly university: Pick<University, 'code' | 'zh' | 'en'>;
  readonly college: { readonly zh: string; readonly en: string };
  /** One to three leaves, the first being the main field. */
  readonly fields: readonly FieldCode[];
  /** Chinese keywords from those fields, the way an expert lists research interests. */
  readonly keywords: readonly string[];
  /** A short Chinese introduction naming the keywords, as on a faculty page. */
  readonly bio: string;
  /** Maximum concurrent company engagements. */
  readonly capacity: number;
}

// Engineering faculties in Zhejiang are roughly one-third women.
const femaleShareOfExperts = 0.32;

function fieldsOfGroups(groups: readonly GroupCode[]): FieldCode[] {
  return leafCodes.filter((code) => groups.some((group) => code.startsWith(`${group}.`)));
}

// Most researchers stay inside one discipline; a few straddle two groups of their college.
function drawFields(rng: Rng, college: College): FieldCode[] {
  const main = rng.pick(college.groups);
  const count = rng.weighted<number>([
    [1, 35],
    [2, 45],
    [3, 20],
  ]);
  const fields = rng.sample(fieldsOfGroups([main]), count);
  const other = college.groups.filter((group) => group !== main);
  if (other.length > 0 && fields.length > 1 && rng.chance(0.2)) {
    fields[fields.length - 1] = rng.pick(fieldsOfGroups(other));
  }
  return fields;
}

/**
 * An expert at one of the universities. Pass fields to fix the expertise (the university and
 * college are then drawn among those covering the first field); otherwise the college decides.
 */
export function expertProfile(rng: Rng, fields?: readonly FieldCode[]): ExpertProfile {
  const wanted = fields ?? [];
  const mainGroup = wanted[0] ? groupOf(wanted[0])?.code : undefined;
  const candidates = universities.flatMap((university) =>
    university.colleges
      .filter((college) => mainGroup === undefined || college.groups.includes(mainGroup))
      .map((college): [readonly [University, College], number] => [
        [university, college],
        university.share / university.colleges.length,
      ]),
  );
  const [university, college] = rng.weighted(candidates);

  const chosen = wanted.length > 0 ? [...wanted] : drawFields(rng, college);

  const person = personName(rng, femaleShareOfExperts);
  const title = academicTitle(rng);
  const keywordPool = chosen.flatMap((code) => fieldLeaf(code).keywords.map(([zh]) => zh));
  const keywords = rng.sample([...new Set(keywordPool)], rng.int(5, 9));
  const [k1 = '', k2 = '', k3 = ''] = keywords;
  const mainField = chosen[0];
  const example = mainField ? leafLexicon(mainField) : undefined;
  const bio = tidy(
    [
      `${person.name}，${university.zh}${college.zh}${title.zh}，长期从事${k1}、${k2}与${k3}等方面的研究。`,
      `主持国家和省部级科研项目${rng.int(2, 12)}项，发表学术论文${rng.int(15, 120)}篇，授权发明专利${rng.int(1, 30)}项。`,
      example && rng.chance(0.7)
        ? `曾为${rng.int(2, 20)}家企业解决${rng.pick(example.objects)[0]}${rng.pick(example.issues)}等技术难题。`
        : '',
    ].join(''),
  );
  return {
    name: person.name,
    gender: person.gender,
    title: { zh: title.zh, en: title.en },
    university: { code: university.code, zh: university.zh, en: university.en },
    college: { zh: college.zh, en: college.en },
    fields: chosen,
    keywords,
    bio,
    capacity: rng.int(title.capacity[0], title.capacity[1]),
  };
}
