import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AdminModule } from '@keyward/admin';
import {
  HealthModule,
  MetricsEndpointModule,
  MonitoringModule,
  ProblemDetailsFilter,
  RateLimitModule,
  StrictValidationPipe,
} from '@keyward/core';
import { SigningModule } from '@keyward/signing';
import { ServiceConfig } from './service-config';
import { serviceModules } from './service-modules';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      // Signing only in the API: CLI commands must not start gpg-agents or ask for passphrases. The admin panel
      // is a face of the API too.
      imports: [
        ...serviceModules(config),
        SigningModule,
        AdminModule,
        RateLimitModule,
        HealthModule,
        MetricsEndpointModule,
        MonitoringModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: StrictValidationPipe },
      ],
    };
  }
}
