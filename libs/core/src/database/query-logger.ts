import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeormLogger } from 'typeorm';

/**
 * TypeORM's own loggers print query parameters, which hold password hashes, token hashes and emails.
 * This one logs SQL text only (parameters are placeholders), through the service's structured logger.
 * Failed queries are debug-level: the ones that matter surface as errors with the request id anyway.
 */
export class QueryLogger implements TypeormLogger {
  private readonly logger = new NestLogger('Database');

  constructor(private readonly logQueries: boolean) {}

  logQuery(query: string): void {
    if (this.logQueries) this.logger.debug(`query: ${query}`);
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug(`query failed (${error instanceof Error ? error.message : error}): ${query}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
