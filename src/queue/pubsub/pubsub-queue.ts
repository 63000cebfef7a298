import { PubSub, type Topic } from '@google-cloud/pubsub';
import type { Clock } from '../../clock/clock.js';
import { BackfillError } from '../../domain/errors.js';
import type { Published, Queue, QueueMessage } from '../queue.js';
import { PUBLISH_RETRY, type PublishRetry, publishCallOptions } from './publish-retry.js';
import { translatePubsubError } from './translate-pubsub-error.js';

export interface PubsubQueueOptions {
  /** The project whose topics the bot publishes to (BACKFILL_GCP_PROJECT, else the catalog's). */
  project: string;
  /**
   * host:port of a Pub/Sub emulator (PUBSUB_EMULATOR_HOST), e.g. the test stand-in: the client then
   * speaks plain gRPC with no credentials, exactly as it does when it reads that variable itself.
   */
  emulatorHost?: string;
  clock: Clock;
  /** The client's own retry of one publish; default PUBLISH_RETRY (see there for why it is bounded). */
  retry?: PublishRetry;
}

/**
 * The queue on Google Pub/Sub. Topics must exist: the bot never creates one (a typo would otherwise
 * create a topic nobody subscribes to), and a missing one is reported by name. Delivery is at least
 * once: publishing a key again sends it again with a new message id, and consumers deduplicate on the
 * `message_key` attribute every envelope carries.
 */
export class PubsubQueue implements Queue {
  readonly kind = 'pubsub';
  private readonly client: PubSub;
  private readonly topics = new Map<string, Topic>();
  private closed = false;

  constructor(private readonly options: PubsubQueueOptions) {
    const { project, emulatorHost } = options;
    this.client = new PubSub({
      projectId: project,
      // Against an emulator the client still asks Google's auth library which universe it is in,
      // which looks for default credentials and probes the metadata server; naming the universe
      // skips that, so "no credentials" holds.
      ...(emulatorHost
        ? { apiEndpoint: emulatorHost, clientOptions: { universeDomain: 'googleapis.com' } }
        : {}),
    });
  }

  async publish(message: QueueMessage): Promise<Published> {
    const { project, clock } = this.options;
    if (this.closed)
      throw new BackfillError('QUEUE_FAILED', `the Pub/Sub queue (project ${project}) is closed`);
    const topic = this.topic(message.topic);
    const { orderingKey } = message;
    try {
      const messageId = await topic.publishMessage({
        data: Buffer.from(JSON.stringify(message.data)),
        attributes: message.attributes,
        ...(orderingKey ? { orderingKey } : {}),
      });
      return { ...message, messageId, publishedAt: clock.now().toISOString() };
    } catch (error) {
      if (orderingKey) await resumeAfterFailure(topic, orderingKey);
      throw translatePubsubError(error, { topic: message.topic, project });
    }
  }

  /** Sends what the client still batches, then closes its connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A batch that fails here fails its own publish calls; closing goes on.
    await Promise.all([...this.topics.values()].map((topic) => topic.flush().catch(() => {})));
    await this.client.close();
  }

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = this.client.topic(name, {
        messageOrdering: true,
        gaxOpts: publishCallOptions(this.options.retry ?? PUBLISH_RETRY),
      });
      this.topics.set(name, topic);
    }
    return topic;
  }
}

/**
 * With message ordering, a failed publish pauses its ordering key in the client: what is queued on
 * it fails too, so a re-run's later message cannot overtake the one that failed. The client's
 * documented contract is that the key stays paused until `resumePublishing` (older clients kept it
 * so; 5.3 drops the paused queue once it is empty). The relay retries the failed row itself, in
 * order, so the key is resumed for it. The client records the pause in a continuation that runs
 * after this rejection reached us: resuming one turn of the event loop later is not undone.
 */
async function resumeAfterFailure(topic: Topic, orderingKey: string): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  topic.resumePublishing(orderingKey);
}
