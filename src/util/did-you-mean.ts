/**
 * "Did you mean …?" for names a user types: commands, options, styles, rule
 * ids. A candidate is offered only when it is close enough to be a typo of
 * what was typed, so an unrelated word gets no misleading suggestion.
 */
/**
 * Edits between two short names, a swap of two neighbouring letters counting
 * as one (`stlye` → `style`), as typists make them: the optimal string
 * alignment distance.
 */
export function typoDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate nearest to `input` (case and `-`/`_` ignored), if it is within
 * a third of the longer word's length, at least one edit; ties go to the
 * earlier candidate.
 */
export function closestName(input: string, candidates: Iterable<string>): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/_/g, '-');
  const typed = fold(input);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const folded = fold(candidate);
    const budget = Math.max(1, Math.floor(Math.max(folded.length, typed.length) / 3));
    if (Math.abs(folded.length - typed.length) > budget) continue;
    const d = typoDistance(typed, folded);
    if (d <= budget && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean \`x\`?` for the nearest candidate, or '' when none is near. `show` formats it (e.g. `--x`). */
export function didYouMean(input: string, candidates: Iterable<string>, show: (name: string) => string = (n) => n): string {
  const near = closestName(input, candidates);
  return near === undefined ? '' : `; did you mean \`${show(near)}\`?`;
}
