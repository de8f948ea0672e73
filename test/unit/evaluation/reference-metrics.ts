// Straightforward reference implementations of the evaluation metrics. They
// follow each textbook definition literally, in O(n^2) or by enumerating
// every tie order, so the tests check the fast code against independent
// arithmetic rather than against itself.

/** Returns a seeded uniform generator on [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Lists every order of the customer indices from the highest prediction to
 * the lowest, with each group of tied predictions in all of its orders.
 */
export function orderingsByPrediction(
  predicted: readonly number[],
): number[][] {
  const distinct = [...new Set(predicted)].sort((a, b) => b - a);
  let orderings: number[][] = [[]];
  for (const value of distinct) {
    const group = predicted.flatMap((p, i) => (p === value ? [i] : []));
    orderings = orderings.flatMap((prefix) =>
      permutations(group).map((tail) => [...prefix, ...tail]),
    );
  }
  return orderings;
}

function permutations(items: readonly number[]): number[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
}

/**
 * Computes the Gini of one ordering: the mean cumulative share of actual spend, taking
 * customers in `ordering`, minus the mean share of a random ordering.
 */
export function giniOfOrdering(
  actual: readonly number[],
  ordering: readonly number[],
): number {
  const n = ordering.length;
  const total = actual.reduce((sum, a) => sum + a, 0);
  let cumulative = 0;
  let shareSum = 0;
  for (const index of ordering) {
    cumulative += actual[index] as number;
    shareSum += cumulative / total;
  }
  return shareSum / n - (n + 1) / (2 * n);
}

/**
 * Computes the mean Gini over every tie order, divided by the Gini of the
 * best order.
 */
export function referenceNormalizedGini(
  predicted: readonly number[],
  actual: readonly number[],
): number {
  const orderings = orderingsByPrediction(predicted);
  const meanGini =
    orderings.reduce((sum, o) => sum + giniOfOrdering(actual, o), 0) /
    orderings.length;
  const best = actual
    .map((value, index) => ({ value, index }))
    .sort((x, y) => y.value - x.value)
    .map(({ index }) => index);
  return meanGini / giniOfOrdering(actual, best);
}

/**
 * Computes average ranks by counting: the number of smaller values plus
 * (number of equal values + 1) / 2.
 */
export function referenceRanks(values: readonly number[]): number[] {
  return values.map((v) => {
    const smaller = values.filter((w) => w < v).length;
    const equal = values.filter((w) => w === v).length;
    return smaller + (equal + 1) / 2;
  });
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const mean = (v: readonly number[]) =>
    v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    const yi = y[i] as number;
    sxy += (xi - mx) * (yi - my);
    sxx += (xi - mx) ** 2;
    syy += (yi - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

export function referenceSpearman(
  predicted: readonly number[],
  actual: readonly number[],
): number {
  return pearson(referenceRanks(predicted), referenceRanks(actual));
}

/**
 * Computes the share of (positive, negative) pairs in which the positive
 * scores higher. A tied pair counts one half.
 */
export function referenceAuc(
  scores: readonly number[],
  outcomes: readonly number[],
): number {
  let credit = 0;
  let pairs = 0;
  scores.forEach((positive, i) => {
    if (outcomes[i] !== 1) return;
    scores.forEach((negative, j) => {
      if (outcomes[j] !== 0) return;
      pairs++;
      if (positive > negative) credit += 1;
      else if (positive === negative) credit += 0.5;
    });
  });
  return credit / pairs;
}

/**
 * Computes decile bin means by brute force. Each tie order, lowest prediction
 * first, repeats every customer ten times and is cut into ten slices of n
 * entries, which splits boundary customers by tenths. The result is the mean
 * of the slice means over all tie orders.
 */
export function referenceDecileMeans(
  predicted: readonly number[],
  actual: readonly number[],
): { meanPredicted: number; meanActual: number }[] {
  const n = predicted.length;
  const orderings = orderingsByPrediction(predicted).map((o) => o.reverse());
  const bins = Array.from({ length: 10 }, () => ({
    meanPredicted: 0,
    meanActual: 0,
  }));
  const weight = 1 / n / orderings.length;
  for (const ordering of orderings) {
    const repeated = ordering.flatMap((i) => Array<number>(10).fill(i));
    bins.forEach((bin, b) => {
      for (const i of repeated.slice(b * n, (b + 1) * n)) {
        bin.meanPredicted += (predicted[i] as number) * weight;
        bin.meanActual += (actual[i] as number) * weight;
      }
    });
  }
  return bins;
}
