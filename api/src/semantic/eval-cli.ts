// The semantic evaluation: lexical only, semantic only and fused, side by side, on judgement files
// in the format of the matching harness (README "Evaluation"):
//
//   pnpm --filter @jiedui/api exec tsx src/semantic/eval-cli.ts ../eval/example.jsonl ../eval/bilingual.jsonl
//     [--models bge-small-zh-v1.5-q,bge-small-en-v1.5-q] [--model-dir ../.cache/models]
//
// It scores every judged pair offline, from the file's texts: the lexical score is the matcher's
// own (src/matching: the same terms, TF-IDF vectors, best publication, profile, field overlap and
// weights of score.ts), with IDF over the file's texts and without the search engine's
// retrieval feature, which needs a running engine (src/matching/eval-cli.ts measures it through
// the API). The semantic score is the best cosine between any chunk of the problem and the
// expert's profile or any of its publications. Fused is the lexical score plus w × semantic.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { pairwiseLoss, type Judged, type LossReport } from '../matching/loss.js';
import { featureNames, fieldOverlap, scoreOf, type MatchFeatures } from '../matching/score.js';
import { textTerms } from '../matching/text.js';
import { cosine, tfidf, type Vector } from '../matching/vectors.js';
import { fieldLabels } from '../search/documents.js';
import { createEmbedder } from './embedder.js';
import { fusedScore, semanticWeight } from './fusion.js';
import { defaultModelName, findModel } from './models.js';
import { bestMatch } from './vector-index.js';
import { expertProfileText, problemText, publicationText } from './texts.js';

const Expert = z.object({
  type: z.literal('expert'),
  key: z.string(),
  fields: z.array(z.string()),
  keywords: z.array(z.string()).default([]),
  bio: z.string().default(''),
  publications: z
    .array(z.object({ title: z.string(), abstract: z.string().optional(), year: z.number() }))
    .default([]),
});
const Problem = z.object({
  type: z.literal('problem'),
  key: z.string(),
  title: z.string(),
  summary: z.string().default(''),
  description: z.string(),
  fields: z.array(z.string()),
  keywords: z.array(z.string()).default([]),
});
const Judgement = z.object({
  type: z.literal('judgement'),
  expert: z.string(),
  problem: z.string(),
  grade: z.number(),
});
const Line = z.discriminatedUnion('type', [Expert, Problem, Judgement]);
type ExpertLine = z.infer<typeof Expert>;
type ProblemLine = z.infer<typeof Problem>;

interface Pair {
  expert: string;
  problem: string;
  grade: number;
  features: MatchFeatures;
  /** The same features from the texts alone: no field overlap, no field names in the texts. */
  textFeatures: MatchFeatures;
  /** Semantic score per model. */
  semantic: Record<string, number>;
}

function load(file: string) {
  const experts = new Map<string, ExpertLine>();
  const problems = new Map<string, ProblemLine>();
  const judgements: z.infer<typeof Judgement>[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text.trim()) continue;
    const line = Line.parse(JSON.parse(text));
    if (line.type === 'expert') experts.set(line.key, line);
    else if (line.type === 'problem') problems.set(line.key, line);
    else judgements.push(line);
  }
  return { experts, problems, judgements };
}

const asExpert = (e: ExpertLine) => ({
  fields: e.fields,
  keywords: e.keywords,
  bio: e.bio,
  publications: e.publications,
  patents: [],
  projects: [],
});

// Every feature at 0, so that a feature added to score.ts (the semantic one) stays 0 here.
const zeroFeatures = Object.fromEntries(
  featureNames.map((n) => [n, 0]),
) as unknown as MatchFeatures;

