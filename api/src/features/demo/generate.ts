import type { ActorRef } from '../access/actor.js';
import { systemActor } from '../access/actor.js';
import type { EngagementDoc, VisitDoc } from '../engagements/repository.js';
import type { EventDoc } from '../events/outbox.js';
import type { ExpertDoc } from '../experts/repository.js';
import type { OrganisationDoc } from '../organisations/repository.js';
import type { OutcomeDoc } from '../outcomes/repository.js';
import type { PairingDoc, ProgrammeDoc } from '../pairings/repository.js';
import type { ProblemDoc } from '../problems/repository.js';
import { groupOf, type FieldCode } from '../taxonomy/index.js';
import {
  companyName,
  county,
  createRng,
  creditCode,
  expertProfile,
  industry,
  pastProject,
  patent,
  personName,
  pickIndustry,
  problemText,
  publication,
  universities,
  companyAddress,
  type Industry,
  type Rng,
} from './corpus/index.js';
import { cumulative, logNormal, pickIndex, seededId, seededSortableId } from './random.js';
import { declineNote, followUpNote, outcomeSummary, visitNote } from './texts.js';

// The demo data set: Deqing County with its towns, five universities, ~500 experts, ~300
// companies and ~1,500 problems with two years of history, all drawn from one seed. Records are
// built in their final state with every event of their history in the outbox, dated when it
// happened; the loader writes them through the repositories, which copy the outboxes to
// `events`. Everything is a pure function of (seed, scale, until, actors).

const dayMs = 86_400_000;
const historyDays = 730;

/** Record counts at scale 1; --scale multiplies them. */
export const baseCounts = { experts: 500, companies: 300, problems: 1500 } as const;

export const defaultSeed = 'deqing';

/** The people behind the demo accounts, named in the events they caused. */
export interface DemoActors {
  officer: ActorRef;
  owner: ActorRef;
  expert: ActorRef;
}

export interface DemoOptions {
  seed: string | number;
  /** Multiplies the record counts; fractions give small data sets for tests. */
  scale: number;
  /** The end of the two years of history: the demo's "today". */
  until: Date;
  actors?: Partial<DemoActors>;
}

export type DemoChunk =
  | { kind: 'organisations'; docs: OrganisationDoc[] }
  | { kind: 'experts'; docs: ExpertDoc[] }
  | {
      kind: 'problems';
      problems: ProblemDoc[];
      engagements: EngagementDoc[];
      visits: VisitDoc[];
      outcomes: OutcomeDoc[];
    }
  | { kind: 'programmes'; programmes: ProgrammeDoc[]; pairings: PairingDoc[] };

export interface DemoCounts {
  universities: number;
  companies: number;
  experts: number;
  problems: number;
}

export function demoCounts(scale: number): DemoCounts {
  const scaled = (n: number) => Math.max(2, Math.round(n * scale));
  return {
    universities: universities.length,
    companies: scaled(baseCounts.companies),
    experts: scaled(baseCounts.experts),
    problems: scaled(baseCounts.problems),
  };
}

/** The records the demo accounts belong to; cheap to compute, needed before the accounts exist. */
export function demoIdentities(seed: string | number) {
  const root = createRng(seed);
  // The same draw as the generator's first expert: a fork's first draws never change.
  const expert = expertProfile(root.fork('expert:0'), demoExpertFields);
  return {
    officeId: seededId('organisation', root.fork('id:office')),
    companyId: seededId('organisation', root.fork('id:company:0')),
    expertId: seededId('expert', root.fork('id:expert:0')),
    expertName: expert.name,
    universityId: universityIdOf(root, expert.university.code),
  };
}

function universityIdOf(root: Rng, code: string): string {
  return seededId('organisation', root.fork(`id:university:${code}`));
}

export const demoExpertEmail = 'expert@demo.jiedui.cn';

const defaultActors: DemoActors = {
  officer: { userId: 'demo-officer', role: 'officer', name: '德清县人才办' },
  owner: { userId: 'demo-owner', role: 'company_owner', name: '企业负责人' },
  expert: { userId: 'demo-expert', role: 'expert', name: '专家' },
};

// The demo company makes equipment and the demo expert works on moulds and polymers: the pair
// that the demo accounts show on their first screen.
const demoCompanyIndustry = 'equipment';
const demoExpertFields: FieldCode[] = ['mech.mould', 'mat.polymer'];

