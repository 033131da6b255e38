// The pairwise ordering loss of DESIGN.md "Matching". For one expert and every pair of problems
// it was judged on with different grades, a pair the scores order wrongly costs the grade gap and
// a tie costs half of it; the total is divided by the sum of gaps. 0 is perfect, 0.5 a coin.
// Easy pairs have grades at least 3 apart (a clear fit against a clear misfit); hard pairs are 1
// apart. Accuracy counts a tie as half right.

export interface Judged {
  grade: number;
  score: number;
}

export interface PairStats {
  pairs: number;
  accuracy: number;
}

export interface LossReport {
  loss: number;
  pairs: number;
  easy: PairStats;
  hard: PairStats;
}

export function pairwiseLoss(byExpert: readonly (readonly Judged[])[]): LossReport {
  let cost = 0;
  let gaps = 0;
  let pairs = 0;
  const tally = { easy: { n: 0, right: 0 }, hard: { n: 0, right: 0 } };
  for (const judged of byExpert) {
    for (let i = 0; i < judged.length; i++) {
      for (let j = i + 1; j < judged.length; j++) {
        const a = judged[i];
        const b = judged[j];
        if (!a || !b || a.grade === b.grade) continue;
        const [better, worse] = a.grade > b.grade ? [a, b] : [b, a];
        const gap = better.grade - worse.grade;
        const right = better.score > worse.score ? 1 : better.score === worse.score ? 0.5 : 0;
        cost += (1 - right) * gap;
        gaps += gap;
        pairs++;
        const kind = gap >= 3 ? tally.easy : gap === 1 ? tally.hard : undefined;
        if (kind) {
          kind.n++;
          kind.right += right;
        }
      }
    }
  }
  const stats = (t: { n: number; right: number }): PairStats => ({
    pairs: t.n,
    accuracy: t.n === 0 ? Number.NaN : t.right / t.n,
  });
  return {
    loss: gaps === 0 ? Number.NaN : cost / gaps,
    pairs,
    easy: stats(tally.easy),
    hard: stats(tally.hard),
  };
}
