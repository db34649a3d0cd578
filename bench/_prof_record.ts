import { runReview } from './workloads/review.js';
await runReview({ keys: 2000, entries: 6000, movements: 1000, entriesVia: 'api' }, 'probe');