interface ExpertInfo {
  id: string;
  name: string;
  title: string;
  universityId: string;
  universityName: string;
  fields: readonly FieldCode[];
  capacity: number;
  verified: boolean;
  actor: ActorRef;
  /** Engagements still accepted or active at `until`. */
  activeAtEnd: number;
}

interface CompanyInfo {
  id: string;
  name: string;
  town: string;
  industry: Industry;
  verifiedAtMs: number | null;
  createdAtMs: number;
  actor: ActorRef;
}

class History {
  readonly events: EventDoc[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly entity: EventDoc['entity'],
    private readonly entityId: string,
    private readonly refs: string[],
  ) {}

  add(atMs: number, fields: Omit<EventDoc, '_id' | 'at' | 'entity' | 'entityId' | 'refs'>) {
    this.events.push({
      _id: seededSortableId('event', atMs, this.rng),
      entity: this.entity,
      entityId: this.entityId,
      ...fields,
      at: new Date(atMs),
      ...(this.refs.length > 0 ? { refs: this.refs } : {}),
    });
  }

  /** The fields every versioned document takes from its history. */
  stamp() {
    const first = this.events[0];
    const last = this.events.at(-1);
    if (!first || !last) throw new Error(`${this.entity} ${this.entityId} has no history`);
    return {
      rev: this.events.length,
      createdAt: first.at,
      updatedAt: last.at,
      outbox: this.events,
    };
  }
}

