/** Edit distance, for "did you mean" suggestions on short names. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidates within a small edit distance of `value` (ignoring case), closest first. */
export function closest(value: string, candidates: readonly string[], maxDistance = 2): string[] {
  const key = value.toLowerCase();
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate.toLowerCase()) }))
    .filter((c) => c.distance <= Math.max(1, Math.min(maxDistance, Math.floor(value.length / 3))))
    .sort((a, b) => a.distance - b.distance)
    .map((c) => c.candidate);
}
