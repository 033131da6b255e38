import type { Repositories } from '../../src/features/repositories.js';
import type { EmbeddedEngine } from '../../src/search/embedded.js';

/**
 * Waits until the embedded engine holds these experts at their stored rev and has computed every
 * document's matcher terms: the running indexer pushes announced writes in the background, and a
 * busy machine can leave a push in flight when a test asks for matches.
 */
export async function settled(
  engine: EmbeddedEngine,
  repos: Repositories,
  expertIds: readonly string[],
  timeoutMs = 15_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const revs = await Promise.all(
      expertIds.map(async (id) => {
        const [stored, indexed] = await Promise.all([
          repos.experts.get(id),
          engine.textScorer.indexed(id),
        ]);
        return stored !== null && indexed?.rev === stored.rev;
      }),
    );
    if (revs.every(Boolean) && (await engine.pendingTerms()) === 0) return;
    if (Date.now() > until) throw new Error('the search index did not catch up with the store');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
