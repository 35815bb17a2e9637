import type { ReplyMessage, RequestMessage } from '../shared/protocol.js';

/** Sends a request to a worker and resolves with its reply, on a port of its own so replies never cross. */
export function messageWorker<R extends ReplyMessage>(
  worker: ServiceWorker,
  message: RequestMessage,
  timeout: number,
): Promise<R> {
  return new Promise((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    const timer = setTimeout(() => {
      port1.close();
      reject(new Error(`sw-isr: no answer to ${message.type}`));
    }, timeout);
    port1.onmessage = (event: MessageEvent<R>) => {
      clearTimeout(timer);
      port1.close();
      resolve(event.data);
    };
    worker.postMessage(message, [port2]);
  });
}
