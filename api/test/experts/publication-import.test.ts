import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeaders, createTestContext, type TestContext } from '../helpers.js';
import { as, createWorld, type World } from '../domain/world.js';
import { parseBibtexFile, parseCsvFile } from '../../src/features/experts/publication-import.js';

const file = (name: string) => readFileSync(new URL(`./files/${name}`, import.meta.url), 'utf8');

describe('reading BibTeX and CSV files', () => {
  it('reads Chinese entries, resolves @string macros and turns LaTeX escapes into characters', () => {
    const parsed = parseBibtexFile(file('zhang-wei.bib'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.total).toBe(4);
    const [chinese, latex, braced] = parsed.publications;
    expect(chinese).toMatchObject({
      title: '数控机床主轴热误差建模与补偿方法研究',
      year: 2023,
      venue: '机械工程学报',
      authors: ['张伟', '李明', '王芳'],
    });
    expect(chinese?.abstract).toContain('温度敏感点');
    expect(latex?.title).toBe(
      "Thermal Error Modeling of CNC Spindles with Müller's Method and α-Compensation",
    );
    expect(latex?.authors).toEqual(['Jörg Müller', 'Wei Zhang']);
    expect(latex?.venue).toBe(
      'Proceedings of the International Conference on Machine Tools & Manufacturing',
    );
    expect(braced?.title).toBe('Naïve Bayes Classification of Tool Wear in High-Speed Milling');
    expect(braced?.authors).toEqual(['Wei Zhang', 'José García']);
    expect(parsed.patents).toEqual([
      { title: '一种机床主轴热变形实时补偿装置', number: 'CN114523456A', year: 2022 },
    ]);
  });

  it('names the line, the citation key and the field of every bad entry', () => {
    const parsed = parseBibtexFile(file('broken.bib'));
    expect(parsed.publications.map((p) => p.title)).toEqual(['注塑件缩痕的工艺参数优化']);
    const summary = parsed.errors.map((e) => [e.row, e.entry, e.field, e.message.zh]);
    expect(summary).toContainEqual([8, 'noyear', 'year', '必填']);
    expect(summary).toContainEqual([13, 'oldyear', 'title', '至少 2 个字符']);
    expect(summary).toContainEqual([13, 'oldyear', 'year', '不能小于 1950']);
  });

  it('reports an entry it cannot parse instead of dropping it silently', () => {
    const parsed = parseBibtexFile(
      '@article{fine, title={好的题目}, year={2020}}\n\n@misc{broken\n  title = {x}\n',
    );
    expect(parsed.publications).toHaveLength(1);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ row: 3, entry: 'broken' });
  });

  it('reads a CSV with bilingual headers, both kinds of entry and several author separators', () => {
    const parsed = parseCsvFile(file('publications.csv'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.publications).toEqual([
      {
        title: '基于深度学习的注塑缺陷检测',
        year: 2024,
        venue: '塑料工业',
        abstract: '提出一种缩痕检测方法。',
        authors: ['刘洋', '张伟'],
      },
      {
        title: 'Sink marks in injection moulding, revisited',
        year: 2019,
        venue: 'Polymer Engineering & Science',
        authors: ['Liu Yang', 'Emily Chen'],
      },
    ]);
    expect(parsed.patents).toEqual([
      { title: '一种注塑模具温度控制系统', number: 'CN115000111A', year: 2023 },
    ]);
  });

  it('reports CSV rows as a spreadsheet numbers them', () => {
    const parsed = parseCsvFile(file('bad.csv'));
    expect(parsed.errors.map((e) => [e.row, e.field, e.message.en])).toEqual([
      [3, 'title', 'is required'],
      [4, 'year', 'year must be four digits'],
      [5, 'type', 'type must be publication or patent'],
    ]);
  });
});

