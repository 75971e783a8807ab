// One ticketd per test file, like tests/e2e/harness.py: the binary from
// TICKETD_BIN, the console from TICKETD_CONSOLE, a fresh temporary data
// directory, 127.0.0.1:0, and an admin token in TICKETD_ADMIN_TOKEN.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const LISTEN_RE = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const proc of live) proc.kill('SIGKILL');
});

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run.sh needs TICKETD_BIN and TICKETD_CONSOLE)`);
  return value;
}

export interface ServerOptions {
  /** More flags for ticketd (e.g. --smtp-url). */
  args?: string[];
}

export class Server {
  readonly adminToken = 'e2e-admin-' + randomBytes(16).toString('hex');
  base = '';
  port = 0;
  private proc: ChildProcess | null = null;
  private dataDir = '';
  private stdout = '';
  private stderr = '';

  static async start(options: ServerOptions = {}): Promise<Server> {
    const server = new Server();
    try {
      await server.launch(options);
    } catch (e) {
      await server.cleanup();
      throw e;
    }
    return server;
  }

  private async launch(options: ServerOptions): Promise<void> {
    const bin = requiredEnv('TICKETD_BIN');
    const dist = requiredEnv('TICKETD_CONSOLE');
    if (!existsSync(bin)) throw new Error(`ticketd binary not found at ${bin} (TICKETD_BIN)`);
    if (!existsSync(join(dist, 'index.html'))) {
      throw new Error(`no index.html in ${dist} (TICKETD_CONSOLE): build the web_console target`);
    }
    this.dataDir = await mkdtemp(join(tmpdir(), 'ticketd-browser-'));
    const args = ['--data', this.dataDir, '--listen', '127.0.0.1:0', '--console', dist,
                  ...(options.args ?? [])];
    const proc = spawn(bin, args, {
      env: { ...process.env, TICKETD_ADMIN_TOKEN: this.adminToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    live.add(proc);
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-16_000);
    });
    proc.stdout!.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail('did not report listening within 20 s'), START_TIMEOUT_MS);
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`ticketd ${why}\ncommand: ${bin} ${args.join(' ')}\n` +
                         `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      };
      proc.on('error', (e) => fail(`could not start: ${e.message}`));
      proc.on('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
      proc.stdout!.on('data', (chunk: string) => {
        this.stdout = (this.stdout + chunk).slice(-16_000);
        const m = LISTEN_RE.exec(this.stdout);
        if (m && !this.port) {
          clearTimeout(timer);
          this.port = Number(m[1]);
          this.base = `http://127.0.0.1:${this.port}`;
          resolve();
        }
      });
    });
    proc.removeAllListeners('exit');
    proc.removeAllListeners('error');
  }

  /** What ticketd wrote to stderr (the last 16 KB), for failure messages. */
  stderrText(): string {
    return this.stderr;
  }

  /** The data directory ticketd runs on (DATA/checkpoints, DATA/keys, ...); stop() removes it. */
  get dataDirectory(): string {
    return this.dataDir;
  }

  /** SIGTERM, and ticketd must exit 0 within 10 s. Removes the data directory. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    try {
      if (!proc) return;
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) {
          resolve({ code: proc.exitCode, signal: proc.signalCode });
        } else {
          proc.once('exit', (code, signal) => resolve({ code, signal }));
        }
      });
      proc.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
      });
      const outcome = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      live.delete(proc);
      if (outcome === 'timeout') {
        proc.kill('SIGKILL');
        throw new Error(`ticketd did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`);
      }
      if (outcome.code !== 0) {
        throw new Error(`ticketd exited with code ${outcome.code} (signal ${outcome.signal}) ` +
                        `after SIGTERM, expected 0\nstderr:\n${this.stderr}`);
      }
    } finally {
      await this.cleanup();
    }
  }

  private async cleanup(): Promise<void> {
    if (this.proc) {
      this.proc.kill('SIGKILL');
      live.delete(this.proc);
      this.proc = null;
    }
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}