function lexicalFeatures(data: ReturnType<typeof load>, withFields: boolean) {
  const labels = (codes: readonly string[]) => (withFields ? fieldLabels(codes) : []);
  // IDF over the file, as the corpus module computes it over the store.
  const df = new Map<string, number>();
  const texts = [
    ...[...data.experts.values()].map((e) =>
      [expertProfileText(asExpert(e)), ...e.publications.map(publicationText)].join('\n'),
    ),
    ...[...data.problems.values()].map((p) => problemText(p)),
  ];
  for (const text of texts)
    for (const term of new Set(textTerms(text))) df.set(term, (df.get(term) ?? 0) + 1);
  const n = texts.length;
  const idf = (term: string) => Math.log((n + 1) / ((df.get(term) ?? 0) + 1)) + 1;
  const problemVectors = new Map<string, Vector>();
  for (const [key, p] of data.problems)
    problemVectors.set(
      key,
      tfidf(textTerms(problemText({ ...p, fieldLabels: labels(p.fields) })), idf),
    );
  const expertVectors = new Map<string, { pubs: Vector[]; profile: Vector }>();
  for (const [key, e] of data.experts) {
    expertVectors.set(key, {
      pubs: e.publications.map((p) => tfidf(textTerms(publicationText(p)), idf)),
      profile: tfidf(
        textTerms(expertProfileText({ ...asExpert(e), fieldLabels: labels(e.fields) })),
        idf,
      ),
    });
  }
  return (expertKey: string, problemKey: string): MatchFeatures => {
    const e = data.experts.get(expertKey);
    const p = data.problems.get(problemKey);
    const pv = problemVectors.get(problemKey);
    const ev = expertVectors.get(expertKey);
    if (!e || !p || !pv || !ev) throw new Error(`unknown pair ${expertKey} ${problemKey}`);
    return {
      ...zeroFeatures,
      publication: Math.max(0, ...ev.pubs.map((v) => cosine(pv, v))),
      profile: cosine(pv, ev.profile),
      fields: withFields ? fieldOverlap(p.fields, e.fields).score : 0,
      retrieval: 0,
      outcomes: 0,
      capacity: 1,
      locality: 0,
      declines: 0,
    };
  };
}

async function semanticScores(
  data: ReturnType<typeof load>,
  modelName: string,
  modelDir: string,
  variant: { query: boolean },
) {
  const found = findModel(modelDir, modelName);
  if (!found.model) throw new Error(found.reason);
  const embedder = createEmbedder(found.model);
  try {
    const problemKeys = [...data.problems.keys()];
    const problemChunks = await embedder.embedChunked(
      [...data.problems.values()].map((p) => problemText(p)),
      variant.query ? 'query' : 'passage',
    );
    const byProblem = new Map(problemKeys.map((k, i) => [k, problemChunks[i] ?? []]));
    const byExpert = new Map<string, Float32Array[]>();
    for (const [key, e] of data.experts) {
      const texts = [expertProfileText(asExpert(e)), ...e.publications.map(publicationText)];
      byExpert.set(key, await embedder.embed(texts, 'passage'));
    }
    return (expertKey: string, problemKey: string) =>
      bestMatch(byProblem.get(problemKey) ?? [], byExpert.get(expertKey) ?? []).score;
  } finally {
    await embedder.close();
  }
}

