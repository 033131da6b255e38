// The evaluation harness: loads a judgement file through the public API into a fresh database,
// asks GET /experts/{id}/matches for every judged expert and prints the pairwise ordering loss.
//
//   pnpm --filter @jiedui/api run eval -- ../eval/example.jsonl [--mongo mongodb://…] [--tune]
//
// Without --mongo it starts its own FerretDB in a temporary folder. --tune also searches a grid
// of weights for score.ts over the features the API returned and prints the best it finds.
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort, startFerret, type RunningFerret } from '@jiedui/ferretdb';
import { z } from 'zod';
import { createApp, createRepositories, ensureIndexes } from '../app.js';
import type { Actor } from '../features/access/actor.js';
import { creditCodeCheckChar } from '../lib/credit-code.js';
import { createLogger } from '../lib/logger.js';
import { connectStore } from '../lib/mongo.js';
import { createEmbeddedEngine } from '../search/embedded.js';
import { createIndexer } from '../search/indexer.js';
import { createSemantic } from '../semantic/service.js';
import { pairwiseLoss, type Judged, type LossReport } from './loss.js';
import { featureNames, scoreOf, weights, type MatchFeatures, type Weights } from './score.js';

const ExpertLine = z.strictObject({
  type: z.literal('expert'),
  key: z.string().min(1),
  name: z.string().min(2),
  title: z.string().default(''),
  fields: z.array(z.string()).min(1),
  keywords: z.array(z.string()).default([]),
  bio: z.string().default(''),
  publications: z
    .array(
      z.strictObject({
        title: z.string(),
        abstract: z.string().optional(),
        year: z.number().int(),
      }),
    )
    .default([]),
});

const ProblemLine = z.strictObject({
  type: z.literal('problem'),
  key: z.string().min(1),
  title: z.string(),
  summary: z.string().default(''),
  description: z.string(),
  fields: z.array(z.string()).min(1),
  keywords: z.array(z.string()).default([]),
});

const JudgementLine = z.strictObject({
  type: z.literal('judgement'),
  expert: z.string(),
  problem: z.string(),
  grade: z.number().int().min(1).max(5),
});

const Line = z.discriminatedUnion('type', [ExpertLine, ProblemLine, JudgementLine]);
type Line = z.infer<typeof Line>;

const office: Actor = {
  userId: 'usr_eval',
  role: 'officer',
  name: 'eval',
  organisationId: 'org_office',
};

function creditCode(n: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '';
  for (let i = 0, rest = n; i < 9; i++, rest = Math.floor(rest / 31)) {
    body = alphabet.charAt(rest % 31) + body;
  }
  const first17 = `91330521${body}`;
  return first17 + (creditCodeCheckChar(first17) ?? '0');
}

function parse(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, i) => {
      if (!text.trim()) return [];
      const parsed = Line.safeParse(JSON.parse(text));
      if (!parsed.success) {
        throw new Error(`${file}:${i + 1}: ${z.prettifyError(parsed.error)}`);
      }
      return [parsed.data];
    });
}

