import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { CryptoRandom, Random } from './random';

@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: Random, useClass: CryptoRandom },
  ],
  exports: [Clock, Random],
})
export class ClockModule {}
