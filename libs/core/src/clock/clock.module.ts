import { Global, Module } from '@nestjs/common';
import { Clock, CryptoRandom, Random, SystemClock } from '@keyward/kernel';

@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: Random, useClass: CryptoRandom },
  ],
  exports: [Clock, Random],
})
export class ClockModule {}
