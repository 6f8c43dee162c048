import { createKafka, createLogger } from '@spotify-pipeline/runtime';

/** A one-partition topic the probe creates once; its leader shows the broker can serve partitions. */
export const PROBE_TOPIC = '__stack_probe';

export interface KafkaProbeResult {
  readonly ready: boolean;
  /** Why not ready (the broker's or the client's words), or the leader it found. */
  readonly detail: string;
}

/**
 * Readiness as clients see it, not an open port: a broker that still waits out its previous session
 * after a crash accepts connections but has no partition leaders for a while. Creates the probe
 * topic when missing and asks its metadata for a leader. Never throws; a failure is "not ready".
 */
export async function probeKafka(
  brokers: readonly string[],
  { requestTimeoutMs = 5_000 } = {},
): Promise<KafkaProbeResult> {
  const kafka = createKafka({
    brokers,
    clientId: 'spotify-pipeline-stack-probe',
    logger: createLogger('stack-probe', 'silent'),
    // One attempt per probe: the caller polls with its own deadline.
    overrides: { connectionTimeout: 1_000, requestTimeout: requestTimeoutMs, retry: { retries: 0 } },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    if (!(await admin.listTopics()).includes(PROBE_TOPIC)) {
      await admin
        .createTopics({
          topics: [{ topic: PROBE_TOPIC, numPartitions: 1, replicationFactor: 1 }],
          waitForLeaders: false,
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
        });
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [PROBE_TOPIC] });
    const leader = metadata.topics[0]?.partitions[0]?.leader ?? -1;
    return leader >= 0
      ? { ready: true, detail: `partition leader is broker ${leader}` }
      : { ready: false, detail: `${PROBE_TOPIC} has no partition leader yet` };
  } catch (error) {
    return { ready: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
