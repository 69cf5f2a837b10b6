import { Module } from '@nestjs/common';
import { provideConfigSlice } from '../config/config-slice';
import { Argon2Config } from '../config/platform-config';
import { Argon2Slots } from './argon2-slots';

/** The process's one Argon2Slots: identity and secrets import this module, and Nest makes one instance of it. */
@Module({
  providers: [
    provideConfigSlice(Argon2Config),
    { provide: Argon2Slots, inject: [Argon2Config], useFactory: (c: Argon2Config) => new Argon2Slots(c) },
  ],
  exports: [Argon2Slots],
})
export class Argon2SlotsModule {}
