import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { provideConfigSlice } from '../config/config-slice';
import { DatabaseConfig } from '../config/platform-config';
import { createDataSource, DataSourceParts } from './create-data-source';

// Global by convention: the one DataSource serves every context's repositories and the platform's stores.
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  private static readonly logger = new Logger('Database');

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Provides an initialised DataSource (the class is the token); applies pending migrations when configured to. */
  static forRoot(parts: DataSourceParts): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        provideConfigSlice(DatabaseConfig),
        {
          provide: DataSource,
          inject: [DatabaseConfig],
          useFactory: async (config: DatabaseConfig) => {
            const dataSource = createDataSource(config, parts);
            await dataSource.initialize();
            if (config.migrateOnStart) {
              const applied = await dataSource.runMigrations({ transaction: 'each' });
              if (applied.length > 0) DatabaseModule.logger.log(`applied ${applied.length} migration(s)`);
            }
            return dataSource;
          },
        },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
