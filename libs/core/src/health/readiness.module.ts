import { Module } from '@nestjs/common';
import { Readiness } from './readiness';

/** The one Readiness of the application: HealthModule reports it, contexts (signing's gpg) add their checks. */
@Module({ providers: [Readiness], exports: [Readiness] })
export class ReadinessModule {}
