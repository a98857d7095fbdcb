/**
 * Latency histogram in microseconds, fixed memory, mergeable across processes: exact below
 * 128 µs, then 64 sub-buckets per power of two (≤ 1.6 % relative error). The exact maximum
 * is kept beside it.
 */

const LINEAR = 128;
const SUB_BITS = 6;
const SUB = 1 << SUB_BITS;
const FIRST_EXPONENT = 7; // log2(LINEAR)
const MAX_VALUE = 2 ** 31 - 1; // ~35 minutes
export const BUCKETS = LINEAR + (31 - FIRST_EXPONENT) * SUB;

export function bucketOf(valueUs: number): number {
  const v = valueUs <= 0 ? 0 : valueUs >= MAX_VALUE ? MAX_VALUE : Math.floor(valueUs);
  if (v < LINEAR) return v;
  const exponent = 31 - Math.clz32(v);
  const mantissa = (v >>> (exponent - SUB_BITS)) & (SUB - 1);
  return LINEAR + (exponent - FIRST_EXPONENT) * SUB + mantissa;
}

/** The middle of a bucket's range, in µs. */
export function bucketValue(index: number): number {
  if (index < LINEAR) return index;
  const exponent = FIRST_EXPONENT + Math.floor((index - LINEAR) / SUB);
  const mantissa = (index - LINEAR) % SUB;
  const width = 2 ** (exponent - SUB_BITS);
  return (SUB + mantissa) * width + width / 2;
}

export interface HistogramData {
  counts: Uint32Array;
  total: number;
  maxUs: number;
}

export class LatencyHistogram implements HistogramData {
  counts = new Uint32Array(BUCKETS);
  total = 0;
  maxUs = 0;

  record(valueUs: number): void {
    const index = bucketOf(valueUs);
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total++;
    if (valueUs > this.maxUs) this.maxUs = valueUs;
  }

  merge(other: HistogramData): void {
    for (let i = 0; i < BUCKETS; i++) {
      this.counts[i] = (this.counts[i] ?? 0) + (other.counts[i] ?? 0);
    }
    this.total += other.total;
    if (other.maxUs > this.maxUs) this.maxUs = other.maxUs;
  }

  /** The q-quantile (0 < q ≤ 1) in µs; never above the exact maximum. NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(bucketValue(i), this.maxUs);
    }
    return this.maxUs;
  }

  snapshot(): HistogramData {
    return { counts: this.counts.slice(), total: this.total, maxUs: this.maxUs };
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.maxUs = 0;
  }
}
