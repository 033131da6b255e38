import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createAuth } from '../../src/features/auth/auth.js';
import { createLockout } from '../../src/features/auth/lockout.js';
import { demoAccounts, demoPassword } from '../../src/features/demo/accounts.js';
import { demoIdentities, generateDemo, type DemoChunk } from '../../src/features/demo/generate.js';
import { SeedRefused, seedDemo } from '../../src/features/demo/load.js';
import { ExpertCreateSchema } from '../../src/features/experts/schemas.js';
import { OrganisationInputSchema } from '../../src/features/organisations/schemas.js';
import { ProblemCreateSchema } from '../../src/features/problems/schemas.js';
import { createMemoryMailer } from '../../src/lib/mailer.js';
import { connectStore, type Store } from '../../src/lib/mongo.js';
import { testApiURL, testWebURL } from '../helpers.js';

const until = new Date('2026-11-27T00:00:00+08:00');
const dayMs = 86_400_000;
const auth = {
  secret: 'test-secret-test-secret-test-secret-0',
  baseURL: testApiURL,
  webURL: testWebURL,
};

function chunks(seed: string, scale = 0.04): DemoChunk[] {
  return [...generateDemo({ seed, scale, until })];
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('the demo data generator', () => {
  const data = chunks('deqing');
  const problems = data.flatMap((chunk) => (chunk.kind === 'problems' ? chunk.problems : []));
  const engagements = data.flatMap((chunk) => (chunk.kind === 'problems' ? chunk.engagements : []));
  const experts = data.flatMap((chunk) => (chunk.kind === 'experts' ? chunk.docs : []));
  const organisations = data.flatMap((chunk) => (chunk.kind === 'organisations' ? chunk.docs : []));

  it('produces the same data from the same seed and different data from another', () => {
    expect(digest(chunks('deqing'))).toBe(digest(data));
    expect(digest(chunks('another seed'))).not.toBe(digest(data));
  });

  it('writes only records that the API itself would accept', () => {
    for (const { _id, verification, rev, createdAt, updatedAt, outbox, ...input } of organisations)
      expect(OrganisationInputSchema.safeParse(input).success, `${_id} ${verification}`).toBe(true);
    for (const expert of experts) {
      const {
        _id,
        universityName,
        verification,
        rev,
        indexedRev,
        createdAt,
        updatedAt,
        outbox,
        ...input
      } = expert;
      expect(ExpertCreateSchema.safeParse(input).error, _id).toBeUndefined();
      expect(input.publications.length).toBeGreaterThanOrEqual(5);
      expect(input.publications.length).toBeLessThanOrEqual(30);
    }
    for (const problem of problems) {
      const parsed = ProblemCreateSchema.safeParse({
        companyId: problem.companyId,
        title: problem.title,
        summary: problem.summary,
        description: problem.description,
        fields: problem.fields,
        keywords: problem.keywords,
        desiredOutcome: problem.desiredOutcome,
        budget: problem.budget,
        confidentiality: problem.confidentiality,
      });
      expect(parsed.error, problem.title).toBeUndefined();
    }
  });

  it('gives every record a history whose last transition is its status, dated inside two years', () => {
    for (const doc of [...problems, ...engagements]) {
      const history = doc.outbox ?? [];
      expect(doc.rev).toBe(history.length);
      const times = history.map((event) => event.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThanOrEqual(until.getTime());
      const last = history
        .filter((event) => event.type === 'transition' || event.type === 'created')
        .at(-1);
      expect(last?.to ?? doc.status, doc._id).toBe(doc.status);
    }
    const earliest = Math.min(...problems.map((p) => p.createdAt.getTime()));
    expect(until.getTime() - earliest).toBeGreaterThan(300 * dayMs);
    expect(until.getTime() - earliest).toBeLessThan(800 * dayMs);
  });

  it('solves most problems in weeks to months and leaves some open, in progress or closed', () => {
    const count = (status: string) => problems.filter((p) => p.status === status).length;
    expect(count('solved') / problems.length).toBeGreaterThan(0.4);
    expect(count('in_progress') + count('open')).toBeGreaterThan(0);
    expect(count('closed')).toBeGreaterThan(0);
    const days = problems
      .filter((p) => p.solvedAt && p.openedAt)
      .map((p) => ((p.solvedAt?.getTime() ?? 0) - (p.openedAt?.getTime() ?? 0)) / dayMs)
      .sort((a, b) => a - b);
    const median = days[Math.floor(days.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(14);
    expect(median).toBeLessThan(180);
  });

  it('never leaves an expert with more open engagements than their capacity', () => {
    const open = new Map<string, number>();
    for (const e of engagements)
      if (e.status === 'accepted' || e.status === 'active')
        open.set(e.expertId, (open.get(e.expertId) ?? 0) + 1);
    for (const expert of experts)
      expect(open.get(expert._id) ?? 0).toBeLessThanOrEqual(expert.capacity);
  });
});

describe('loading the demo data set', () => {
  let store: Store;
  beforeAll(async () => {
    store = await connectStore(inject('mongoUrl'), `test_${randomBytes(6).toString('hex')}`);
  });
  afterAll(async () => {
    await store.db.dropDatabase();
    await store.close();
  });

  it('refuses a production environment unless asked explicitly', async () => {
    const refused = await seedDemo(store.db, {
      seed: 'deqing',
      scale: 0.02,
      until,
      auth,
      production: true,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SeedRefused);
    expect((refused as SeedRefused).reason).toBe('production');
    expect(await store.db.collection('experts').countDocuments()).toBe(0);
  });

  it('loads into an empty database with accounts that sign in and events dated in the past', async () => {
    const report = await seedDemo(store.db, {
      seed: 'deqing',
      scale: 0.02,
      until,
      auth,
      production: true,
      allowProduction: true,
    });
    expect(report.counts.experts).toBe(10);
    expect(await store.db.collection('problems').countDocuments()).toBe(report.counts.problems);
    const ids = demoIdentities('deqing');
    expect(
      await store.db.collection('experts').findOne({ _id: ids.expertId as never }),
    ).toMatchObject({
      email: 'expert@demo.jiedui.cn',
      verification: 'verified',
    });
    const oldest = await store.db.collection('events').find().sort({ at: 1 }).limit(1).next();
    expect(until.getTime() - (oldest?.at as Date).getTime()).toBeGreaterThan(365 * dayMs);
    expect(
      await store.db.collection('problems').countDocuments({ 'outbox.0': { $exists: true } }),
    ).toBe(0);

    const betterAuth = createAuth({
      db: store.db,
      secret: auth.secret,
      baseURL: testApiURL,
      webURL: testWebURL,
      production: false,
      mailer: createMemoryMailer(),
      lockout: createLockout(store.db),
      rateLimit: false,
    });
    for (const account of demoAccounts(ids.expertName)) {
      const signedIn = await betterAuth.api.signInEmail({
        body: { email: account.email, password: demoPassword },
      });
      expect(signedIn.user.email).toBe(account.email);
    }
    const owner = await store.db.collection('user').findOne({ email: 'company@demo.jiedui.cn' });
    expect(owner).toMatchObject({ role: 'company_owner', organisationId: ids.companyId });
  });

  it('refuses a database that already holds data', async () => {
    const before = await store.db.collection('problems').countDocuments();
    const refused = await seedDemo(store.db, { seed: 'deqing', scale: 0.02, until, auth }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SeedRefused);
    expect((refused as SeedRefused).reason).toBe('not_empty');
    expect(await store.db.collection('problems').countDocuments()).toBe(before);
  });
});
