import type { ParseProgress } from '../../shared/sheet/ui';
import type { WorkerReply, WorkerRequest } from './sheet-protocol';

type Pending = {
  resolve: (r: WorkerReply) => void;
  reject: (e: Error) => void;
  onProgress?: (p: ParseProgress) => void;
};
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** Promise wrapper around the sheet worker: one request, one final reply (progress messages stream meanwhile). */
export function createSheetClient() {
  const worker = new Worker(new URL('./sheet-worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  worker.onmessage = (event: MessageEvent<WorkerReply>) => {
    const reply = event.data;
    const p = pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') {
      p.onProgress?.(reply.progress);
      return;
    }
    pending.delete(reply.id);
    if (reply.type === 'failed') p.reject(new Error(reply.message));
    else p.resolve(reply);
  };
  worker.onerror = (event) => {
    for (const p of pending.values()) p.reject(new Error(event.message || 'The sheet reader stopped unexpectedly'));
    pending.clear();
  };
  return {
    request(req: DistributiveOmit<WorkerRequest, 'id'>, onProgress?: (p: ParseProgress) => void): Promise<WorkerReply> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        const message = { ...req, id } as WorkerRequest;
        worker.postMessage(message, message.type === 'parse' ? [message.bytes] : []);
      });
    },
    terminate: () => worker.terminate(),
  };
}

export type SheetClient = ReturnType<typeof createSheetClient>;
