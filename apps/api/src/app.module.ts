import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import {
  AppConfig,
  ClockModule,
  ConfigModule,
  DatabaseModule,
  HealthModule,
  ProblemDetailsFilter,
  RateLimitModule,
  RedisModule,
  SessionStoreModule,
  StrictValidationPipe,
} from '@keyward/core';
import { IdentityModule } from '@keyward/identity';
import { persistence } from './persistence';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        DatabaseModule.forRoot(persistence),
        RedisModule,
        SessionStoreModule,
        RateLimitModule,
        HealthModule,
        IdentityModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: StrictValidationPipe },
      ],
    };
  }
}
