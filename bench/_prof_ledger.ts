import { runLedger } from './workloads/ledger.js';
await runLedger({ lines: 50000, keys: 12500, runs: 1 }, 'probe');
