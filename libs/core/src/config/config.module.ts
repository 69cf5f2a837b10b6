import { DynamicModule, Global, Module } from '@nestjs/common';
import { Configuration, LoadedSlices } from './config-slice';

// Global so that every module can provide the slices it reads (provideConfigSlice) without importing this one.
@Global()
@Module({})
export class ConfigModule {
  /** Holds the slices of a configuration read at start (`loadConfig`); each module provides the ones it reads. */
  static forRoot(config: Configuration): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: LoadedSlices, useValue: new LoadedSlices(Object.values(config)) }],
      exports: [LoadedSlices],
    };
  }
}