const phoneOf = (rng: Rng) =>
  `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;

export function* generateDemo(options: DemoOptions): Generator<DemoChunk> {
  const root = createRng(options.seed);
  const until = options.until.getTime();
  const start = until - historyDays * dayMs;
  const daysAgo = (days: number) => until - days * dayMs;
  const actors = { ...defaultActors, ...options.actors };
  const counts = demoCounts(options.scale);
  const ids = demoIdentities(options.seed);

  // Organisations: the talent office, the universities, the companies.
  const orgRng = root.fork('organisations');
  const usedCodes = new Set<string>();
  const freshCode = () => {
    let code = creditCode(orgRng);
    while (usedCodes.has(code)) code = creditCode(orgRng);
    usedCodes.add(code);
    return code;
  };
  const organisations: OrganisationDoc[] = [];

  const officeCreated = start - 60 * dayMs;
  const officeHistory = new History(orgRng, 'organisation', ids.officeId, []);
  officeHistory.add(officeCreated, { type: 'created', actor: systemActor });
  organisations.push({
    _id: ids.officeId,
    kind: 'office',
    creditCode: freshCode(),
    name: `${county.zh}人才工作领导小组办公室`,
    nameEn: `${county.en} Talent Office`,
    town: '武康街道',
    verification: 'verified',
    ...officeHistory.stamp(),
  });

  const universityIds = new Map<string, string>();
  for (const university of universities) {
    const id = universityIdOf(root, university.code);
    universityIds.set(university.code, id);
    const history = new History(orgRng, 'organisation', id, []);
    const created = officeCreated + orgRng.int(1, 20) * dayMs;
    history.add(created, { type: 'created', actor: actors.officer });
    history.add(created + dayMs, {
      type: 'verification',
      action: 'approve',
      from: 'pending',
      to: 'verified',
      actor: actors.officer,
    });
    organisations.push({
      _id: id,
      kind: university.kind,
      creditCode: freshCode(),
      name: university.zh,
      nameEn: university.en,
      colleges: university.colleges.map((college) => college.zh),
      verification: 'verified',
      ...history.stamp(),
    });
  }

  const companies: CompanyInfo[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < counts.companies; i++) {
    const rng = root.fork(`company:${i}`);
    const id = i === 0 ? ids.companyId : seededId('organisation', root.fork(`id:company:${i}`));
    const of = i === 0 ? industry(demoCompanyIndustry) : pickIndustry(rng);
    let name = companyName(rng, of);
    while (usedNames.has(name)) name = companyName(rng, of);
    usedNames.add(name);
    const address = companyAddress(rng, of);
    const createdAtMs =
      i === 0 || rng.chance(0.7)
        ? daysAgo(rng.float(historyDays, historyDays + 60))
        : daysAgo(rng.float(20, historyDays));
    const verification =
      i === 0
        ? 'verified'
        : rng.weighted<OrganisationDoc['verification']>([
            ['verified', 90],
            ['pending', 5],
            ['info_requested', 3],
            ['rejected', 2],
          ]);
    const owner = personName(rng);
    const actor: ActorRef =
      i === 0
        ? actors.owner
        : { userId: `demo-owner-${id}`, role: 'company_owner', name: owner.name };
    const history = new History(rng, 'organisation', id, []);
    history.add(createdAtMs, { type: 'created', actor });
    const decidedAtMs = Math.min(until, createdAtMs + rng.float(1, 10) * dayMs);
    if (verification === 'verified') {
      history.add(decidedAtMs, {
        type: 'verification',
        action: 'approve',
        from: 'pending',
        to: 'verified',
        actor: actors.officer,
      });
    } else if (verification !== 'pending') {
      const rejected = verification === 'rejected';
      history.add(decidedAtMs, {
        type: 'verification',
        action: rejected ? 'reject' : 'request_info',
        from: 'pending',
        to: verification,
        note: rejected
          ? '营业执照经营范围与申报行业不符。'
          : '请补充上传营业执照副本和近一年研发投入情况。',
        actor: actors.officer,
      });
    }
    organisations.push({
      _id: id,
      kind: 'company',
      creditCode: freshCode(),
      name,
      town: address.town,
      industry: of.zh,
      verification,
      ...history.stamp(),
    });
    companies.push({
      id,
      name,
      town: address.town,
      industry: of,
      verifiedAtMs: verification === 'verified' ? decidedAtMs : null,
      createdAtMs,
      actor,
    });
  }
  yield { kind: 'organisations', docs: organisations };

  // Experts, in batches: their publications make them the heaviest records.
  const experts: ExpertInfo[] = [];
  const batchSize = 250;
  let batch: ExpertDoc[] = [];
  for (let i = 0; i < counts.experts; i++) {
    const rng = root.fork(`expert:${i}`);
    const id = i === 0 ? ids.expertId : seededId('expert', root.fork(`id:expert:${i}`));
    const profile = expertProfile(rng, i === 0 ? demoExpertFields : undefined);
    const universityId = universityIds.get(profile.university.code) ?? '';
    const senior = ['教授', '研究员'].includes(profile.title.zh);
    const publicationCount = Math.min(
      30,
      Math.max(5, Math.round(logNormal(rng, senior ? 16 : 9, 0.45))),
    );
    const untilYear = new Date(until).getUTCFullYear();
    const years = [untilYear - 11, untilYear - 1] as const;
    const coauthors = () => Array.from({ length: rng.int(1, 4) }, () => personName(rng).name);
    const publications = Array.from({ length: publicationCount }, () => {
      const field = rng.chance(0.6)
        ? (profile.fields[0] ?? 'mech.design')
        : rng.pick(profile.fields);
      const paper = publication(rng, field, undefined, years);
      const authors = [profile.name, ...coauthors()];
      return {
        title: paper.title,
        abstract: paper.abstract,
        year: paper.year,
        venue: paper.venue,
        authors,
      };
    }).sort((a, b) => b.year - a.year);
    const patents = Array.from({ length: rng.int(0, senior ? 8 : 4) }, () => {
      const granted = patent(rng, rng.pick(profile.fields), years);
      return { title: granted.title, number: granted.number, year: granted.year };
    }).sort((a, b) => b.year - a.year);
    const projects = Array.from({ length: rng.int(1, 6) }, () => {
      const project = pastProject(rng, rng.pick(profile.fields), years);
      return {
        title: project.title,
        year: project.year,
        summary: `${project.source}，${project.role}，经费${String(project.amountWan)}万元。`,
      };
    }).sort((a, b) => b.year - a.year);
    const verification =
      i === 0
        ? 'verified'
        : rng.weighted<ExpertDoc['verification']>([
            ['verified', 92],
            ['pending', 5],
            ['info_requested', 3],
          ]);
    const actor: ActorRef =
      i === 0 ? actors.expert : { userId: `demo-expert-${id}`, role: 'expert', name: profile.name };
    const createdAtMs =
      i === 0 || rng.chance(0.75)
        ? daysAgo(rng.float(historyDays, historyDays + 40))
        : daysAgo(rng.float(15, historyDays));
    const history = new History(rng, 'expert', id, [universityId]);
    history.add(createdAtMs, { type: 'created', actor: rng.chance(0.6) ? actors.officer : actor });
    if (verification !== 'pending') {
      const verified = verification === 'verified';
      history.add(Math.min(until, createdAtMs + rng.float(0.5, 7) * dayMs), {
        type: 'verification',
        action: verified ? 'approve' : 'request_info',
        from: 'pending',
        to: verification,
        ...(verified ? {} : { note: '请补充职称证明和近五年代表性成果。' }),
        actor: actors.officer,
      });
    }
    batch.push({
      _id: id,
      organisationId: universityId,
      universityName: profile.university.zh,
      email:
        i === 0
          ? demoExpertEmail
          : `${profile.university.code}.${String(i).padStart(5, '0')}@demo.jiedui.cn`,
      name: profile.name,
      title: profile.title.zh,
      college: profile.college.zh,
      phone: phoneOf(rng),
      fields: [...profile.fields],
      keywords: [...profile.keywords],
      bio: profile.bio,
      publications,
      patents,
      projects,
      capacity: profile.capacity,
      available: i === 0 || rng.chance(0.9),
      verification,
      indexedRev: 0,
      ...history.stamp(),
    });
    experts.push({
      id,
      name: profile.name,
      title: profile.title.zh,
      universityId,
      universityName: profile.university.zh,
      fields: profile.fields,
      capacity: profile.capacity,
      verified: verification === 'verified',
      actor,
      activeAtEnd: 0,
    });
    if (batch.length === batchSize) {
      yield { kind: 'experts', docs: batch };
      batch = [];
    }
  }
  if (batch.length > 0) yield { kind: 'experts', docs: batch };

  // Who can be engaged for what: verified experts by leaf field and by group.
  const byField = new Map<string, ExpertInfo[]>();
  const byGroup = new Map<string, ExpertInfo[]>();
  for (const expert of experts) {
    if (!expert.verified) continue;
    for (const field of expert.fields) {
      byField.set(field, [...(byField.get(field) ?? []), expert]);
      const group = groupOf(field)?.code ?? '';
      const inGroup = byGroup.get(group) ?? [];
      if (!inGroup.includes(expert)) byGroup.set(group, [...inGroup, expert]);
    }
  }
  const verifiedExperts = experts.filter((expert) => expert.verified);
  const candidatesFor = (field: FieldCode) =>
    byField.get(field) ?? byGroup.get(groupOf(field)?.code ?? '') ?? verifiedExperts;

  // Some companies post many problems, most a handful; the demo company is among the busiest.
  const activityRng = root.fork('activity');
  const weights = companies.map((company) =>
    logNormal(activityRng, company.verifiedAtMs === null ? 0.3 : 1, 0.9),
  );
  const others = weights.slice(1).reduce((sum, w) => sum + w, 0);
  weights[0] =
    (others * Math.min(0.2, 24 / counts.problems)) / (1 - Math.min(0.2, 24 / counts.problems));
  const companySums = cumulative(weights);

  const pairingCandidates: {
    expert: ExpertInfo;
    company: CompanyInfo;
    acceptedMs: number;
    solvedMs: number;
  }[] = [];

  const problemBatch = 200;
  let chunk: Extract<DemoChunk, { kind: 'problems' }> = {
    kind: 'problems',
    problems: [],
    engagements: [],
    visits: [],
    outcomes: [],
  };
  for (let i = 0; i < counts.problems; i++) {
    const rng = root.fork(`problem:${i}`);
    const company = companies[pickIndex(rng, companySums)] ?? companies[0];
    if (!company) break;
    generateProblem(rng, root.fork(`id:problem:${i}`), company);
    if (chunk.problems.length === problemBatch) {
      yield chunk;
      chunk = { kind: 'problems', problems: [], engagements: [], visits: [], outcomes: [] };
    }
  }
  if (chunk.problems.length > 0) yield chunk;

  yield { kind: 'programmes', ...programmesAndPairings() };

  function generateProblem(rng: Rng, idRng: Rng, company: CompanyInfo) {
    const id = seededId('problem', idRng);
    const mainField = rng.pick(company.industry.fields);
    const text = problemText(rng, mainField, company.industry);
    const otherFields = company.industry.fields.filter((field) => field !== mainField);
    const fields: FieldCode[] =
      rng.chance(0.3) && otherFields.length > 0 ? [mainField, rng.pick(otherFields)] : [mainField];
    const target = text.description.split('。').find((s) => s.startsWith('希望将'));
    const summary = `${target ?? text.title}。`;
    const history = new History(idRng, 'problem', id, [company.id]);

    // Problems arrive faster as the programme becomes known: density grows over the two years.
    let createdMs = daysAgo(historyDays * (1 - Math.pow(rng.next(), 0.8)));
    const earliest = (company.verifiedAtMs ?? company.createdAtMs) + dayMs;
    if (createdMs < earliest) createdMs = earliest + rng.float(0, 30) * dayMs;
    if (createdMs > until) createdMs = until - rng.float(0, 2) * dayMs;
    history.add(createdMs, { type: 'created', to: 'draft', actor: company.actor });

    const confidentiality = rng.weighted<ProblemDoc['confidentiality']>([
      ['public', 35],
      ['summary', 50],
      ['private', 15],
    ]);
    const doc: ProblemDoc = {
      _id: id,
      companyId: company.id,
      companyName: company.name,
      town: company.town,
      industry: company.industry.zh,
      title: text.title,
      summary,
      description: text.description,
      desiredOutcome: text.desiredOutcome,
      fields,
      keywords: [...new Set(text.keywords)],
      budget: {
        min: { amountFen: text.budgetWan.min * 1_000_000, currency: 'CNY' },
        max: { amountFen: text.budgetWan.max * 1_000_000, currency: 'CNY' },
      },
      confidentiality,
      status: 'draft',
      indexedRev: 0,
      rev: 1,
      createdAt: new Date(createdMs),
      updatedAt: new Date(createdMs),
    };
    const finish = () => {
      chunk.problems.push({ ...doc, ...history.stamp() });
    };
    const move = (
      atMs: number,
      action: string,
      to: ProblemDoc['status'],
      actor: ActorRef,
      extra: Pick<EventDoc, 'note' | 'reasonCode'> = {},
    ) => {
      history.add(atMs, { type: 'transition', action, from: doc.status, to, actor, ...extra });
      doc.status = to;
    };

    // A draft stays a draft when the company is not verified, or (rarely) when it was just written.
    const recent = until - createdMs < 45 * dayMs;
    if (company.verifiedAtMs === null || rng.chance(recent ? 0.2 : 0.01)) {
      finish();
      return;
    }
    const publishMs = createdMs + rng.float(0.05, 3) * dayMs;
    if (publishMs > until) {
      finish();
      return;
    }
    move(publishMs, 'publish', 'open', company.actor);
    doc.openedAt = new Date(publishMs);
    doc.deadline = new Date(publishMs + rng.int(90, 365) * dayMs);

    if (rng.chance(0.03)) {
      const withdrawMs = publishMs + rng.float(3, 40) * dayMs;
      if (withdrawMs <= until) {
        move(withdrawMs, 'withdraw', 'withdrawn', company.actor, { note: '企业内部已自行解决。' });
        doc.closedAt = new Date(withdrawMs);
      }
      finish();
      return;
    }

    const daysToEngage = Math.min(120, Math.max(0.5, logNormal(rng, 7, 0.9)));
    const acceptMs = publishMs + daysToEngage * dayMs;
    const engagedExperts = new Set<string>();
    const candidates = candidatesFor(mainField);
    const draw = (needsCapacity: boolean) => {
      for (let attempt = 0; attempt < 30; attempt++) {
        const expert = rng.pick(candidates);
        if (engagedExperts.has(expert.id)) continue;
        if (needsCapacity && expert.activeAtEnd >= expert.capacity) continue;
        return expert;
      }
      return undefined;
    };

    // Experts who were asked first and said no.
    const declines = rng.weighted<number>([
      [0, 45],
      [1, 30],
      [2, 17],
      [3, 8],
    ]);
    for (let k = 0; k < declines; k++) {
      const expert = draw(false);
      if (!expert) break;
      engagedExperts.add(expert.id);
      const createdAt = publishMs + daysToEngage * rng.float(0.05, 0.6) * dayMs;
      if (createdAt > until) continue;
      const engagement = newEngagement(rng, doc, company, expert, createdAt);
      const reason = rng.weighted<string>([
        ['outside_expertise', 35],
        ['no_capacity', 30],
        ['timing', 20],
        ['budget', 8],
        ['conflict_of_interest', 2],
        ['other', 5],
      ]);
      const declineMs = createdAt + rng.float(0.3, 5) * dayMs;
      if (declineMs <= until) {
        engagement.move(declineMs, 'decline', 'declined', engagement.answerer, {
          reasonCode: reason,
          note: declineNote(reason),
        });
        engagement.doc.reasonCode = reason;
        engagement.doc.endedAt = new Date(declineMs);
      }
      engagement.finish();
    }

    // Some problems never find anyone: they stay open, or the company closes them.
    const unmatched = rng.chance(0.08);
    const fate = rng.weighted<'solved' | 'abandoned' | 'stuck'>([
      ['solved', 80],
      ['abandoned', 8],
      ['stuck', 12],
    ]);
    const expert = unmatched || acceptMs > until ? undefined : draw(true);
    if (!expert) {
      if (unmatched) {
        const closeMs = publishMs + logNormal(rng, 100, 0.35) * dayMs;
        if (closeMs <= until && rng.chance(0.6)) {
          move(closeMs, 'close', 'closed', company.actor, {
            reasonCode: 'no_suitable_expert',
            note: '长时间未找到合适的专家。',
          });
          doc.closeReason = 'no_suitable_expert';
          doc.closedAt = new Date(closeMs);
        }
      }
      finish();
      return;
    }
    engagedExperts.add(expert.id);
    const createdAt = Math.max(publishMs + 0.02 * dayMs, acceptMs - rng.float(0.3, 3) * dayMs);
    const engagement = newEngagement(rng, doc, company, expert, createdAt);
    engagement.move(acceptMs, 'accept', 'accepted', engagement.answerer);
    engagement.doc.acceptedAt = new Date(acceptMs);
    doc.firstEngagedAt = new Date(acceptMs);

    const activateMs = acceptMs + rng.float(1, 10) * dayMs;
    const workDays =
      fate === 'stuck'
        ? logNormal(rng, 300, 0.4)
        : Math.min(400, Math.max(7, logNormal(rng, 40, 0.75)));
    const endMs = activateMs + workDays * dayMs;
    const stillOpenAtEnd = activateMs > until || endMs > until;
    if (stillOpenAtEnd) expert.activeAtEnd++;

    if (activateMs <= until) {
      engagement.move(
        activateMs,
        'activate',
        'active',
        rng.chance(0.5) ? expert.actor : company.actor,
      );
      engagement.doc.activatedAt = new Date(activateMs);
      move(activateMs + 60_000, 'start', 'in_progress', systemActor, {
        note: `engagement ${engagement.doc._id} became active`,
      });
      addVisits(rng, engagement, doc, company, expert, activateMs, Math.min(endMs, until));
    }

    if (endMs <= until && fate !== 'abandoned') {
      engagement.move(endMs, 'solve', 'solved', company.actor);
      engagement.doc.endedAt = new Date(endMs);
      move(endMs + 60_000, 'solve', 'solved', company.actor);
      doc.solvedAt = new Date(endMs + 60_000);
      pairingCandidates.push({ expert, company, acceptedMs: acceptMs, solvedMs: endMs });
      const confirmMs = endMs + rng.float(0.1, 10) * dayMs;
      if (confirmMs <= until)
        chunk.outcomes.push(newOutcome(rng, idRng, doc, mainField, company, expert, confirmMs));
    } else if (endMs <= until) {
      const reason = rng.weighted<string>([
        ['technically_infeasible', 35],
        ['company_withdrew', 25],
        ['budget', 20],
        ['expert_unavailable', 15],
        ['other', 5],
      ]);
      engagement.move(
        endMs,
        'abandon',
        'abandoned',
        rng.chance(0.5) ? expert.actor : company.actor,
        {
          reasonCode: reason,
        },
      );
      engagement.doc.reasonCode = reason;
      engagement.doc.endedAt = new Date(endMs);
      const closeMs = endMs + rng.float(1, 20) * dayMs;
      if (closeMs <= until) {
        const closeReason = rng.weighted<string>([
          ['no_longer_needed', 35],
          ['budget', 30],
          ['solved_elsewhere', 25],
          ['other', 10],
        ]);
        move(closeMs, 'close', 'closed', company.actor, { reasonCode: closeReason });
        doc.closeReason = closeReason;
        doc.closedAt = new Date(closeMs);
      }
    }
    engagement.finish();
    finish();
  }

  function newEngagement(
    rng: Rng,
    problem: ProblemDoc,
    company: CompanyInfo,
    expert: ExpertInfo,
    createdMs: number,
  ) {
    const id = seededId('engagement', rng);
    const origin = rng.chance(0.65) ? 'invited' : 'interested';
    const history = new History(rng, 'engagement', id, [problem._id, expert.id, company.id]);
    const inviter = rng.chance(0.3) ? actors.officer : company.actor;
    history.add(createdMs, {
      type: 'created',
      to: origin,
      actor: origin === 'invited' ? inviter : expert.actor,
    });
    const doc: EngagementDoc = {
      _id: id,
      problemId: problem._id,
      problemTitle: problem.title,
      expertId: expert.id,
      expertName: expert.name,
      companyId: company.id,
      universityId: expert.universityId,
      origin,
      status: origin,
      rev: 1,
      createdAt: new Date(createdMs),
      updatedAt: new Date(createdMs),
    };
    return {
      doc,
      history,
      /** Who answers: the expert an invitation, the company an expression of interest. */
      answerer: origin === 'invited' ? expert.actor : company.actor,
      move(
        atMs: number,
        action: string,
        to: EngagementDoc['status'],
        actor: ActorRef,
        extra: Pick<EventDoc, 'note' | 'reasonCode'> = {},
      ) {
        history.add(atMs, { type: 'transition', action, from: doc.status, to, actor, ...extra });
        doc.status = to;
      },
      finish() {
        chunk.engagements.push({ ...doc, ...history.stamp() });
      },
    };
  }

  function addVisits(
    rng: Rng,
    engagement: ReturnType<typeof newEngagement>,
    problem: ProblemDoc,
    company: CompanyInfo,
    expert: ExpertInfo,
    fromMs: number,
    toMs: number,
  ) {
    const span = (toMs - fromMs) / dayMs;
    const count = Math.min(8, 1 + Math.floor(span / rng.float(14, 30)));
    for (let n = 1; n <= count; n++) {
      const dateMs = fromMs + ((span * (n - 0.5)) / count) * dayMs;
      const createdMs = Math.min(toMs, dateMs + rng.float(0, 1.5) * dayMs);
      const kind = rng.chance(0.6) ? 'visit' : 'progress';
      const note = visitNote(rng, kind, problem, n);
      chunk.visits.push({
        _id: seededSortableId('visit', createdMs, rng),
        engagementId: engagement.doc._id,
        problemId: problem._id,
        kind,
        date: new Date(dateMs),
        ...(kind === 'visit' ? { place: company.name } : {}),
        participants: [expert.name],
        note,
        createdBy: { userId: expert.actor.userId, name: expert.actor.name },
        createdAt: new Date(createdMs),
      });
      engagement.history.add(createdMs, {
        type: 'note',
        action: kind,
        note: note.slice(0, 200),
        actor: expert.actor,
      });
      engagement.doc.lastVisitAt = new Date(dateMs);
    }
  }

  function newOutcome(
    rng: Rng,
    idRng: Rng,
    problem: ProblemDoc,
    field: FieldCode,
    company: CompanyInfo,
    expert: ExpertInfo,
    confirmMs: number,
  ): OutcomeDoc {
    const id = seededId('outcome', idRng);
    const history = new History(rng, 'outcome', id, [problem._id, company.id]);
    history.add(confirmMs, { type: 'created', actor: company.actor });
    const budget = problem.budget;
    const contractFen = budget
      ? Math.round(rng.float(budget.min.amountFen, budget.max.amountFen) / 100_000) * 100_000
      : rng.int(5, 30) * 1_000_000;
    const benefitFen = Math.round(logNormal(rng, 60, 1) * 10) * 100_000;
    const followUps: OutcomeDoc['followUps'] = [];
    const followUpMs = confirmMs + rng.float(90, 270) * dayMs;
    if (rng.chance(0.35) && followUpMs <= until) {
      const note = followUpNote(rng);
      followUps.push({
        date: new Date(followUpMs),
        note,
        economicBenefit: { amountFen: Math.round(benefitFen * rng.float(1, 1.8)), currency: 'CNY' },
        by: { userId: actors.officer.userId, name: actors.officer.name },
      });
      history.add(followUpMs, { type: 'note', action: 'follow_up', note, actor: actors.officer });
    }
    const outcomePatent = rng.chance(0.2) ? patent(rng, field) : undefined;
    return {
      _id: id,
      problemId: problem._id,
      companyId: company.id,
      summary: outcomeSummary(
        rng,
        problem,
        `${expert.universityName}${expert.name}${expert.title}`,
      ),
      economicBenefit: { amountFen: benefitFen, currency: 'CNY' },
      contractAmount: { amountFen: contractFen, currency: 'CNY' },
      patents: outcomePatent ? [{ title: outcomePatent.title, number: outcomePatent.number }] : [],
      rating: rng.weighted<number>([
        [5, 45],
        [4, 38],
        [3, 12],
        [2, 4],
        [1, 1],
      ]),
      confirmedBy: { userId: company.actor.userId, name: company.actor.name },
      confirmedAt: new Date(confirmMs),
      followUps,
      ...history.stamp(),
    };
  }

  function programmesAndPairings() {
    const rng = root.fork('programmes');
    const untilYear = new Date(until + 8 * 3_600_000).getUTCFullYear();
    const programmes: ProgrammeDoc[] = [];
    const pairings: PairingDoc[] = [];
    for (const year of [untilYear - 1, untilYear]) {
      const startMs = Date.UTC(year, 0, 5) - 8 * 3_600_000;
      if (startMs > until) continue;
      const id = seededId('programme', root.fork(`id:programme:${String(year)}`));
      const history = new History(rng, 'programme', id, []);
      history.add(startMs - 20 * dayMs, { type: 'created', actor: actors.officer });
      programmes.push({
        _id: id,
        name: `${String(year)} 年度校地结对计划`,
        year,
        description: `${county.zh}与${universities.map((u) => u.zh).join('、')}的年度结对计划：每位结对专家对口服务一到三家企业，全年至少走访四次。`,
        startsOn: new Date(startMs),
        endsOn: new Date(Date.UTC(year, 11, 31) - 8 * 3_600_000),
        ...history.stamp(),
      });
      const seen = new Set<string>();
      for (const candidate of pairingCandidates) {
        const acceptedYear = new Date(candidate.acceptedMs + 8 * 3_600_000).getUTCFullYear();
        if (acceptedYear !== year || !rng.chance(0.4)) continue;
        const key = `${candidate.expert.id}/${candidate.company.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const pairingId = seededId('pairing', rng);
        const pairingHistory = new History(rng, 'pairing', pairingId, [
          id,
          candidate.expert.id,
          candidate.company.id,
        ]);
        const proposedMs = Math.max(startMs, candidate.acceptedMs - rng.float(1, 20) * dayMs);
        pairingHistory.add(proposedMs, { type: 'created', to: 'proposed', actor: actors.officer });
        let status: PairingDoc['status'] = 'proposed';
        const activeMs = proposedMs + rng.float(1, 7) * dayMs;
        if (activeMs <= until) {
          pairingHistory.add(activeMs, {
            type: 'transition',
            action: 'activate',
            from: 'proposed',
            to: 'active',
            actor: actors.officer,
          });
          status = 'active';
        }
        const concludeMs = Date.UTC(year, 11, 31) - 8 * 3_600_000;
        if (status === 'active' && concludeMs <= until) {
          pairingHistory.add(concludeMs, {
            type: 'transition',
            action: 'conclude',
            from: 'active',
            to: 'concluded',
            actor: actors.officer,
          });
          status = 'concluded';
        }
        pairings.push({
          _id: pairingId,
          programmeId: id,
          expertId: candidate.expert.id,
          expertName: candidate.expert.name,
          companyId: candidate.company.id,
          companyName: candidate.company.name,
          status,
          ...pairingHistory.stamp(),
        });
      }
    }
    return { programmes, pairings };
  }
}
