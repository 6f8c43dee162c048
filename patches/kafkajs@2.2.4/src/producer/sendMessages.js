const { KafkaJSMetadataNotLoaded } = require('../errors')
const { staleMetadata } = require('../protocol/error')
const groupMessagesPerPartition = require('./groupMessagesPerPartition')
const createTopicData = require('./createTopicData')
const responseSerializer = require('./responseSerializer')

const { keys } = Object

/**
 * spotify-pipeline patch (patches/kafkajs@2.2.4): acknowledgements are tracked per
 * topic-partition, not per broker. Upstream kept one response per broker across retries; when a
 * leader died mid-send, its partitions moved to a broker that had already answered for others,
 * the retry skipped that broker, and send() resolved without ever sending those partitions'
 * messages (silent loss; tulios/kafkajs#1303). Messages are also grouped into partitions once per
 * send, so a retry sends each message to the partition it was first placed in; a partition
 * missing from the metadata is an error to retry, not left out; and a retry is planned only once
 * every request of the attempt has settled.
 *
 * @param {Object} options
 * @param {import("../../types").Logger} options.logger
 * @param {import("../../types").Cluster} options.cluster
 * @param {ReturnType<import("../../types").ICustomPartitioner>} options.partitioner
 * @param {import("./eosManager").EosManager} options.eosManager
 * @param {import("../retry").Retrier} options.retrier
 */
module.exports = ({ logger, cluster, partitioner, eosManager, retrier }) => {
  return async ({ acks, timeout, compression, topicMessages }) => {
    const expectResponse = acks !== 0
    /** "topic\0partition" -> the broker's response entries for it (empty with acks=0) */
    const responsePerPartition = new Map()
    /** topic -> { partition: messages }, fixed at the first attempt that has metadata */
    const messagesPerTopicPartition = new Map()
    const partitionKey = (topic, partition) => `${topic}\u0000${partition}`

    const createProducerRequests = async () => {
      await cluster.refreshMetadataIfNecessary()

      /** @type {Map<import("../../types").Broker, any[]>} */
      const requestsPerBroker = new Map()
      for (const { topic, messages } of topicMessages) {
        const partitionMetadata = cluster.findTopicPartitionMetadata(topic)

        if (partitionMetadata.length === 0) {
          logger.debug('Producing to topic without metadata', {
            topic,
            targetTopics: Array.from(cluster.targetTopics),
          })

          throw new KafkaJSMetadataNotLoaded('Producing to topic without metadata')
        }

        if (!messagesPerTopicPartition.has(topic)) {
          messagesPerTopicPartition.set(
            topic,
            groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner })
          )
        }
        const messagesPerPartition = messagesPerTopicPartition.get(topic)

        const pending = keys(messagesPerPartition).filter(
          partition => !responsePerPartition.has(partitionKey(topic, partition))
        )
        if (pending.length === 0) continue

        const partitionsPerLeader = cluster.findLeaderForPartitions(topic, pending)
        const placed = new Set(keys(partitionsPerLeader).flatMap(n => partitionsPerLeader[n]))
        const unplaced = pending.filter(p => !placed.has(parseInt(p, 10)))
        if (unplaced.length > 0) {
          // Upstream silently left out a partition missing from the metadata.
          throw new KafkaJSMetadataNotLoaded(
            `No leader known for partitions ${unplaced.join(',')} of ${topic}`
          )
        }

        for (const nodeId of keys(partitionsPerLeader)) {
          const broker = await cluster.findBroker({ nodeId })
          if (!requestsPerBroker.has(broker)) requestsPerBroker.set(broker, [])
          requestsPerBroker.get(broker).push({
            topic,
            partitions: partitionsPerLeader[nodeId],
            messagesPerPartition,
          })
        }
      }

      return Array.from(requestsPerBroker.entries()).map(async ([broker, topicDataForBroker]) => {
        const topicData = createTopicData(topicDataForBroker)

        await eosManager.acquireBrokerLock(broker)
        try {
          if (eosManager.isTransactional()) {
            await eosManager.addPartitionsToTransaction(topicData)
          }

          topicData.forEach(({ topic, partitions }) => {
            partitions.forEach(entry => {
              entry['firstSequence'] = eosManager.getSequence(topic, entry.partition)
              eosManager.updateSequence(topic, entry.partition, entry.messages.length)
            })
          })

          let response
          try {
            response = await broker.produce({
              transactionalId: eosManager.isTransactional()
                ? eosManager.getTransactionalId()
                : undefined,
              producerId: eosManager.getProducerId(),
              producerEpoch: eosManager.getProducerEpoch(),
              acks,
              timeout,
              compression,
              topicData,
            })
          } catch (e) {
            topicData.forEach(({ topic, partitions }) => {
              partitions.forEach(entry => {
                eosManager.updateSequence(topic, entry.partition, -entry.messages.length)
              })
            })
            throw e
          }

          const formattedResponse = expectResponse ? responseSerializer(response) : []
          topicData.forEach(({ topic, partitions }) => {
            partitions.forEach(({ partition }) => {
              responsePerPartition.set(
                partitionKey(topic, partition),
                formattedResponse.filter(r => r.topicName === topic && r.partition === partition)
              )
            })
          })
        } finally {
          await eosManager.releaseBrokerLock(broker)
        }
      })
    }

    return retrier(async (bail, retryCount, retryTime) => {
      const topics = topicMessages.map(({ topic }) => topic)
      await cluster.addMultipleTargetTopics(topics)

      try {
        const requests = await createProducerRequests()
        // Every request settles before a retry is planned: one still in flight would otherwise be
        // sent again beside itself (and its sequence numbers rolled back under the retry).
        const failed = (await Promise.allSettled(requests)).find(r => r.status === 'rejected')
        if (failed) throw failed.reason
        return Array.from(responsePerPartition.values()).flat()
      } catch (e) {
        if (e.name === 'KafkaJSConnectionClosedError') {
          cluster.removeBroker({ host: e.host, port: e.port })
        }

        if (!cluster.isConnected()) {
          logger.debug(`Cluster has disconnected, reconnecting: ${e.message}`, {
            retryCount,
            retryTime,
          })
          await cluster.connect()
          await cluster.refreshMetadata()
          throw e
        }

        // This is necessary in case the metadata is stale and the number of partitions
        // for this topic has increased in the meantime
        if (
          staleMetadata(e) ||
          e.name === 'KafkaJSMetadataNotLoaded' ||
          e.name === 'KafkaJSConnectionError' ||
          e.name === 'KafkaJSConnectionClosedError' ||
          (e.name === 'KafkaJSProtocolError' && e.retriable)
        ) {
          logger.error(`Failed to send messages: ${e.message}`, { retryCount, retryTime })
          await cluster.refreshMetadata()
          throw e
        }

        logger.error(`${e.message}`, { retryCount, retryTime })
        if (e.retriable) throw e
        bail(e)
      }
    })
  }
}
