/**
 * Worker thread entry: compiles the rules once, then analyzes the batches of files the pool sends and
 * streams each batch's outcomes back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RuleDefinition } from '../../rules/types.js';
import { createBatchAnalyzer, type FileOutcome, type FileTask } from './file-facts.js';

export interface WorkerInit {
  definitions: RuleDefinition[];
}

export interface BatchRequest {
  id: number;
  tasks: FileTask[];
}

export type BatchReply = { id: number; outcomes: FileOutcome[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  const analyze = createBatchAnalyzer((workerData as WorkerInit).definitions);
  port.on('message', (request: BatchRequest) => {
    let reply: BatchReply;
    try {
      reply = { id: request.id, outcomes: analyze(request.tasks) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