function format(name: string, report: LossReport): string {
  const pct = (x: number) => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)}%`);
  return `  ${name.padEnd(44)} loss ${report.loss.toFixed(3)}  easy ${pct(report.easy.accuracy)}  hard ${pct(report.hard.accuracy)}`;
}

function lossOf(pairs: readonly Pair[], score: (p: Pair) => number): LossReport {
  const byExpert = new Map<string, Judged[]>();
  for (const p of pairs) {
    const list = byExpert.get(p.expert) ?? [];
    list.push({ grade: p.grade, score: Math.round(score(p) * 1e6) / 1e6 });
    byExpert.set(p.expert, list);
  }
  return pairwiseLoss([...byExpert.values()]);
}

export const fusionSteps = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2];

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const modelDir = resolve(option('--model-dir') ?? '../.cache/models');
  // The chosen model by default; `--models` compares others (fetch them first: tools/model/fetch.mjs).
  const models = (option('--models') ?? defaultModelName).split(',');
  const files = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (files.length === 0) throw new Error('usage: semantic eval <judgements.jsonl>…');

  for (const file of files) {
    const data = load(file);
    const lexical = lexicalFeatures(data, true);
    const textOnly = lexicalFeatures(data, false);
    const pairs: Pair[] = data.judgements.map((j) => ({
      expert: j.expert,
      problem: j.problem,
      grade: j.grade,
      features: lexical(j.expert, j.problem),
      textFeatures: textOnly(j.expert, j.problem),
      semantic: {},
    }));
    const variants: string[] = [];
    for (const model of models) {
      for (const query of [false, true]) {
        const name = `${model}${query ? ' (query instruction)' : ''}`;
        const t = Date.now();
        const score = await semanticScores(data, model, modelDir, { query });
        for (const p of pairs) p.semantic[name] = score(p.expert, p.problem);
        variants.push(name);
        process.stderr.write(`  embedded ${file} with ${name} in ${Date.now() - t} ms\n`);
      }
    }
    if (models.length > 1) {
      const name = `mean of ${models.join(' + ')}`;
      for (const p of pairs)
        p.semantic[name] = models.reduce((s, m) => s + (p.semantic[m] ?? 0), 0) / models.length;
      variants.push(name);
    }

    console.log(
      `\n${file}: ${data.experts.size} experts, ${data.problems.size} problems, ${pairs.length} judgements`,
    );
    const line = (name: string, score: (p: Pair) => number) => {
      console.log(format(name, lossOf(pairs, score)));
    };
    line('lexical (score.ts, no retrieval)', (p) => scoreOf(p.features));
    line('lexical, text only (no field codes or names)', (p) => scoreOf(p.textFeatures));
    line('lexical: best publication alone', (p) => p.features.publication);
    for (const name of variants) line(`semantic only: ${name}`, (p) => p.semantic[name] ?? 0);
    const chosen = models.includes(defaultModelName) ? defaultModelName : undefined;
    if (chosen) {
      line(`fused default: lexical + ${semanticWeight} × ${chosen}`, (p) =>
        fusedScore(scoreOf(p.features), p.semantic[chosen]),
      );
      line(`fused default, text only`, (p) =>
        fusedScore(scoreOf(p.textFeatures), p.semantic[chosen]),
      );
    }
    // Experts who write only in English, against problems in Chinese: the cross-language pairs.
    const english = new Set(
      [...data.experts.values()]
        .filter((e) => !/\p{Script=Han}/u.test(JSON.stringify([e.keywords, e.bio, e.publications])))
        .map((e) => e.key),
    );
    if (chosen && english.size > 0 && english.size < data.experts.size) {
      const cross = pairs.filter((p) => english.has(p.expert));
      const crossLine = (name: string, score: (p: Pair) => number) => {
        console.log(format(name, lossOf(cross, score)));
      };
      console.log(`  English-only experts (${english.size}), ${cross.length} judgements:`);
      crossLine('  lexical', (p) => scoreOf(p.features));
      crossLine('  lexical, text only', (p) => scoreOf(p.textFeatures));
      crossLine(`  semantic only`, (p) => p.semantic[chosen] ?? 0);
      crossLine('  fused default', (p) => fusedScore(scoreOf(p.features), p.semantic[chosen]));
      crossLine('  fused default, text only', (p) =>
        fusedScore(scoreOf(p.textFeatures), p.semantic[chosen]),
      );
    }
    for (const name of variants) {
      const sweep = fusionSteps.map((w) => ({
        w,
        full: lossOf(pairs, (p) => scoreOf(p.features) + w * (p.semantic[name] ?? 0)).loss,
        text: lossOf(pairs, (p) => scoreOf(p.textFeatures) + w * (p.semantic[name] ?? 0)).loss,
      }));
      console.log(`  fused with ${name}: lexical + w × semantic`);
      console.log(`    w            ${sweep.map((s) => String(s.w).padStart(6)).join('')}`);
      console.log(`    loss         ${sweep.map((s) => s.full.toFixed(3).padStart(6)).join('')}`);
      console.log(`    text only    ${sweep.map((s) => s.text.toFixed(3).padStart(6)).join('')}`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `semantic eval: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
