/**
 * BullMQ queues one program uses to coordinate with another. The enrichment pauses the poller's
 * queue on a 429 and obeys it when it is paused, so both must name the same queue.
 */
export const POLL_QUEUE_NAME = 'poller-poll';
