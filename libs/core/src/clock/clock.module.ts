import { Module } from '@nestjs/common';
import { Clock, CryptoRandom, Random, SystemClock } from '@keyward/kernel';

/** The real Clock and Random, for the modules that import this one; unit tests pass fakes instead. */
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: Random, useClass: CryptoRandom },
  ],
  exports: [Clock, Random],
})
export class ClockModule {}
