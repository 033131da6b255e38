import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actorHeaders, createTestContext, testCreditCode, type TestContext } from '../helpers.js';
import { as, officer } from '../domain/world.js';

// The crash-safety promise of imports with a real crash: a separate process runs the import of
// a file and is killed with SIGKILL while it writes (some batches stored, not all), then the
// same file is imported again. The store must then hold exactly the rows of the file.

const child = fileURLToPath(new URL('./import-child.ts', import.meta.url));
const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const rowCount = 2_000;

const header = [
  '邮箱 email',
  '姓名 name',
  '单位统一社会信用代码 organisationCreditCode',
  '职称 title',
  '领域 fields',
  '关键词 keywords',
  '论文 publications',
];

function rows(universityCode: string) {
  return Array.from({ length: rowCount }, (_, i) => [
    `killed${String(i)}@zjut.edu.cn`,
    `专家${String(i)}`,
    universityCode,
    '教授',
    '模具与成型工艺；mat.polymer',
    `注塑；模流分析；编号${String(i)}`,
    `2023 | 注塑件缩痕控制研究${String(i)} | 塑料工业 | 针对缩痕问题提出保压优化方法。\n2021 | Warpage of moulded parts ${String(i)} | Polymer Engineering`,
  ]);
}

interface JobRow {
  status: string;
  total: number;
  processed: number;
}

describe('an import process killed half way', () => {
  let ctx: TestContext;
  let dir: string;
  beforeAll(async () => {
    ctx = await createTestContext({ bodyLimit: 20 * 1024 * 1024 });
    dir = mkdtempSync(join(tmpdir(), 'jiedui-kill-'));
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('yields exactly the rows of the file when run again', { timeout: 240_000 }, async () => {
    const universityCode = testCreditCode(701);
    const university = await as(ctx, officer).call('POST', '/organisations', {
      kind: 'university',
      name: '浙江工业大学',
      creditCode: universityCode,
    });
    expect(university.status).toBe(201);
    const table = rows(universityCode);
    const csv = stringify([header, ...table]);
    const file = join(dir, 'experts.csv');
    writeFileSync(file, csv);

    const jobs = ctx.store.db.collection<JobRow>('import_jobs');
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', child, inject('mongoUrl'), ctx.store.db.databaseName, file],
      { cwd: apiDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      proc.on('exit', (code, signal) => {
        resolve(signal ?? code);
      }),
    );
    const state = { exited: false };
    void exited.then(() => {
      state.exited = true;
    });

    // Kill it once some batches are stored and others are not.
    let seen: JobRow | null = null;
    while (!state.exited) {
      seen = await jobs.findOne({});
      if (seen && seen.processed > 0 && seen.processed < seen.total) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(state.exited, `the import ended before it could be killed: ${output}`).toBe(false);
    proc.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(seen).toMatchObject({ status: 'running', total: rowCount });

    const experts = ctx.store.db.collection<{ _id: string; email: string }>('experts');
    const before = await experts.countDocuments();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(rowCount);

    // The same file again, through the API of this process.
    const res = await ctx.app.request('/imports/experts?wait=true', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...actorHeaders(officer) },
      body: csv,
    });
    const job = (await res.json()) as { status: string; planned: Record<string, number> };
    expect(res.status).toBe(201);
    expect(job.status).toBe('done');
    // Rows the killed run stored are found unchanged; the rest are created.
    expect(job.planned).toEqual({ create: rowCount - before, update: 0, unchanged: before });

    const stored = await experts.find({}, { projection: { email: 1, name: 1 } }).toArray();
    expect(stored).toHaveLength(rowCount);
    expect(stored.map((doc) => doc.email).sort()).toEqual(table.map((row) => row[0]).sort());
    const ids = new Set(stored.map((doc) => doc._id));
    expect(ids.size).toBe(rowCount);

    // One "created" event per stored expert, none for anything else.
    const created = await ctx.store.db
      .collection<{ entityId: string }>('events')
      .find({ entity: 'expert', type: 'created' }, { projection: { entityId: 1 } })
      .toArray();
    expect(created).toHaveLength(rowCount);
    expect(new Set(created.map((event) => event.entityId))).toEqual(ids);
  });
});
