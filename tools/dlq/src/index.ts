export {
  type DeadLetterRecord,
  matches,
  type ReplayFilter,
  toDeadLetterRecord,
} from './dead-letter-record.ts';
export { readDeadLetters } from './read-dead-letters.ts';
export { type ReplayReport, replayDeadLetters } from './replay.ts';
export { type ReasonSummary, summarizeByReason } from './summarize.ts';
