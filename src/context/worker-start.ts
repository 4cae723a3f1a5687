/**
 * Starting a worker thread, the one way both of the context's workers start
 * (hash-pool's hash workers, fresh-rows' row checker). I/O edge.
 */
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { errorCode } from '../lang/error-code.js';

/**
 * A worker with the parent's flags where a worker accepts them (--cpu-prof, say), else with none:
 * `--input-type` or `--eval` would stop a file-based worker, and a per-process V8 flag
 * (--max-semi-space-size, ...) makes the constructor throw ERR_WORKER_INVALID_EXEC_ARGV.
 * Throws where no worker can start.
 */
export function startWorkerThread(script: URL | string, options: Omit<WorkerOptions, 'execArgv'> = {}): Worker {
  // Loaded here, not at start-up: node:worker_threads costs milliseconds a small context never needs.
  const WorkerThread = process.getBuiltinModule('node:worker_threads').Worker;
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type') && !a.startsWith('--eval') && a !== '-e');
  try {
    return new WorkerThread(script, { ...options, execArgv });
  } catch (err) {
    if (execArgv.length === 0 || errorCode(err) !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
    return new WorkerThread(script, { ...options, execArgv: [] });
  }
}
