import type { ProblemSearchDoc } from '@jiedui/search-config';
import { describe, expect, it } from 'vitest';
import { expert as fixtureExpert } from '../../test/search/fixtures.js';
import {
  allExpertTerms,
  createLocalTextScorer,
  problemPiece,
  segmentExpert,
} from '../matching/text-evidence.js';
import { textTerms } from '../matching/text.js';
import { createTermStore } from './term-store.js';

function problem(i: number): ProblemSearchDoc {
  return {
    id: `prb_${String(i)}`,
    title: `陶瓷釉面龟裂问题${String(i)}`,
    summary: '',
    keywords: [],
    fields: [],
    fieldLabels: [],
    companyId: 'c',
    companyName: 'c',
    town: 't',
    industry: 'i',
    status: 'open',
    confidentiality: 'public',
    publishedAt: 0,
    rev: 1,
  };
}

const expert = (i: number, title: string, papers: string[]) =>
  fixtureExpert(`exp_${String(i)}`, {
    name: `专家${String(i)}`,
    keywords: [],
    title,
    publicationTitles: papers,
  });

describe('term store', () => {
  it('leaves the terms of a bulk load until its documents stop arriving, then computes them', () => {
    let clock = 0;
    const store = createTermStore({ now: () => clock });
    store.put(
      'problems',
      Array.from({ length: 600 }, (_, i) => problem(i)),
    );
    expect(store.work(5)).toBe(true);
    expect(store.pending()).toBe(600);
    clock += 4_999;
    store.work(5);
    expect(store.pending()).toBe(600);
    clock += 1_000;
    while (store.work(50));
    expect(store.pending()).toBe(0);
  });

  it('does not take documents pushed again at the same rev for a bulk load', () => {
    // After a start, the semantic embedder has every record pushed again with its vectors, for
    // minutes: the same revs, nothing new to count, and no reason to keep waiting.
    let clock = 0;
    const store = createTermStore({ now: () => clock });
    const docs = Array.from({ length: 600 }, (_, i) => problem(i));
    store.put('problems', docs);
    clock += 5_000;
    store.put('problems', docs.slice(0, 8));
    store.work(5);
    expect(store.pending()).toBeLessThan(600);
  });

  it('computes the terms of a few written documents at once', () => {
    const store = createTermStore({ now: () => 0 });
    store.put('problems', [problem(1), problem(2)]);
    while (store.work(50));
    expect(store.pending()).toBe(0);
    expect(store.topTerms('陶瓷釉面龟裂', 3).length).toBeGreaterThan(0);
  });

  it('weighs text evidence by the document frequencies of the moment, whatever it kept', () => {
    const first = [
      expert(1, '教授', ['陶瓷釉面龟裂的成因分析', '注塑模具冷却优化']),
      expert(2, '研究员', ['釉面缺陷的图像检测']),
    ];
    const later = [
      expert(3, '教授', ['陶瓷烧成曲线与釉面龟裂', '釉面龟裂检测']),
      expert(4, '副教授', ['陶瓷釉料配方']),
    ];
    const text = '陶瓷釉面龟裂，成品率低';
    const ids = ['exp_1', 'exp_2', 'exp_3', 'exp_4'];

    // Evidence asked before and after more documents arrive (the second answer must not reuse
    // the first one's weights) equals the evidence of a store that held them all from the start.
    const store = createTermStore({ now: () => 0 });
    store.put('experts', first);
    while (store.work(50));
    const before = store.forProblem(text, ids);
    store.put('experts', later);
    while (store.work(50));
    const after = store.forProblem(text, ids);
    const fresh = createTermStore({ now: () => 0 });
    fresh.put('experts', [...first, ...later]);
    while (fresh.work(50));
    expect(after).toEqual(fresh.forProblem(text, ids));
    expect(after.exp_1?.publication).not.toBe(before.exp_1?.publication);
    // And asked again with nothing written, the same answer.
    expect(store.forProblem(text, ids)).toEqual(after);
  });

  it('gives the evidence the main thread computes from the same documents and frequencies', async () => {
    const docs = [
      fixtureExpert('exp_a', {
        name: '甲',
        keywords: ['陶瓷', '釉面'],
        bio: '长期研究陶瓷釉面缺陷与窑炉控制。',
        publicationTitles: ['陶瓷釉面龟裂的成因分析', '窑炉温度控制', 'Glaze crack detection'],
        publicationAbstracts: [
          '釉面龟裂与烧成曲线、釉料配方有关。',
          '',
          'crack detection of glaze',
        ],
        patentTitles: ['一种釉面龟裂检测装置', '窑炉节能控制系统'],
        projectTitles: ['釉面质量提升'],
        projectSummaries: ['与企业合作改进釉料'],
      }),
      fixtureExpert('exp_b', {
        name: '乙',
        keywords: ['注塑', '模具'],
        publicationTitles: ['注塑模具冷却优化', '陶瓷注射成型'],
        patentTitles: ['模具冷却水路'],
      }),
      fixtureExpert('exp_c', { name: '丙', keywords: ['釉料'], publicationTitles: [] }),
    ];
    const store = createTermStore({ now: () => 0 });
    store.put('experts', docs);
    while (store.work(50));
    // The store's IDF, written out: every document's terms counted once per document.
    const termSets = docs.map((doc) => new Set(allExpertTerms(segmentExpert(doc))));
    const idf = (term: string) =>
      Math.log((docs.length + 1) / (termSets.filter((set) => set.has(term)).length + 1)) + 1;
    const local = createLocalTextScorer(() => Promise.resolve(idf));
    const text = '陶瓷釉面龟裂，窑炉控制不稳，glaze crack';
    const expected = Object.fromEntries(await local.forProblem(text, docs));
    expect(expected.exp_a?.patents.length).toBeGreaterThan(0);
    expect(expected.exp_a?.publication).toBeGreaterThan(0);
    expect(
      store.forProblem(
        text,
        docs.map((d) => d.id),
      ),
    ).toEqual(expected);

    // One expert against problems: kept problems, and a text given by the caller.
    const problems = [
      { ...problem(1), title: '陶瓷釉面龟裂', summary: '窑炉控制不稳导致龟裂' },
      { ...problem(2), title: '注塑模具冷却慢', summary: '' },
    ];
    store.put('problems', problems);
    while (store.work(50));
    const withProblems = [...termSets, ...problems.map((p) => new Set(textTerms(problemPiece(p))))];
    const idfAll = (term: string) =>
      Math.log(
        (withProblems.length + 1) / (withProblems.filter((set) => set.has(term)).length + 1),
      ) + 1;
    const localAll = createLocalTextScorer(() => Promise.resolve(idfAll));
    const [first] = docs;
    if (!first) throw new Error('no expert');
    const expectedForExpert = Object.fromEntries(
      await localAll.forExpert(first, [
        { id: 'prb_1', doc: problems[0] },
        { id: 'prb_2', doc: problems[1] },
        { id: 'prb_x', text: '釉面龟裂检测装置' },
      ]),
    );
    expect(expectedForExpert.prb_1?.publication).toBeGreaterThan(0);
    expect(expectedForExpert.prb_x?.patents.length).toBeGreaterThan(0);
    expect(
      store.forExpert('exp_a', [
        { id: 'prb_1' },
        { id: 'prb_2' },
        { id: 'prb_x', text: '釉面龟裂检测装置' },
      ]),
    ).toEqual(expectedForExpert);
  });
});
