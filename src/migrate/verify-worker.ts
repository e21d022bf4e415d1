/**
 * Worker thread entry for verification: builds the programs of the projects it was given, then
 * answers the requests of `verify-projects.ts` (which files changed shape, which importers see a
 * difference, which diagnostics the change adds) for files of those projects.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigResolver, type ProjectConfig } from './verify-config.js';
import { LocalProjects, type WorkerInit, type WorkerReply, type WorkerRequest } from './verify-projects.js';

const port = parentPort;
if (port) {
  const init = workerData as WorkerInit;
  const configs = new ConfigResolver(init.boundary);
  const projects = new Map<ProjectConfig, string[]>();
  for (const roots of init.projects) if (roots[0] !== undefined) projects.set(configs.configFor(roots[0]), roots);
  const local = new LocalProjects(projects, new Map(init.overlay), configs);
  port.on('message', (request: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      if (request.op === 'reshaped') reply = { id: request.id, result: local.reshaped(request.files) };
      else if (request.op === 'judge') reply = { id: request.id, result: local.judge(request.files, request.mayDiffer, new Set(request.shaped)) };
      else reply = { id: request.id, result: local.compare(request.files) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply);
  });
}