describe('POST /experts/{id}/publications/import', () => {
  let ctx: TestContext;
  let world: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx);
  });
  afterAll(async () => {
    await ctx.close();
  });

  const upload = (
    actor: World['experts'][number]['actor'] | null,
    path: string,
    body: string,
    contentType: string,
    lang = 'zh-CN',
  ) =>
    ctx.app.request(path, {
      method: 'POST',
      headers: { 'content-type': contentType, 'accept-language': lang, ...actorHeaders(actor) },
      body,
    });

  it('adds the entries of a .bib file to the profile, and skips them when the file comes again', async () => {
    const expert = world.experts[0];
    if (!expert) throw new Error('no expert');
    const before = (await expert.api.call('GET', `/experts/${expert.id}`)).body as { rev: number };
    const res = await upload(
      expert.actor,
      `/experts/${expert.id}/publications/import?rev=${String(before.rev)}`,
      file('zhang-wei.bib'),
      'application/x-bibtex',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      publications: unknown[];
      patents: unknown[];
      duplicates: number;
      expert: { rev: number; publications: { title: string }[]; patents: { number: string }[] };
    };
    expect(body.publications).toHaveLength(3);
    expect(body.patents).toHaveLength(1);
    expect(body.expert.publications.map((p) => p.title)).toContain(
      '数控机床主轴热误差建模与补偿方法研究',
    );
    expect(body.expert.patents[0]?.number).toBe('CN114523456A');

    const again = await upload(
      expert.actor,
      `/experts/${expert.id}/publications/import?rev=${String(body.expert.rev)}`,
      file('zhang-wei.bib'),
      'text/x-bibtex',
    );
    expect(again.status).toBe(200);
    const second = (await again.json()) as {
      duplicates: number;
      expert: { publications: unknown[] };
    };
    expect(second.duplicates).toBe(4);
    expect(second.expert.publications).toHaveLength(3);
  });

  it('rejects a file with errors, in the caller’s language, and adds nothing', async () => {
    const expert = world.experts[1];
    if (!expert) throw new Error('no expert');
    const before = (await expert.api.call('GET', `/experts/${expert.id}`)).body as {
      rev: number;
      publications: unknown[];
    };
    for (const [lang, message] of [
      ['zh-CN', '必填'],
      ['en', 'is required'],
    ] as const) {
      const res = await upload(
        expert.actor,
        `/experts/${expert.id}/publications/import?rev=${String(before.rev)}`,
        file('broken.bib'),
        'application/x-bibtex',
        lang,
      );
      expect(res.status).toBe(400);
      const body = (await res.json()) as {
        error: {
          code: string;
          message: string;
          details: { errors: { row: number; entry?: string; field?: string; message: string }[] };
        };
      };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details.errors).toContainEqual({
        row: 8,
        entry: 'noyear',
        field: 'year',
        message,
      });
    }
    const after = (await expert.api.call('GET', `/experts/${expert.id}`)).body as {
      rev: number;
      publications: unknown[];
    };
    expect(after.rev).toBe(before.rev);
    expect(after.publications).toEqual(before.publications);
  });

  it('previews a CSV on a dry run without changing the profile', async () => {
    const expert = world.experts[1];
    if (!expert) throw new Error('no expert');
    const res = await upload(
      expert.actor,
      `/experts/${expert.id}/publications/import?dryRun=true`,
      file('publications.csv'),
      'text/csv',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      dryRun: boolean;
      publications: unknown[];
      expert?: unknown;
    };
    expect(body.dryRun).toBe(true);
    expect(body.publications).toHaveLength(2);
    expect(body.expert).toBeUndefined();
    const profile = (await expert.api.call('GET', `/experts/${expert.id}`)).body as {
      publications: unknown[];
    };
    expect(profile.publications).toEqual([]);
  });

  it('refuses another expert’s profile, an unknown file type and a stale rev', async () => {
    const [mine, other] = world.experts;
    if (!mine || !other) throw new Error('no experts');
    const csv = file('publications.csv');
    expect(
      (await upload(other.actor, `/experts/${mine.id}/publications/import?rev=1`, csv, 'text/csv'))
        .status,
    ).toBe(403);
    expect(
      (await upload(mine.actor, `/experts/${mine.id}/publications/import?rev=1`, csv, 'image/png'))
        .status,
    ).toBe(415);
    expect(
      (await upload(mine.actor, `/experts/${mine.id}/publications/import?rev=1`, csv, 'text/csv'))
        .status,
    ).toBe(409);
    expect(
      (await as(ctx, null).call('POST', `/experts/${mine.id}/publications/import`, csv)).status,
    ).toBe(401);
  });
});
