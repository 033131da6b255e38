// Builds eval/bilingual.jsonl, the larger judgement file of the semantic evaluation, from the
// demo-data generators (seeded, so the same file every time):
//
//   pnpm --filter @jiedui/api exec tsx src/semantic/build-judgements.ts ../eval/bilingual.jsonl
//
// 24 leaf fields (two leaves of each of 12 groups). Per field, two experts: one writing in
// Chinese (Chinese bio, keywords and papers) and one in English only (English keywords and
// papers, no bio), so every Chinese problem is judged against English-only profiles too; and four
// problems, two as the generator writes them and two "plain" ones, where every taxonomy keyword
// of the field is cut from the text and the keyword list is empty: the company describes the
// symptoms (objects, defects, metrics) without naming a technique, as a company often does.
// Grades: 5 for a problem of the expert's own field, 3 for one of the sibling field of the same
// group, 1 for one of another group. Every expert lists both fields of its group, as profiles
// often list neighbouring fields, so field overlap separates 5 and 3 from 1 but not 5 from 3:
// that is left to the texts, whose papers are all in the expert's own field. Limits: the grades
// still follow field codes, so field overlap is told part of the answer (the harness also
// reports lexical scores without it); the texts are template-made from the same lexicon on both
// sides, which flatters keyword matching; and a sibling field is not always half-relevant.
import { writeFileSync } from 'node:fs';
import {
  createRng,
  expertProfile,
  industries,
  problemText,
  publication,
} from '../features/demo/corpus/index.js';
import { keywordEn } from '../features/demo/corpus/text-kit.js';
import { fieldLeaf, taxonomy, type FieldCode } from '../features/taxonomy/index.js';

const rng = createRng('jiedui-semantic-eval-1');
const groups = rng.sample(
  taxonomy.filter((g) => g.leaves.length >= 2),
  12,
);
const fields = groups.flatMap((g) =>
  rng.sample(
    g.leaves.map((l): FieldCode => l.code),
    2,
  ),
);
const groupOfField = (code: string) => code.split('.')[0];

const lines: object[] = [];
const problemsByField = new Map<string, string[]>();

for (const field of fields) {
  const industry =
    industries.find((i) => (i.fields as readonly string[]).includes(field)) ?? rng.pick(industries);
  const keys: string[] = [];
  for (let i = 0; i < 4; i++) {
    const text = problemText(rng, field, industry);
    const key = `P-${field}-${i + 1}`;
    keys.push(key);
    if (i < 2) {
      lines.push({
        type: 'problem',
        key,
        title: text.title,
        description: text.description,
        fields: [field],
        keywords: [...text.keywords],
      });
      continue;
    }
    // Longest first, so that 模流分析 goes before 分析.
    const terms = fieldLeaf(field)
      .keywords.map(([zh]) => zh)
      .sort((a, b) => b.length - a.length);
    const cut = (s: string) =>
      terms
        .reduce((acc, term) => acc.split(term).join(''), s)
        .replace(/[、，]{2,}/g, '，')
        .replace(/(借助|熟悉|寻求|急需|基于)(，|。|方面|技术|的)/g, '$2');
    lines.push({
      type: 'problem',
      key,
      title: cut(text.title),
      description: cut(text.description),
      fields: [field],
      keywords: [],
    });
  }
  problemsByField.set(field, keys);
}

const siblingOf = (field: string) =>
  fields.find((f) => f !== field && groupOfField(f) === groupOfField(field));
const listed = (field: string) => [field, siblingOf(field) ?? field];

const experts: { key: string; field: string }[] = [];
for (const field of fields) {
  const profile = expertProfile(rng, [field]);
  experts.push({ key: `E-${field}-zh`, field });
  lines.push({
    type: 'expert',
    key: `E-${field}-zh`,
    name: profile.name,
    title: profile.title.zh,
    fields: listed(field),
    keywords: [...profile.keywords],
    bio: profile.bio,
    publications: Array.from({ length: 4 }, () => {
      const p = publication(rng, field, 'zh');
      return { title: p.title, abstract: p.abstract, year: p.year };
    }),
  });
  const other = expertProfile(rng, [field]);
  experts.push({ key: `E-${field}-en`, field });
  lines.push({
    type: 'expert',
    key: `E-${field}-en`,
    name: `Expert ${fields.indexOf(field) + 1}`,
    title: other.title.en,
    fields: listed(field),
    // The API takes keywords of at most 30 characters.
    keywords: other.keywords.map((zh) => keywordEn(field, zh)).filter((k) => k.length <= 30),
    bio: '',
    publications: Array.from({ length: 4 }, () => {
      const p = publication(rng, field, 'en');
      return { title: p.title, abstract: p.abstract, year: p.year };
    }),
  });
}

for (const expert of experts) {
  const sibling = siblingOf(expert.field);
  const others = fields.filter((f) => groupOfField(f) !== groupOfField(expert.field));
  const judged: [string, number][] = [
    ...(problemsByField.get(expert.field) ?? []).map((p): [string, number] => [p, 5]),
    ...(sibling ? (problemsByField.get(sibling) ?? []) : []).map((p): [string, number] => [p, 3]),
    ...rng
      .sample(
        others.flatMap((f) => problemsByField.get(f) ?? []),
        6,
      )
      .map((p): [string, number] => [p, 1]),
  ];
  for (const [problem, grade] of judged)
    lines.push({ type: 'judgement', expert: expert.key, problem, grade });
}

const out = process.argv.slice(2).find((a) => a !== '--') ?? '../eval/bilingual.jsonl';
writeFileSync(out, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
console.log(
  `${out}: ${experts.length} experts, ${fields.length * 4} problems, ${lines.length - experts.length - fields.length * 4} judgements`,
);
