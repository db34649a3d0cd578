/** A small promise wrapper over the browser's IndexedDB: one transaction per call. */

/** Wraps an IndexedDB request in a promise. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** One database with a few object stores. */
export class Store {
  private constructor(private readonly db: IDBDatabase) {}

  /**
   * Opens (and creates or upgrades) the database.
   *
   * @param name - the database name
   * @param version - the schema version
   * @param upgrade - creates the object stores
   */
  static open(name: string, version: number, upgrade: (db: IDBDatabase) => void): Promise<Store> {
    const req = indexedDB.open(name, version);
    req.onupgradeneeded = () => upgrade(req.result);
    return request(req).then((db) => new Store(db));
  }

  private async run<T>(store: string, mode: IDBTransactionMode, work: (os: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const tx = this.db.transaction(store, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
    const result = await request(work(tx.objectStore(store)));
    await done;
    return result;
  }

  get<T>(store: string, key: IDBValidKey): Promise<T | undefined> {
    return this.run(store, 'readonly', (os) => os.get(key) as IDBRequest<T | undefined>);
  }

  getAll<T>(store: string, index?: string, query?: IDBValidKey | IDBKeyRange): Promise<T[]> {
    return this.run(store, 'readonly', (os) => (index === undefined ? os.getAll(query) : os.index(index).getAll(query)) as IDBRequest<T[]>);
  }

  put(store: string, value: unknown, key?: IDBValidKey): Promise<IDBValidKey> {
    return this.run(store, 'readwrite', (os) => os.put(value, key));
  }

  delete(store: string, key: IDBValidKey): Promise<undefined> {
    return this.run(store, 'readwrite', (os) => os.delete(key));
  }

  /** Deletes every record an index finds for a key. */
  async deleteAll(store: string, index: string, query: IDBValidKey | IDBKeyRange): Promise<void> {
    const keys = await this.run(store, 'readonly', (os) => os.index(index).getAllKeys(query));
    for (const key of keys) await this.delete(store, key);
  }

  count(store: string, index?: string, query?: IDBValidKey | IDBKeyRange): Promise<number> {
    return this.run(store, 'readonly', (os) => (index === undefined ? os.count(query) : os.index(index).count(query)));
  }
}

/**
 * The app's database: the outbox of unsent commands, the scan log, saved pipeline states and
 * the pipeline's changes since (version 2 added `changes`).
 */
export function openAppStore(): Promise<Store> {
  return Store.open('stocktake-scanner', 2, (db) => {
    if (!db.objectStoreNames.contains('outbox')) {
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('eventId', 'eventId');
      const scans = db.createObjectStore('scans', { keyPath: 'eventId' });
      scans.createIndex('task', 'taskKey');
      db.createObjectStore('state');
    }
    if (!db.objectStoreNames.contains('changes')) {
      const changes = db.createObjectStore('changes', { keyPath: 'seq', autoIncrement: true });
      changes.createIndex('task', 'taskKey');
    }
  });
}
