// Long texts are embedded in chunks of whole sentences: a problem's description or a long
// abstract is cut where a sentence ends (Chinese and Latin punctuation, line breaks), and
// sentences are packed greedily until the next one would pass the token budget. A single
// sentence longer than the budget becomes its own chunk and is truncated by the model's limit.

const sentenceEnd = /(?<=[。！？；!?;])|(?<=[.](?=\s))|\n+/u;

export function sentences(text: string): string[] {
  return text
    .split(sentenceEnd)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Packs sentences into chunks of at most `budget` tokens as `count` measures them. */
export function chunkText(text: string, budget: number, count: (s: string) => number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let used = 0;
  for (const sentence of sentences(text)) {
    const size = count(sentence);
    if (current.length > 0 && used + size > budget) {
      chunks.push(current.join(' '));
      current = [];
      used = 0;
    }
    current.push(sentence);
    used += size;
  }
  if (current.length > 0) chunks.push(current.join(' '));
  return chunks;
}
