// save / restore as the CLI runs them: the default path, atomic writes, and a file that did not restore cleanly kept
// aside before the first save can replace it.
import { HostError } from '../core/host-error.js';
import type { Host } from '../core/host.js';
import { captureSession } from './session-capture.js';
import { parseSession, restoreSession, type RestoreReport } from './session-restore.js';
import { keepAside, readText, writeAtomic } from './session-store.js';

export class SessionController {
  /** a file that restored with errors, to copy aside before it is first overwritten */
  private pendingAside: string | undefined;
  /** where the last copy aside went */
  keptAside: string | undefined;

  constructor(
    private readonly host: Host,
    public path: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** @throws HostError FILE */
  async save(path = this.path): Promise<string> {
    if (this.pendingAside === path) {
      this.keptAside = keepAside(path);
      this.pendingAside = undefined;
    }
    const session = await captureSession(this.host, this.now().toISOString());
    writeAtomic(path, `${JSON.stringify(session, null, 2)}\n`);
    return path;
  }

  /**
   * Restores what it can. A file that is not JSON (or not a session) restores nothing and is kept aside at once.
   * @throws HostError FILE (cannot read), SESSION (does not parse; nothing changed)
   */
  async restore(path = this.path): Promise<RestoreReport> {
    const text = readText(path);
    if (text === undefined) throw new HostError('FILE', `no session at ${path}`);
    let data;
    try {
      data = parseSession(text, path);
    } catch (err) {
      this.keptAside = keepAside(path);
      throw new HostError('SESSION', `${(err as Error).message}; nothing was restored (the file is kept as ${this.keptAside})`);
    }
    const report = await restoreSession(this.host, data);
    if (report.skipped.length > 0) this.pendingAside = path;
    return report;
  }
}
