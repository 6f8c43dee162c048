/**
 * kafkajs warns on every producer that its default partitioner changed in v2.0; this project has
 * only ever used the new one, so the warning says nothing here. kafkajs reads the variable itself,
 * so it is set in the environment (here, the one module of the runtime that touches it).
 */
export function silenceKafkajsPartitionerWarning(): void {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
}
