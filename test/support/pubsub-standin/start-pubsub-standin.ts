import {
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { checkMessages, isTopicId, parseTopicName, type WireMessage } from './check-publish.js';
import { loadPublisherService } from './pubsub-protos.js';
import { faultError, type PublishFault, type StandinError, topicNotFound } from './pubsub-status.js';

/** One message as the stand-in received and stored it. */
export interface ReceivedMessage {
  project: string;
  /** The topic id (the last part of projects/p/topics/<id>). */
  topic: string;
  /** The payload as UTF-8 text (the bot sends JSON). */
  data: string;
  attributes: Record<string, string>;
  /** null when the message had none (proto3 sends ""). */
  orderingKey: string | null;
  /** The id the stand-in assigned and answered with. */
  messageId: string;
  publishTime: string;
}

/** Every Publish call, answered or refused, in order. */
export interface PublishCall {
  topic: string;
  messages: number;
  /** OK, or the gRPC status name it was refused with. */
  outcome: string;
}

export interface PubsubStandin {
  /** 127.0.0.1:<port>: what PUBSUB_EMULATOR_HOST names (plain gRPC, no credentials). */
  host: string;
  project: string;
  received: ReceivedMessage[];
  calls: PublishCall[];
  /** Every Publisher method called, in order (e.g. Publish, GetTopic, CreateTopic). */
  rpcs: string[];
  /** Creates a topic (in the stand-in's project unless another is named); Publish to any other is NOT_FOUND. */
  createTopic(topic: string, project?: string): void;
  /** The next `count` Publish calls (default 1) fail with `fault` before anything is stored. */
  failNext(fault: PublishFault, count?: number): void;
  /** Faults still to be answered. */
  faultsLeft(): number;
  close(): Promise<void>;
}

interface PublishRequest {
  topic: string;
  messages: WireMessage[];
}

/**
 * A Pub/Sub Publisher on loopback for the real @google-cloud/pubsub client (see README.md): Publish
 * and GetTopic, topics that exist only when the test created them, injected faults, and a record of
 * every message. Any other Publisher method is recorded and answered UNIMPLEMENTED.
 */
export async function startPubsubStandin(options: { project: string }): Promise<PubsubStandin> {
  const topics = new Set<string>();
  const received: ReceivedMessage[] = [];
  const calls: PublishCall[] = [];
  const rpcs: string[] = [];
  let fault: PublishFault | null = null;
  let faults = 0;
  let nextId = 1;

  const publish = (request: PublishRequest): string[] | StandinError => {
    const name = parseTopicName(request.topic);
    if ('code' in name) return name;
    if (faults > 0 && fault) {
      faults--;
      return faultError(fault, name.topic);
    }
    if (!topics.has(request.topic)) return topicNotFound(name.topic);
    const refused = checkMessages(request.messages);
    if (refused) return refused;
    const publishTime = new Date().toISOString();
    return request.messages.map((message) => {
      // Pub/Sub's ids are decimal strings, unique per topic; these are unique per stand-in.
      const messageId = String(10_000_000_000_000 + nextId++);
      received.push({
        ...name,
        data: message.data.toString('utf8'),
        attributes: { ...message.attributes },
        orderingKey: message.orderingKey === '' ? null : message.orderingKey,
        messageId,
        publishTime,
      });
      return messageId;
    });
  };

  const implemented: UntypedServiceImplementation = {
    Publish(call: ServerUnaryCall<PublishRequest, unknown>, callback: sendUnaryData<unknown>) {
      rpcs.push('Publish');
      const outcome = publish(call.request);
      const refused = !Array.isArray(outcome);
      calls.push({
        topic: call.request.topic,
        messages: call.request.messages.length,
        outcome: refused ? status[outcome.code] : 'OK',
      });
      if (refused) callback(outcome);
      else callback(null, { messageIds: outcome });
    },
    GetTopic(call: ServerUnaryCall<{ topic: string }, unknown>, callback: sendUnaryData<unknown>) {
      rpcs.push('GetTopic');
      const name = parseTopicName(call.request.topic);
      if ('code' in name) callback(name);
      else if (!topics.has(call.request.topic)) callback(topicNotFound(name.topic));
      else callback(null, { name: call.request.topic, labels: {} });
    },
  };

  // Every other method (CreateTopic above all: the bot must never call it) is refused and recorded.
  const service = loadPublisherService();
  const handlers: UntypedServiceImplementation = Object.fromEntries(
    Object.keys(service).map((method) => [
      method,
      implemented[method] ??
        ((_call: unknown, callback: sendUnaryData<unknown>) => {
          rpcs.push(method);
          callback({ code: status.UNIMPLEMENTED, details: `stand-in: ${method} is not implemented` });
        }),
    ]),
  );
  const server = new Server();
  server.addService(service, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

  return {
    host: `127.0.0.1:${port}`,
    project: options.project,
    received,
    calls,
    rpcs,
    createTopic(topic, project = options.project) {
      if (!isTopicId(topic)) throw new Error(`stand-in: ${topic} is not a valid Pub/Sub topic id`);
      topics.add(`projects/${project}/topics/${topic}`);
    },
    failNext(next, count = 1) {
      fault = next;
      faults = Math.max(0, Math.floor(count));
    },
    faultsLeft: () => faults,
    close: () =>
      new Promise<void>((resolve) => {
        // Graceful first (calls in flight finish); a client that keeps its channel open is cut off.
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
