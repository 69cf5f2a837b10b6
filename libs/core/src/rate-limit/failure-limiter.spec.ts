import { failureLimiterContract } from './failure-limiter.contract';
import { MemoryFailureLimiter } from './failure-limiter';

failureLimiterContract('memory', async () => ({ limiter: new MemoryFailureLimiter(), close: async () => undefined }));
