import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkCreditCode } from '../../../lib/credit-code.js';
import {
  fieldLeaf,
  groupCodes,
  groupOf,
  isFieldCode,
  leafCodes,
  type FieldCode,
} from '../../taxonomy/index.js';
import {
  academicTitle,
  companyAddress,
  companyName,
  createRng,
  creditCode,
  expertProfile,
  industries,
  pastProject,
  patent,
  personName,
  pickIndustry,
  problemText,
  publication,
  towns,
  universities,
  type Rng,
} from './index.js';
import { groupLexicons, leafLexicon } from './lexicon/index.js';

function keywordsOf(field: FieldCode): string[] {
  return fieldLeaf(field).keywords.flatMap(([zh, en]) => [zh.toLowerCase(), en.toLowerCase()]);
}

function mentionsKeyword(field: FieldCode, text: string): boolean {
  const lower = text.toLowerCase();
  return keywordsOf(field).some((keyword) => lower.includes(keyword));
}

// A company's problem, with the field drawn from its industry as the demo generator will.
function companyProblem(rng: Rng) {
  const industry = pickIndustry(rng);
  return problemText(rng, rng.pick(industry.fields), industry);
}

// One of everything, so determinism is checked across every generator at once.
function bundle(seed: number) {
  const rng = createRng(seed);
  const industry = pickIndustry(rng);
  return {
    person: personName(rng),
    title: academicTitle(rng),
    expert: expertProfile(rng),
    publications: leafCodes.slice(0, 20).map((code) => publication(rng, code)),
    patent: patent(rng, 'mech.mould'),
    project: pastProject(rng, 'geo.gnss'),
    company: companyName(rng, industry),
    address: companyAddress(rng, industry),
    creditCode: creditCode(rng),
    problems: Array.from({ length: 20 }, () => companyProblem(rng)),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('demo corpus determinism', () => {
  it('produces identical output for the same seed', () => {
    expect(bundle(2026)).toEqual(bundle(2026));
  });

  it('produces different output for different seeds', () => {
    const a = bundle(1);
    const b = bundle(2);
    expect(a.problems.map((p) => p.title)).not.toEqual(b.problems.map((p) => p.title));
    expect(a.publications.map((p) => p.title)).not.toEqual(b.publications.map((p) => p.title));
    expect(a.expert).not.toEqual(b.expert);
  });

  it('never touches Math.random', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    expect(() => bundle(5)).not.toThrow();
  });
});

describe('lexicon coverage', () => {
  it('has a lexicon for every taxonomy leaf, with methods drawn from its keywords', () => {
    for (const code of leafCodes) {
      const lexicon = leafLexicon(code);
      const keywords = fieldLeaf(code).keywords.map(([zh]) => zh);
      expect(lexicon.objects.length, code).toBeGreaterThanOrEqual(4);
      expect(lexicon.methods.length, code).toBeGreaterThanOrEqual(3);
      expect(lexicon.metrics.length, code).toBeGreaterThanOrEqual(2);
      expect(lexicon.issues.length, code).toBeGreaterThanOrEqual(3);
      for (const method of lexicon.methods) expect(keywords, code).toContain(method);
      for (const [, , , from, to] of lexicon.metrics) expect(from, code).not.toBe(to);
    }
  });

  it('has venues, applications, patent kinds and attempts for every group', () => {
    for (const code of groupCodes) {
      const group = groupLexicons[code];
      expect(group.venues.zh.length, code).toBeGreaterThanOrEqual(3);
      expect(group.venues.en.length, code).toBeGreaterThanOrEqual(3);
      expect(group.applications.length, code).toBeGreaterThanOrEqual(3);
      expect(group.patentKinds.length, code).toBeGreaterThanOrEqual(3);
      expect(group.tried.length, code).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('publications', () => {
  it('mention one of their leaf keywords, in both languages, for every leaf', () => {
    const rng = createRng(17);
    for (const code of leafCodes) {
      for (const lang of ['zh', 'en'] as const) {
        for (let i = 0; i < 5; i++) {
          const paper = publication(rng, code, lang);
          expect(mentionsKeyword(code, `${paper.title} ${paper.abstract}`), paper.title).toBe(true);
        }
      }
    }
  });

  it('are about three-quarters Chinese when no language is asked for', () => {
    const rng = createRng(23);
    const papers = Array.from({ length: 2000 }, () => publication(rng, rng.pick(leafCodes)));
    const share = papers.filter((paper) => paper.lang === 'zh').length / papers.length;
    expect(share).toBeGreaterThan(0.71);
    expect(share).toBeLessThan(0.79);
  });

  it('have two to four sentences and keywords in their own language', () => {
    const rng = createRng(29);
    for (let i = 0; i < 300; i++) {
      const paper = publication(rng, rng.pick(leafCodes));
      const sentences =
        paper.lang === 'zh'
          ? paper.abstract.split('。').filter(Boolean)
          : paper.abstract.split(/\.(?:\s|$)/).filter(Boolean);
      expect(sentences.length, paper.abstract).toBeGreaterThanOrEqual(2);
      expect(sentences.length, paper.abstract).toBeLessThanOrEqual(4);
      expect(paper.keywords.length).toBeGreaterThanOrEqual(3);
      const column = paper.lang === 'zh' ? 0 : 1;
      const ownLanguage = fieldLeaf(paper.field).keywords.map((pair) => pair[column]);
      for (const keyword of paper.keywords) expect(ownLanguage).toContain(keyword);
      expect(paper.abstract).not.toMatch(/\{\w+\}/);
    }
  });

  it('do not repeat a title among the first fifty of one expert-sized run', () => {
    const rng = createRng(31);
    const titles = Array.from({ length: 50 }, () => publication(rng, rng.pick(leafCodes)).title);
    expect(new Set(titles).size).toBe(50);
  });

  it('vary within a single field', () => {
    const rng = createRng(37);
    const titles = Array.from({ length: 15 }, () => publication(rng, 'mech.mould').title);
    expect(new Set(titles).size).toBeGreaterThanOrEqual(14);
  });
});

describe('problems', () => {
  it('give at least 180 distinct titles in a sample of 200', () => {
    const rng = createRng(41);
    const titles = Array.from({ length: 200 }, () => companyProblem(rng).title);
    expect(new Set(titles).size).toBeGreaterThanOrEqual(180);
  });

  it('never repeat a description among the first fifty', () => {
    const rng = createRng(43);
    const descriptions = Array.from({ length: 50 }, () => companyProblem(rng).description);
    expect(new Set(descriptions).size).toBe(50);
  });

  it('read as three to six sentences naming a keyword, a target figure and a budget range', () => {
    const rng = createRng(47);
    for (let i = 0; i < 500; i++) {
      const problem = companyProblem(rng);
      const sentences = problem.description.split('。').filter(Boolean);
      expect(sentences.length, problem.description).toBeGreaterThanOrEqual(3);
      expect(sentences.length, problem.description).toBeLessThanOrEqual(6);
      expect(problem.description).toMatch(/希望将.+从目前的.+(降低|提高)到.+(以内|以上)/);
      expect(problem.description).not.toMatch(/\{\w+\}/);
      expect(mentionsKeyword(problem.field, `${problem.title}${problem.description}`)).toBe(true);
      expect(problem.budgetWan.min).toBeLessThan(problem.budgetWan.max);
      for (const keyword of problem.keywords) {
        expect(fieldLeaf(problem.field).keywords.map(([zh]) => zh)).toContain(keyword);
      }
    }
  });

  it('never quote a percentage above 100', () => {
    const rng = createRng(53);
    for (let i = 0; i < 1000; i++) {
      const { description } = companyProblem(rng);
      for (const match of description.matchAll(/(\d+(?:\.\d+)?)%/g)) {
        expect(Number(match[1]), description).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe('Chinese wording', () => {
  it('never repeats a word where two slots meet', () => {
    const rng = createRng(97);
    for (let i = 0; i < 2000; i++) {
      const field = rng.pick(leafCodes);
      const industry = pickIndustry(rng);
      const texts = [
        publication(rng, field, 'zh').title,
        patent(rng, field).title,
        pastProject(rng, field).title,
        problemText(rng, field, industry).title,
        expertProfile(rng, [field]).bio,
      ];
      for (const text of texts) expect(text).not.toMatch(/(\p{Script=Han}{2,})\1/u);
    }
  });
});

describe('patents and projects', () => {
  it('title patents "一种…", never file a method as a utility model, and number them validly', () => {
    const rng = createRng(59);
    for (let i = 0; i < 300; i++) {
      const item = patent(rng, rng.pick(leafCodes));
      expect(item.title.startsWith('一种')).toBe(true);
      if (item.type === 'utility-model') expect(item.title).not.toContain('方法');
      const match = /^ZL(\d{4})([12])(\d{7})\.([\dX])$/.exec(item.number);
      expect(match?.[1]).toBe(String(item.year));
      expect(match?.[2]).toBe(item.type === 'invention' ? '1' : '2');
    }
  });

  it('give projects a title, a known source and a plausible amount', () => {
    const rng = createRng(61);
    for (let i = 0; i < 100; i++) {
      const project = pastProject(rng, rng.pick(leafCodes));
      expect(project.title.length).toBeGreaterThan(6);
      expect(project.title).not.toMatch(/\{\w+\}/);
      expect(project.amountWan).toBeGreaterThanOrEqual(5);
      expect(project.amountWan).toBeLessThanOrEqual(500);
    }
  });
});

describe('county and companies', () => {
  it('generates credit codes that pass the API validator and carry the Deqing division code', () => {
    const rng = createRng(67);
    for (let i = 0; i < 500; i++) {
      const code = creditCode(rng);
      expect(checkCreditCode(code)).toEqual({ ok: true, code });
      expect(code.slice(0, 8)).toBe('91330521');
    }
  });

  it('names companies in the local pattern and places them in real towns', () => {
    const rng = createRng(71);
    const townNames = towns.map((town) => town.zh);
    for (let i = 0; i < 300; i++) {
      const industry = pickIndustry(rng);
      expect(companyName(rng, industry)).toMatch(
        /^(德清县?|浙江|湖州)?\p{Script=Han}{2}.+?(（德清）)?(股份)?有限公司$/u,
      );
      const address = companyAddress(rng, industry);
      expect(townNames).toContain(address.town);
      expect(address.address.startsWith(`浙江省湖州市德清县${address.town}`)).toBe(true);
    }
  });

  it('ties every industry to valid fields and real towns', () => {
    const townNames = towns.map((town) => town.zh);
    for (const industry of industries) {
      expect(
        industry.fields.every((code) => isFieldCode(code)),
        industry.code,
      ).toBe(true);
      for (const town of industry.towns) expect(townNames, industry.code).toContain(town);
    }
  });
});

describe('people and experts', () => {
  it('draws names of two to four characters with a weighted surname', () => {
    const rng = createRng(73);
    const names = Array.from({ length: 1000 }, () => personName(rng));
    for (const { name } of names) expect(name).toMatch(/^\p{Script=Han}{2,4}$/u);
    const wang = names.filter((person) => person.surname === '王').length;
    const zhu = names.filter((person) => person.surname === '褚').length;
    expect(wang).toBeGreaterThan(zhu * 3);
    expect(new Set(names.map((person) => person.name)).size).toBeGreaterThan(900);
  });

  it('makes professors and associate professors the majority of titles', () => {
    const rng = createRng(79);
    const titles = Array.from({ length: 2000 }, () => academicTitle(rng).zh);
    const senior = titles.filter((title) => title === '教授' || title === '副教授').length;
    expect(senior / titles.length).toBeGreaterThan(0.6);
    expect(senior / titles.length).toBeLessThan(0.72);
  });

  it('covers every field group with at least one college', () => {
    const covered = new Set(
      universities.flatMap((university) => university.colleges.flatMap((c) => c.groups)),
    );
    for (const code of groupCodes) expect(covered, code).toContain(code);
  });

  it('keeps requested fields and seats the expert in a college that covers the main one', () => {
    const rng = createRng(83);
    for (const fields of [['geo.gnss'], ['food.tea', 'agri.crop'], ['light.instrument']] as const) {
      const expert = expertProfile(rng, fields);
      expect(expert.fields).toEqual(fields);
      const college = universities
        .find((university) => university.code === expert.university.code)
        ?.colleges.find((c) => c.zh === expert.college.zh);
      expect(college?.groups).toContain(groupOf(fields[0])?.code);
    }
  });

  it('gives drawn experts one to three fields, their keywords in the bio, and a capacity', () => {
    const rng = createRng(89);
    for (let i = 0; i < 200; i++) {
      const expert = expertProfile(rng);
      expect(expert.fields.length).toBeGreaterThanOrEqual(1);
      expect(expert.fields.length).toBeLessThanOrEqual(3);
      expect(expert.keywords.length).toBeGreaterThanOrEqual(5);
      expect(expert.bio).toContain(expert.keywords[0]);
      expect(expert.capacity).toBeGreaterThanOrEqual(1);
      expect(expert.capacity).toBeLessThanOrEqual(5);
    }
  });
});
