/**
 * Worker thread entry: compiles the rules once, says it is ready, then analyzes the batches the pool
 * sends (whole files, or files the main thread read and found to need the full parse) and streams each
 * batch's outcomes back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RuleDefinition } from '../../rules/types.js';
import { analyzeParseTask, analyzeTask, compileRules, type FileOutcome, type FileTask, type ParseTask } from './file-facts.js';

export interface WorkerInit {
  definitions: RuleDefinition[];
}

/** A batch: whole files to read and analyze, or read files to parse and analyze. */
export interface BatchRequest {
  id: number;
  tasks?: FileTask[];
  parse?: ParseTask[];
}

export type WorkerReply = { ready: true } | { id: number; outcomes: FileOutcome[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  const rules = compileRules((workerData as WorkerInit).definitions);
  port.on('message', (request: BatchRequest) => {
    let reply: WorkerReply;
    try {
      const outcomes = (request.tasks ?? []).map((task) => analyzeTask(task, rules));
      for (const task of request.parse ?? []) outcomes.push(analyzeParseTask(task, rules));
      reply = { id: request.id, outcomes };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}
