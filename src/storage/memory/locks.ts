/**
 * The in-memory adapter's locks: the same two levels as the PostgreSQL adapter's advisory locks.
 * A store lock, held shared by partition and catalog writers and exclusively by store writers
 * and readers; a catalog lock, held shared by partition writers and exclusively by catalog
 * writers; one exclusive lock per partition, taken in sorted order.
 *
 * @internal
 * @module
 */
import type { ResolvedWriteScope } from '../scope.js';

/**
 * A readers/writer lock that serves requests in arrival order: a writer waits for the holders
 * before it, and readers that come after a waiting writer wait behind it (no writer starves).
 *
 * @internal
 */
export class RwLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Array<{ readonly exclusive: boolean; readonly grant: () => void }> = [];

  /** Waits for the lock, shared or exclusive; resolves to the function that releases it. */
  acquire(exclusive: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      this.queue.push({ exclusive, grant: () => resolve(this.releaser(exclusive)) });
      this.pump();
    });
  }

  private releaser(exclusive: boolean): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.writer = false;
      else this.readers--;
      this.pump();
    };
  }

  private pump(): void {
    for (;;) {
      const next = this.queue[0];
      if (next === undefined || this.writer) return;
      if (next.exclusive && this.readers > 0) return;
      this.queue.shift();
      if (next.exclusive) this.writer = true;
      else this.readers++;
      next.grant();
      if (next.exclusive) return;
    }
  }
}

/**
 * Every lock of one in-memory store.
 *
 * @internal
 */
export class MemoryLocks {
  private readonly store = new RwLock();
  private readonly catalog = new RwLock();
  private readonly partitions = new Map<string, RwLock>();

  /**
   * Takes the locks a transaction needs, always in the same order (store, catalog, partitions
   * sorted), so transactions never wait for each other in a cycle.
   *
   * @param scope - the writer's scope, or `'read'` for a read-only transaction: in memory there
   *   are no snapshots, so a reader waits for the writers (and they for it), as before partitions
   * @returns the function that releases them all
   */
  async acquire(scope: ResolvedWriteScope | 'read'): Promise<() => void> {
    const held: Array<() => void> = [];
    if (scope === 'read' || scope.kind === 'store') {
      held.push(await this.store.acquire(true));
    } else {
      held.push(await this.store.acquire(false));
      held.push(await this.catalog.acquire(scope.kind === 'catalog'));
      if (scope.kind === 'partitions') {
        for (const name of scope.partitions) held.push(await this.partition(name).acquire(true));
      }
    }
    return () => {
      for (let i = held.length - 1; i >= 0; i--) held[i]!();
    };
  }

  private partition(name: string): RwLock {
    let lock = this.partitions.get(name);
    if (!lock) this.partitions.set(name, (lock = new RwLock()));
    return lock;
  }
}
