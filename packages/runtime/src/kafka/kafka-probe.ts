import type { Admin, Kafka } from 'kafkajs';

/** A readiness check of Kafka by a real round trip, with what it takes to release it. */
export interface KafkaProbe {
  /** Resolves true when a broker answered a metadata request just now; rejects with why not. */
  check(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Kafka readiness from a real round trip: a metadata request to any broker of the cluster, on an
 * admin client of its own that does not retry (the ops server's timeout bounds the wait). A
 * producer's or consumer's `connected` flag stays true long after its broker died; this does not.
 * One request at a time: concurrent checks share the one in flight.
 */
export function createKafkaProbe(kafka: Kafka): KafkaProbe {
  let admin: Admin | undefined;
  let connected: Promise<void> | undefined;
  let inFlight: Promise<boolean> | undefined;
  let closed = false;
  const roundTrip = async (): Promise<boolean> => {
    admin ??= kafka.admin({ retry: { retries: 0 } });
    const client = admin;
    connected ??= client.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    try {
      await connected;
      const { brokers } = await client.describeCluster();
      if (brokers.length === 0) throw new Error('the cluster lists no broker');
      return true;
    } catch (error) {
      // Start afresh next time: a client whose broker died may hold sockets to it.
      if (admin === client) {
        admin = undefined;
        connected = undefined;
      }
      client.disconnect().catch(() => undefined);
      throw error;
    }
  };
  return {
    check() {
      if (closed) return Promise.reject(new Error('closed'));
      inFlight ??= roundTrip().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    async close() {
      closed = true;
      // A round trip under way may still open a connection; let it settle first (the client's
      // connection and request timeouts bound it), so no socket outlives the probe.
      await inFlight?.catch(() => undefined);
      await admin?.disconnect().catch(() => undefined);
      admin = undefined;
    },
  };
}
