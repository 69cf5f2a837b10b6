import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { provideConfigSlice } from './config-slice';
import { ConfigModule } from './config.module';
import { loadConfig } from './load-config';
import { DatabaseConfig, PlatformConfig } from './platform-config';

class GreetingConfig {
  static readonly variables = {};
  static fromVariables(_values: object, platform: PlatformConfig) {
    return new GreetingConfig({ dataDir: platform.runtime.dataDir });
  }

  declare readonly dataDir: string;

  constructor(fields: GreetingConfig) {
    Object.assign(this, fields);
  }
}

@Injectable()
class Greeter {
  constructor(readonly config: GreetingConfig) {}
}

/** A provider of another module that reads GreetingConfig. */
@Injectable()
class Eavesdropper {
  constructor(readonly config: GreetingConfig) {}
}

/** A context module as contexts write theirs: it provides its own slice and keeps it to itself. */
@Module({ providers: [provideConfigSlice(GreetingConfig), Greeter], exports: [Greeter] })
class GreetingModule {}

describe('ConfigModule and provideConfigSlice', () => {
  it("gives a module's providers the slice of its class from the configuration read at start", async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/srv/keyward' }, { greeting: GreetingConfig });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), GreetingModule],
      providers: [provideConfigSlice(DatabaseConfig)],
    }).compile();
    expect(moduleRef.get(Greeter).config).toBe(config.greeting);
    expect(moduleRef.get(DatabaseConfig)).toBe(config.database);
  });

  it('keeps the slice to the module that provides it', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/srv/keyward' }, { greeting: GreetingConfig });
    const compiling = Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), GreetingModule],
      providers: [Eavesdropper],
    }).compile();
    await expect(compiling).rejects.toThrow(/can't resolve dependencies of the Eavesdropper/);
  });

  it('says which slice is missing when the loaded configuration lacks it', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/srv/keyward' });
    const compiling = Test.createTestingModule({ imports: [ConfigModule.forRoot(config), GreetingModule] }).compile();
    await expect(compiling).rejects.toThrow(
      'GreetingConfig is not part of the loaded configuration; list it where loadConfig runs',
    );
  });
});
