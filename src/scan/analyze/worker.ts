/**
 * Worker thread entry: loads the analysis code (and with it the compiler) at once, even before it
 * knows the rules, so a worker started ahead of the work (see `worker-start.ts`) is ready when the
 * files are. The pool then sends the rules; the worker compiles them, says it is ready, analyzes the
 * batches the pool sends (whole files, or files the main thread read and found to need the full
 * parse) and streams each batch's outcomes back.
 */
import { parentPort } from 'node:worker_threads';
import type { RuleDefinition } from '../../rules/types.js';
import { analyzeParseTask, analyzeTask, compileRules, type CompiledRules, type FileOutcome, type FileTask, type ParseTask } from './file-facts.js';

export interface WorkerInit {
  definitions: RuleDefinition[];
}

/** A batch: whole files to read and analyze, or read files to parse and analyze. */
export interface BatchRequest {
  id: number;
  tasks?: FileTask[];
  parse?: ParseTask[];
}

/** What the pool sends: the rules (first, once), then batches. */
export type WorkerRequest = { init: WorkerInit } | BatchRequest;

export type WorkerReply = { ready: true } | { id: number; outcomes: FileOutcome[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  let rules: CompiledRules | undefined;
  port.on('message', (request: WorkerRequest) => {
    if ('init' in request) {
      rules = compileRules(request.init.definitions);
      port.postMessage({ ready: true } satisfies WorkerReply);
      return;
    }
    let reply: WorkerReply;
    try {
      if (!rules) throw new Error('batch before the rules');
      const outcomes = (request.tasks ?? []).map((task) => analyzeTask(task, rules!));
      for (const task of request.parse ?? []) outcomes.push(analyzeParseTask(task, rules));
      reply = { id: request.id, outcomes };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
