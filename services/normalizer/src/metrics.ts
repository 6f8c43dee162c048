import { Counter, Histogram, type Registry } from 'prom-client';
import { type BatchCounts, DIMENSION_KINDS } from './plan-batch.ts';
import { REJECTION_REASONS } from './rejection.ts';

/** The phases of a unit of raw plays, timed one after the other. */
export const UNIT_PHASES = ['plan', 'produce', 'commit'] as const;
export type UnitPhase = (typeof UNIT_PHASES)[number];

/** The normalizer's figures, registered on the service's own registry. */
export class NormalizerMetrics {
  readonly #rawConsumed: Counter;
  readonly #factsProduced: Counter;
  readonly #dimensionsProduced: Counter<'kind'>;
  readonly #dimensionsSkipped: Counter<'kind'>;
  readonly #deadLettered: Counter<'reason'>;
  readonly batchDuration: Histogram;
  readonly #phaseSeconds: Counter<'phase'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#rawConsumed = new Counter({
      name: 'normalizer_raw_plays_consumed_total',
      help: 'Raw play messages whose outputs were acknowledged and whose offsets were committed',
      registers,
    });
    this.#factsProduced = new Counter({
      name: 'normalizer_facts_produced_total',
      help: 'Play facts produced and acknowledged',
      registers,
    });
    this.#dimensionsProduced = new Counter({
      name: 'normalizer_dimensions_produced_total',
      help: 'Dimension records produced and acknowledged, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.#dimensionsSkipped = new Counter({
      name: 'normalizer_dimensions_skipped_total',
      help: 'Dimension records not produced because they were emitted unchanged recently, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.#deadLettered = new Counter({
      name: 'normalizer_dead_lettered_total',
      help: 'Raw play messages sent to the dead-letter topic, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.batchDuration = new Histogram({
      name: 'normalizer_batch_duration_seconds',
      help: 'Time to decode, normalize, send and commit one unit of raw plays',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#phaseSeconds = new Counter({
      name: 'normalizer_unit_phase_seconds_total',
      help: 'Seconds spent in each phase of a unit: plan (decode, normalize, encode), produce (send until acknowledged), commit (input offsets)',
      labelNames: ['phase'],
      registers,
    });
    for (const phase of UNIT_PHASES) this.#phaseSeconds.inc({ phase }, 0);
    // Zero series from the start, so a dashboard's rate() sees every label before the first event.
    for (const kind of DIMENSION_KINDS) {
      this.#dimensionsProduced.inc({ kind }, 0);
      this.#dimensionsSkipped.inc({ kind }, 0);
    }
    for (const reason of REJECTION_REASONS) this.#deadLettered.inc({ reason }, 0);
  }

  /** Adds one unit's time per phase (ms). */
  recordPhases(ms: Readonly<Record<UnitPhase, number>>): void {
    for (const phase of UNIT_PHASES) this.#phaseSeconds.inc({ phase }, ms[phase] / 1000);
  }

  /** Counts a unit whose outputs were acknowledged. */
  record(counts: BatchCounts): void {
    this.#rawConsumed.inc(counts.consumed);
    this.#factsProduced.inc(counts.facts);
    for (const kind of DIMENSION_KINDS) {
      this.#dimensionsProduced.inc({ kind }, counts.dimensions[kind]);
      this.#dimensionsSkipped.inc({ kind }, counts.skipped[kind]);
    }
    for (const [reason, n] of Object.entries(counts.deadLettered)) this.#deadLettered.inc({ reason }, n);
  }
}
