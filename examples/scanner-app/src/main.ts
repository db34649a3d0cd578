/**
 * The scanner app: a counter signs in, picks a task and counts it (`count-screen.ts`). Every
 * string comes from the locale catalogs (`locales/`): English or Chinese, by the browser's
 * languages or the switch in the header.
 */
import { Api, Unreachable, type Session } from './api.js';
import { openTask } from './count-screen.js';
import { h, header, root } from './dom.js';
import { applyDocumentLocale, t } from './i18n.js';
import { openAppStore, type Store } from './idb.js';
import './style.css';

function deviceId(): string {
  let id = localStorage.getItem('stocktake.device');
  if (id === null) {
    const bytes = crypto.getRandomValues(new Uint8Array(4));
    id = `hh-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    localStorage.setItem('stocktake.device', id);
  }
  return id;
}

const apiBase = new URL('/', location.href);
const device = deviceId();

async function start(): Promise<void> {
  applyDocumentLocale();
  const store = await openAppStore();
  const counter = localStorage.getItem('stocktake.counter');
  if (counter === null) return showLogin(store);
  return showTasks(store, counter);
}

function showLogin(store: Store): void {
  const m = t();
  const input = h('input', { id: 'counter', name: 'counter', autocomplete: 'username', required: true, placeholder: m.counterPlaceholder });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: (event) => {
        event.preventDefault();
        const value = input.value.trim();
        if (value === '') return;
        localStorage.setItem('stocktake.counter', value);
        void showTasks(store, value);
      },
    },
    h('label', { for: 'counter' }, m.counter),
    input,
    h('button', { type: 'submit', class: 'primary' }, m.continue),
  );
  root.replaceChildren(header(m.signIn), form);
  input.focus();
}

async function showTasks(store: Store, counter: string): Promise<void> {
  const m = t();
  const api = new Api(apiBase, counter);
  const list = h('div', { class: 'tasks', 'data-testid': 'tasks' }, h('p', { class: 'muted' }, m.loadingTasks));
  const signOut = h('button', { class: 'link', onclick: () => (localStorage.removeItem('stocktake.counter'), sessionStorage.removeItem('stocktake.openTask'), showLogin(store)) }, m.signOut(counter));
  root.replaceChildren(header(m.chooseTask, signOut), list);
  let sessions: Session[];
  try {
    sessions = await api.countingSessions();
  } catch (error) {
    list.replaceChildren(
      h('p', { class: 'feedback error' }, error instanceof Unreachable ? m.serviceDown : String((error as Error).message)),
      h('button', { onclick: () => void showTasks(store, counter) }, m.tryAgain),
    );
    return;
  }
  const mine = sessions.flatMap((session) =>
    session.tasks
      .filter((task) => task.round === session.round && !task.excludedCounters.includes(counter) && (task.assignee === undefined || task.assignee === counter))
      .map((task) => ({ session, task })),
  );
  // After a reload (e.g. a language switch) the open task opens again.
  const open = JSON.parse(sessionStorage.getItem('stocktake.openTask') ?? 'null') as { sessionId: string; taskId: string } | null;
  const reopen = mine.find(({ session, task }) => session.id === open?.sessionId && task.id === open.taskId);
  if (reopen !== undefined) return openTask(store, api, counter, device, reopen.session, reopen.task);
  if (mine.length === 0) {
    list.replaceChildren(h('p', { class: 'muted' }, m.noTask), h('button', { onclick: () => void showTasks(store, counter) }, m.refresh));
    return;
  }
  list.replaceChildren(
    ...mine.map(({ session, task }) =>
      h(
        'button',
        { class: 'task', 'data-task': task.id, onclick: () => void openTask(store, api, counter, device, session, task) },
        h('strong', {}, session.name ?? session.id),
        h('span', {}, `${task.round > 1 ? m.recountRound(task.round) : ''}${task.locations.join(', ')}`),
      ),
    ),
  );
}

void start();
