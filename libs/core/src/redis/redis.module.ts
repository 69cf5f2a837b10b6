import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { provideConfigSlice } from '../config/config-slice';
import { RedisConfig } from '../config/platform-config';
import { RedisConnection } from './redis-connection';

/** One Redis connection per process (none without REDIS_URL), shared by every module that imports this one. */
@Module({
  providers: [
    provideConfigSlice(RedisConfig),
    {
      provide: RedisConnection,
      inject: [RedisConfig],
      useFactory: async (c: RedisConfig) => {
        const connection = RedisConnection.connect(c.url, c.commandTimeoutMs);
        // Commands are refused while disconnected, so wait for the first connection instead of answering the
        // first requests 503; a Redis that is not there yet does not stop the start (the client keeps trying).
        if (!(await connection.ready(Math.max(c.commandTimeoutMs, 2000)))) {
          new Logger('Redis').warn('redis is not reachable yet; requests that need it answer 503 until it is');
        }
        return connection;
      },
    },
  ],
  exports: [RedisConnection],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(private readonly redis: RedisConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.close();
  }
}
