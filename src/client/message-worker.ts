import { MESSAGE_META, type ReplyTo, type RequestMessage, type RequestOf } from '../shared/protocol.js';

/** A request as a page writes it: the protocol's tag is added here. `type` first, so that it fixes `T`. */
export type Request<T extends RequestMessage['type']> = { type: T } & Omit<RequestOf<T>, 'meta' | 'type'>;

/**
 * Sends a request to a worker and resolves with its reply (typed by the request), on a port of its own so replies
 * never cross. Rejects without a worker (no controller) and when no reply comes within `timeout` ms.
 */
export function messageWorker<T extends RequestMessage['type']>(
  worker: ServiceWorker | null | undefined,
  request: Request<T>,
  timeout: number,
): Promise<ReplyTo<T>> {
  return new Promise((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    // First, so that a missing worker rejects here (a TypeError) before a timer is set.
    worker!.postMessage({ ...request, meta: MESSAGE_META }, [port2]);
    const timer = setTimeout(() => {
      port1.close();
      reject(new Error(`sw-isr: no answer to ${request.type}`));
    }, timeout);
    port1.onmessage = (event: MessageEvent<ReplyTo<T>>) => {
      clearTimeout(timer);
      port1.close();
      resolve(event.data);
    };
  });
}