function format(name: string, report: LossReport): string {
  const pct = (x: number) => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)}%`);
  return `${name.padEnd(34)} loss ${report.loss.toFixed(3)}  pairs ${report.pairs}  easy ${pct(report.easy.accuracy)} (${report.easy.pairs})  hard ${pct(report.hard.accuracy)} (${report.hard.pairs})`;
}

function* grid(): Generator<Weights> {
  const steps = [0, 0.1, 0.2, 0.3, 0.45, 0.6];
  for (const publication of steps)
    for (const profile of steps)
      for (const fields of steps)
        for (const retrieval of [0, 0.05, 0.15])
          yield { ...weights, publication, profile, fields, retrieval };
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--mongo');
  const mongoAt = args.indexOf('--mongo');
  if (!file) throw new Error('usage: eval <judgements.jsonl> [--mongo mongodb://…] [--tune]');
  const lines = parse(file);

  let ferret: RunningFerret | undefined;
  let dataDir: string | undefined;
  let url = mongoAt >= 0 ? args[mongoAt + 1] : undefined;
  if (!url) {
    dataDir = mkdtempSync(join(tmpdir(), 'jiedui-eval-'));
    ferret = await startFerret({ port: await freePort(), dataDir });
    url = ferret.url;
  }
  const store = await connectStore(url, `eval_${randomBytes(4).toString('hex')}`);
  const engine = createEmbeddedEngine();
  const logger = createLogger('silent');
  const stops: (() => Promise<void>)[] = [];
  try {
    const repos = createRepositories(store.db);
    await ensureIndexes(repos);
    // With the model (tools/model/fetch.mjs) the matcher fuses semantic similarity, as the API does.
    const semantic = createSemantic({
      db: store.db,
      repos,
      logger,
      modelDir: fileURLToPath(new URL('../../../.cache/models', import.meta.url)),
    });
    stops.push(() => semantic.stop());
    const app = createApp({
      db: store.db,
      search: engine,
      semantic,
      logger,
      resolveActor: () => Promise.resolve(office),
    });
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300)
        throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json as { id: string; rev: number } & Record<string, unknown>;
    };
    const organisation = async (kind: string, name: string, n: number) => {
      const org = await call('POST', '/organisations', {
        kind,
        name,
        creditCode: creditCode(n),
        town: '武康街道',
      });
      await call('POST', `/organisations/${org.id}/verification`, {
        rev: org.rev,
        decision: 'approve',
      });
      return org.id;
    };
    const university = await organisation('university', '评测大学', 1);
    const company = await organisation('company', '评测企业有限公司', 2);

    const experts = new Map<string, string>();
    const problems = new Map<string, string>();
    for (const line of lines) {
      if (line.type === 'expert') {
        const created = await call('POST', '/experts', {
          organisationId: university,
          email: `${line.key.toLowerCase()}@eval.example.edu.cn`,
          name: line.name,
          title: line.title,
          fields: line.fields,
          keywords: line.keywords,
          bio: line.bio,
          publications: line.publications,
        });
        await call('POST', `/experts/${created.id}/verification`, {
          rev: created.rev,
          decision: 'approve',
        });
        experts.set(line.key, created.id);
      } else if (line.type === 'problem') {
        const created = await call('POST', '/problems', {
          companyId: company,
          title: line.title,
          summary: line.summary,
          description: line.description,
          fields: line.fields,
          keywords: line.keywords,
          confidentiality: 'public',
        });
        await call('POST', `/problems/${created.id}/publish`, { rev: created.rev });
        problems.set(line.key, created.id);
      }
    }
    const indexer = createIndexer({ repos, engine, db: store.db, logger });
    await indexer.runOnce();
    await semantic.load();
    await semantic.runOnce();
    console.log(
      semantic.enabled
        ? `semantic matching on (${semantic.status().model ?? ''})`
        : `semantic matching off: ${semantic.status().reason ?? ''}`,
    );

    const judgements = new Map<string, { problem: string; grade: number }[]>();
    for (const line of lines) {
      if (line.type !== 'judgement') continue;
      const problem = problems.get(line.problem);
      if (!experts.has(line.expert) || !problem) {
        throw new Error(
          `judgement names an unknown expert or problem: ${line.expert} ${line.problem}`,
        );
      }
      const list = judgements.get(line.expert) ?? [];
      list.push({ problem, grade: line.grade });
      judgements.set(line.expert, list);
    }

    interface Item {
      problem: { id: string };
      score: number;
      features: MatchFeatures;
    }
    const scored: { grade: number; features: MatchFeatures; score: number }[][] = [];
    const feed: Judged[][] = [];
    for (const [key, judged] of judgements) {
      const expertId = experts.get(key) ?? '';
      const ids = judged.map((j) => j.problem);
      const asked = (await call(
        'GET',
        `/experts/${expertId}/matches?limit=100&problemIds=${ids.join(',')}`,
      )) as unknown as { items: Item[] };
      const byId = new Map(asked.items.map((item) => [item.problem.id, item]));
      scored.push(
        judged.map((j) => {
          const item = byId.get(j.problem);
          const features =
            item?.features ??
            (Object.fromEntries(featureNames.map((n) => [n, 0])) as unknown as MatchFeatures);
          return { grade: j.grade, features, score: item?.score ?? 0 };
        }),
      );
      const ranked = (await call('GET', `/experts/${expertId}/matches?limit=100`)) as unknown as {
        items: Item[];
      };
      const feedScores = new Map(ranked.items.map((item) => [item.problem.id, item.score]));
      feed.push(judged.map((j) => ({ grade: j.grade, score: feedScores.get(j.problem) ?? 0 })));
    }

    console.log(
      `${file}: ${experts.size} experts, ${problems.size} problems, ${scored.flat().length} judgements`,
    );
    console.log(format('scored on request (problemIds)', pairwiseLoss(scored)));
    console.log(format('feed (unretrieved = 0)', pairwiseLoss(feed)));
    for (const name of ['publication', 'profile', 'fields', 'retrieval'] as const) {
      const only = scored.map((list) =>
        list.map((j) => ({ grade: j.grade, score: j.features[name] })),
      );
      console.log(format(`feature ${name} alone`, pairwiseLoss(only)));
    }
    if (args.includes('--tune')) {
      let best: { loss: number; weights: Weights } | undefined;
      for (const candidate of grid()) {
        const loss = pairwiseLoss(
          scored.map((list) =>
            list.map((j) => ({ grade: j.grade, score: scoreOf(j.features, candidate) })),
          ),
        ).loss;
        if (!best || loss < best.loss - 1e-9) best = { loss, weights: candidate };
      }
      if (best)
        console.log(
          `best grid weights: loss ${best.loss.toFixed(3)} ${JSON.stringify(best.weights)}`,
        );
    }
  } finally {
    for (const stop of stops) await stop();
    await engine.close();
    await store.db.dropDatabase().catch(() => undefined);
    await store.close();
    await ferret?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
