import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { ContextPortsModule } from './context-ports.module';

interface Binding {
  provide: abstract new (...args: never[]) => unknown;
  useExisting: new (...args: never[]) => unknown;
}

const portsDir = path.join(__dirname, '../../../libs/kernel/src/ports');

/** The abstract classes declared in libs/kernel/src/ports: every one is a port that some context offers. */
async function declaredPorts(): Promise<Function[]> {
  const files = await Promise.all(readdirSync(portsDir).map((file) => import(path.join(portsDir, file))));
  return files.flatMap((exports: Record<string, unknown>) =>
    Object.values(exports).filter((value): value is Function => typeof value === 'function'),
  );
}

describe('ContextPortsModule', () => {
  const bindings = Reflect.getMetadata(MODULE_METADATA.PROVIDERS, ContextPortsModule) as Binding[];
  const exported = Reflect.getMetadata(MODULE_METADATA.EXPORTS, ContextPortsModule) as Function[];

  it('binds and exports every port of libs/kernel/src/ports, once each', async () => {
    const ports = await declaredPorts();
    expect(ports.length).toBeGreaterThanOrEqual(6);
    expect(bindings.map((binding) => binding.provide).sort(byName)).toEqual([...ports].sort(byName));
    expect([...exported].sort(byName)).toEqual([...ports].sort(byName));
  });

  it('binds each port to a class that implements it', () => {
    for (const { provide, useExisting } of bindings) {
      expect([provide.name, useExisting.prototype instanceof provide]).toEqual([provide.name, true]);
    }
  });
});

function byName(a: Function, b: Function): number {
  return a.name.localeCompare(b.name);
}
