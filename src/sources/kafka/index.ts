/** The Kafka activity source and its doctor checks. */
export { KafkaActivitySource, DEFAULT_MARGIN_MS, type KafkaActivitySourceOptions } from './source.js';
export { kafkaDoctor, type KafkaDoctorReport, type KafkaPartitionState } from './doctor.js';
export { DEFAULT_LIMITS, type KafkaLimits } from './client.js';
export type { ReadLimits } from './reader.js';
export { parseRfc3339 } from './event.js';
