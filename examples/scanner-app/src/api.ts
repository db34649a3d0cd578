/** The ERP service's HTTP API as the scanner app uses it. */
import type { ScanCatalogItem, ScanCountEntry } from 'stocktake/scanner';

/** A problem details body (see the service's problem.ts). */
export interface Problem {
  readonly code: string;
  readonly detail: string;
  readonly status: number;
  readonly path?: ReadonlyArray<string | number>;
}

/** The service answered with an error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
  }
}

/** The service did not answer (offline, or it is down): try again later. */
export class Unreachable extends Error {}

export interface Item extends ScanCatalogItem {
  readonly name?: string;
}

export interface Task {
  readonly id: string;
  readonly round: number;
  readonly locations: readonly string[];
  readonly assignee?: string;
  readonly excludedCounters: readonly string[];
}

export interface Session {
  readonly id: string;
  readonly name?: string;
  readonly state: string;
  readonly round: number;
  readonly tasks: readonly Task[];
}

/** A key the sheet expects at a location (blind: no book quantity). */
export interface SheetKey {
  readonly key: { readonly sku: string; readonly location: string; readonly lot?: string; readonly serial?: string };
  readonly name?: string;
  readonly uom: string;
}

export interface Sheet {
  readonly sessionId: string;
  readonly task: Task;
  readonly locations: ReadonlyArray<{ readonly location: string; readonly done: boolean; readonly keys: readonly SheetKey[] }>;
}

export interface EntryResult {
  readonly index: number;
  readonly entryId?: string;
  readonly result: 'created' | 'exists' | 'exists_with_different_payload' | 'error';
  readonly problem?: Problem;
}

/** A client for one service and one counter. */
export class Api {
  constructor(
    private readonly base: URL,
    private readonly actor: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path.replace(/^\//, ''), this.base), {
        method,
        cache: 'no-store',
        headers: { 'x-actor': this.actor, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new Unreachable('The service does not answer');
    }
    // A gateway error or unavailable storage: the command did not land, send it again later.
    if (response.status === 502 || response.status === 503 || response.status === 504) throw new Unreachable(`HTTP ${response.status}`);
    if (!response.ok) {
      const problem = (await response.json().catch(() => undefined)) as Problem | undefined;
      throw new ApiError(response.status, problem);
    }
    return (await response.json()) as T;
  }

  items(): Promise<Item[]> {
    return this.call('GET', '/items');
  }

  countingSessions(): Promise<Session[]> {
    return this.call('GET', '/counts?state=counting');
  }

  sheet(sessionId: string, taskId: string): Promise<Sheet> {
    return this.call('GET', `/counts/${encodeURIComponent(sessionId)}/tasks/${encodeURIComponent(taskId)}/sheet`);
  }

  async recordEntries(sessionId: string, entries: readonly ScanCountEntry[]): Promise<EntryResult[]> {
    const { results } = await this.call<{ results: EntryResult[] }>('POST', `/counts/${encodeURIComponent(sessionId)}/entries`, { entries });
    return results;
  }

  voidEntry(sessionId: string, body: { entryId: string; target: string; reason: string }): Promise<unknown> {
    return this.call('POST', `/counts/${encodeURIComponent(sessionId)}/voids`, body);
  }

  completeLocation(sessionId: string, location: string): Promise<unknown> {
    return this.call('POST', `/counts/${encodeURIComponent(sessionId)}/locations/${encodeURIComponent(location)}/complete`, {});
  }
}
